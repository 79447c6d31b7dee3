using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Linq;
using System.Threading.Tasks;

namespace Fxs.Bench;

/// <summary>
/// multimon-ng's DTMF demodulator (Debian package multimon-ng) as a peer, run as a process on the very samples the
/// other receivers get. multimon-ng reads raw signed 16-bit native-endian mono at 22,050 Hz only (its DTMF
/// demodulator's rate; <c>-t wav</c> only makes it call sox to that end), so the bench resamples the 8 kHz signal
/// exactly and deterministically in process (<see cref="Resampler"/>, band-limited) and pipes it into
/// <c>multimon-ng -q -c -a DTMF -t raw -</c>, reading its <c>DTMF: d</c> lines. It reports no time, so it is scored
/// by sequence alignment (<see cref="HasTiming"/> false). A fresh process for every signal (fresh state, like the others).
/// </summary>
public sealed class MultimonDtmfDecoder : IDtmfDecoderUnderTest
{
    /// <summary>The tool (Debian package multimon-ng).</summary>
    public const string Tool = "multimon-ng";

    /// <summary>multimon-ng's input rate, Hz (raw input must be at the demodulator's rate).</summary>
    public const int InputSampleRate = 22050;

    /// <summary>multimon-ng's arguments: quiet, DTMF only, raw from stdin.</summary>
    public static readonly IReadOnlyList<string> Arguments = new[] { "-q", "-c", "-a", "DTMF", "-t", "raw", "-" };

    private static readonly Resampler s_toInputRate = new(DtmfSignal.SampleRate, InputSampleRate);

    public string Name => Tool;

    /// <summary>Not measurable in-process (a separate process); 0.</summary>
    public int StateBytes => 0;

    public bool HasTiming => false;

    /// <summary>Throws <see cref="BenchEnvironmentException"/> naming the Debian package when multimon-ng is missing.</summary>
    public static void EnsureAvailable()
    {
        bool found = Environment.GetEnvironmentVariable("PATH")?.Split(':')
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, Tool))) ?? false;
        if (!found) { throw new BenchEnvironmentException($"{Tool} not found: apt-get install multimon-ng"); }
    }

    /// <summary>multimon-ng's version line (from its usage text, which it prints on stderr).</summary>
    public static string Version()
    {
        var psi = new ProcessStartInfo(Tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-h");
        try
        {
            using Process p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            foreach (string line in (err + "\n" + stdout.Result).Split('\n'))
            {
                if (line.StartsWith(Tool, StringComparison.Ordinal)) { return line.Trim(); }
            }
            return Tool;
        }
        catch (Win32Exception e) { throw new BenchEnvironmentException($"{Tool} not found: apt-get install multimon-ng", e); }
    }

    /// <summary>Decodes a whole signal; each digit's onset and end are its index (there is no timing).</summary>
    public IReadOnlyList<DecodedDigit> Decode(short[] samples)
    {
        var psi = new ProcessStartInfo(Tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.ASCII,
        };
        foreach (string a in Arguments) { psi.ArgumentList.Add(a); }
        short[] resampled = s_toInputRate.Process(samples);
        Process p;
        try { p = Process.Start(psi) ?? throw new BenchEnvironmentException($"{Tool} could not be started: apt-get install multimon-ng"); }
        catch (Win32Exception e) { throw new BenchEnvironmentException($"{Tool} not found: apt-get install multimon-ng", e); }
        using (p)
        {
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            try
            {
                var bytes = new byte[resampled.Length * 2];
                Buffer.BlockCopy(resampled, 0, bytes, 0, bytes.Length); // little-endian hosts (x86-64, arm64): native = s16le
                using (Stream stdin = p.StandardInput.BaseStream) { stdin.Write(bytes, 0, bytes.Length); }
            }
            catch (IOException) { /* multimon-ng died early: its exit code and stderr say why below */ }
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Tool} {string.Join(' ', Arguments)} failed ({p.ExitCode}): {stderr.Result.Trim()}");
            }
            return Parse(stdout.Result);
        }
    }

    /// <summary>The digits of multimon-ng's output (<c>DTMF: 5</c> lines), in order.</summary>
    public static IReadOnlyList<DecodedDigit> Parse(string output)
    {
        var digits = new List<DecodedDigit>();
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.Trim();
            if (!line.StartsWith("DTMF:", StringComparison.Ordinal)) { continue; }
            string d = line.Substring(5).Trim();
            if (d.Length == 1) { digits.Add(new DecodedDigit(char.ToUpperInvariant(d[0]), digits.Count, digits.Count + 1)); }
        }
        return digits;
    }
}
