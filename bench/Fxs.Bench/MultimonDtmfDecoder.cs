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
/// demodulator's rate; <c>-t wav</c> makes it call sox to the same end), so the bench pipes the 8 kHz signal through
/// <c>sox -D -t raw -r 8000 … -r 22050 -</c> (sox's default high-quality linear-phase band-limited resampler;
/// <c>-D</c>: no dither, so the conversion is the same on every run) into <c>multimon-ng -q -c -a DTMF -t raw -</c>
/// and reads its <c>DTMF: d</c> lines. It reports no time, so it is scored by sequence alignment
/// (<see cref="HasTiming"/> false). The process starts fresh for every signal (fresh state, like the others).
/// </summary>
public sealed class MultimonDtmfDecoder : IDtmfDecoderUnderTest
{
    /// <summary>The tool (Debian package multimon-ng).</summary>
    public const string Tool = "multimon-ng";

    /// <summary>multimon-ng's input rate, Hz (raw input must be at the demodulator's rate).</summary>
    public const int InputSampleRate = 22050;

    /// <summary>The shell pipeline: 8 kHz raw on stdin, multimon-ng's lines on stdout.</summary>
    public static readonly string Pipeline =
        $"set -o pipefail; sox -D -V1 -t raw -r {DtmfSignal.SampleRate} -e signed-integer -b 16 -c 1 - -t raw -r {InputSampleRate} -e signed-integer -b 16 -c 1 - "
        + $"| {Tool} -q -c -a DTMF -t raw -";

    public string Name => Tool;

    /// <summary>Not measurable in-process (a separate process); 0.</summary>
    public int StateBytes => 0;

    public bool HasTiming => false;

    /// <summary>Throws <see cref="BenchEnvironmentException"/> naming the Debian package when multimon-ng or sox is missing.</summary>
    public static void EnsureAvailable()
    {
        foreach (string tool in new[] { Tool, ExternalTools.Sox })
        {
            bool found = Environment.GetEnvironmentVariable("PATH")?.Split(':')
                .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool))) ?? false;
            if (!found) { throw new BenchEnvironmentException($"{tool} not found: apt-get install {(tool == Tool ? "multimon-ng" : "sox")}"); }
        }
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
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.ASCII,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Pipeline);
        Process p;
        try { p = Process.Start(psi) ?? throw new BenchEnvironmentException("bash could not be started"); }
        catch (Win32Exception e) { throw new BenchEnvironmentException("bash not found", e); }
        using (p)
        {
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            try
            {
                var bytes = new byte[samples.Length * 2];
                Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length); // little-endian hosts (x86-64, arm64): native = s16le
                using (Stream stdin = p.StandardInput.BaseStream) { stdin.Write(bytes, 0, bytes.Length); }
            }
            catch (IOException) { /* the pipeline died early: its exit code and stderr say why below */ }
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                string why = stderr.Result.Trim();
                if (p.ExitCode == 127) { throw new BenchEnvironmentException($"{why} (apt-get install multimon-ng sox)"); }
                throw new InvalidOperationException($"{Pipeline} failed ({p.ExitCode}): {why}");
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
