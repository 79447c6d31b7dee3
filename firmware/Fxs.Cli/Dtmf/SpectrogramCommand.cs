using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using Fxs.Cli.Audio;
using Fxs.Cli.Pictures;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Cli.Dtmf;

// `fxs dtmf spectrogram FILE.wav --out FILE.png`: the recording's spectrogram with the digits the
// firmware's receiver decided marked on it (same input rules as `fxs dtmf decode`). stdout gets
// the same "<onset_ms> <digit>" lines as decode, so the picture and the text always agree. Candidate
// keys the receiver refused (its trace: windows whose rule is not "hit", away from decided digits) are
// marked in orange with the rule that refused them, so "why was my key not heard" is answered on sight.
public static class SpectrogramCommand
{
    // Longer recordings make an unreadable picture; the engineer can cut the file with sox.
    private const int MaxSeconds = 600;
    private const int SampleRate = LineTime.SampleRateHz;  // Hz, the line's
    private const int SamplesPerMs = 8;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { HelpName = "FILE.wav", Description = "Recording: " + WavFormatText.Rate + " mono WAV, 16-bit PCM, µ-law or A-law (stereo with --channel)." };
        Option<string?> channel = CommonOptions.Channel();
        var output = new Option<FileInfo>("--out")
        {
            HelpName = "F.png",
            Description = "Picture to write, its format by the name's extension: " + Spectrogram.Extensions + ".",
            Required = true,
        };
        var width = new Option<int>("--width") { Description = "Picture width in pixels (default: 120 per second drawn, 800..4000).", DefaultValueFactory = _ => 0 };
        var from = new Option<double?>("--from") { HelpName = "SECONDS", Description = "Draw from this time of the file (default: its start); the digits are decided over the whole file, as decode does." };
        var to = new Option<double?>("--to") { HelpName = "SECONDS", Description = "Draw up to this time of the file (default: its end)." };
        var command = new Command("spectrogram",
            "Draw the recording's spectrogram (0-4 kHz, colour scale in dBm0 of a sine, -90 to +3) with the DTMF row and column "
            + "frequencies labelled, each decided digit marked with its row and column tones' mean levels (dBm0, as decode --json), "
            + "and the file's format in the title; print the digits of the whole file as decode does. "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.OutputFailed));
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(width);
        command.Options.Add(channel);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Validators.Add(r =>
        {
            double? start = r.GetValue(from), stop = r.GetValue(to);
            if (start < 0) { r.AddError("--from " + Seconds(start!.Value) + ": a time in the file, 0 or more seconds."); }
            if (stop <= (start ?? 0)) { r.AddError("--to " + Seconds(stop!.Value) + ": must be after --from (" + Seconds(start ?? 0) + " s)."); }
            string? name = r.GetValue(output)?.ToString();
            if (name is not null && !Spectrogram.CanWrite(name))
            {
                r.AddError("--out " + name + ": cannot write a picture named so; the extension says the format: " + Spectrogram.Extensions + ".");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(file)!.ToString(), AudioChannels.Parse(parse.GetValue(channel)), parse.GetValue(output)!.ToString(), parse.GetValue(width),
            parse.GetValue(from), parse.GetValue(to), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);

    private static int Run(string path, AudioChannel channel, string png, int width, double? fromSeconds, double? toSeconds, TextWriter stdout, TextWriter stderr)
    {
        short[] samples;
        string formatLine;
        try
        {
            using var reader = LineAudioReader.Open(path, channel);
            formatLine = reader.FormatLine;
            samples = ReadAll(reader, path);
        }
        catch (InputRejectedException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            stderr.WriteLine(path + ": read failed (" + e.Message + ")");
            return ExitCodes.BadInput;
        }

        var collector = new Collector();
        var receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), collector) { Trace = collector };
        receiver.Process(samples, 0, samples.Length);
        receiver.Flush();
        foreach (Spectrogram.Digit d in collector.Digits) { stdout.WriteLine((d.OnsetSample / SamplesPerMs) + " " + d.Key); }
        var spans = new List<(long, long)>();
        foreach (Spectrogram.Digit d in collector.Digits) { spans.Add((d.OnsetSample, d.EndSample)); }
        var refused = new List<Spectrogram.Refused>();
        foreach (RefusedCandidates.Candidate c in RefusedCandidates.Group(collector.Windows, spans))
        {
            refused.Add(new Spectrogram.Refused(c.Key + " " + DtmfRuleNames.Of(c.Rule), c.StartSample, c.EndSample));
        }

        double fileSeconds = samples.Length / (double)SampleRate;
        long first = (long)((fromSeconds ?? 0) * SampleRate);
        long last = toSeconds is double t ? System.Math.Min(samples.Length, (long)(t * SampleRate)) : samples.Length;
        if (first >= samples.Length)
        {
            stderr.WriteLine(path + ": --from " + Seconds(fromSeconds!.Value) + " s is past the end of the recording ("
                + fileSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s)");
            return ExitCodes.BadInput;
        }
        short[] drawn = first == 0 && last == samples.Length ? samples : samples[(int)first..(int)last];
        double seconds = drawn.Length / (double)SampleRate;
        int pixels = width > 0 ? width : (int)System.Math.Clamp(seconds * 120, 800, 4000);
        try
        {
            string title = Path.GetFileName(path) + ": " + collector.Digits.Count + " digit(s) decided, "
                + refused.Count + " candidate(s) refused";
            Spectrogram.Save(png, title, formatLine, drawn, first, collector.Digits, refused, pixels, 480);
        }
        catch (System.Exception e) when (e is IOException || e is System.UnauthorizedAccessException)
        {
            stderr.WriteLine(png + ": cannot write the picture (" + e.Message + ")");
            return ExitCodes.OutputFailed;
        }
        stderr.WriteLine(png + ": " + pixels + "x480, " + (first / (double)SampleRate).ToString("F1", CultureInfo.InvariantCulture) + "-"
            + (last / (double)SampleRate).ToString("F1", CultureInfo.InvariantCulture) + " s of " + formatLine);
        foreach (Spectrogram.Refused r in refused)
        {
            stderr.WriteLine(png + ": refused " + r.Label + " at " + (r.StartSample / SamplesPerMs) + "-" + (r.EndSample / SamplesPerMs) + " ms");
        }
        return ExitCodes.Ok;
    }

    private static short[] ReadAll(LineAudioReader reader, string path)
    {
        var all = new List<short>();
        var chunk = new short[LineAudioReader.BlockSamples];
        int n;
        while ((n = reader.Read(chunk)) > 0)
        {
            all.AddRange(new System.ArraySegment<short>(chunk, 0, n));
            if (all.Count > MaxSeconds * SampleRate)
            {
                throw new InputRejectedException(path + ": longer than " + MaxSeconds + " s; cut it first, e.g. sox " + path + " part.wav trim 0 60");
            }
        }
        return all.ToArray();
    }

    // Refused windows for the orange bars; hit windows for each digit's levels (DigitMeans, as decode --json).
    private sealed class Collector : IDtmfListener, IDtmfTraceListener
    {
        public readonly List<Spectrogram.Digit> Digits = new();
        public readonly List<TracedWindow> Windows = new();
        private readonly List<TracedWindow> _hits = new();

        public void Window(DtmfWindowTrace window)
        {
            if (window.Rule != DtmfRule.Hit) { Windows.Add(TracedWindow.Of(window)); }
            else { _hits.Add(TracedWindow.Of(window)); }
        }

        public void DigitStarted(char digit, long onsetSample) { }

        public void DigitEnded(char digit, long onsetSample, long endSample)
        {
            DigitMeans m = DigitMeans.Of(digit, onsetSample, endSample, _hits);
            Digits.Add(new Spectrogram.Digit(digit, onsetSample, endSample, m.RowDbm0, m.ColumnDbm0));
            _hits.RemoveAll(w => w.EndSample <= endSample); // a later window may already belong to the next key
        }
    }
}
