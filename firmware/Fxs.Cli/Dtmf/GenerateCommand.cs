using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using Fxs.Cli.Audio;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

// `fxs dtmf generate`: a DTMF test signal as a WAV, made by the core's generator, with optional level,
// twist, frequency offset and white noise, for checking a receiver (ours on the bench, or a peer's).
public static class GenerateCommand
{
    // Per-tone level limits, dBm0. +3 dBm0 is G.711's ceiling (µ-law +3.17, A-law +3.14).
    private const double MaxLevel = 3.0;
    private const double MinLevel = -90.0;
    private const double MaxOffsetPercent = 20.0;
    private const int MaxMs = 3_600_000;

    public static Command Create()
    {
        var digits = new Option<string>("--digits")
        {
            HelpName = "DIGITS",
            Description = "Digits to send, from 0-9 * # A-D (quote * and # for the shell).",
            Required = true,
        };
        digits.Validators.Add(r =>
        {
            string? value = r.GetValueOrDefault<string>();
            if (string.IsNullOrEmpty(value))
            {
                r.AddError("--digits is empty.");
                return;
            }
            foreach (char c in value)
            {
                if (DtmfDigits.RowOf(c) < 0)
                {
                    r.AddError("--digits: '" + c + "' is not a DTMF digit (0-9 * # A-D).");
                    return;
                }
            }
        });
        var output = new Option<FileInfo>("--out")
        {
            HelpName = "FILE.wav",
            Description = "WAV file to write (" + WavFormatText.Rate + " mono).",
            Required = true,
        };
        var level = new Option<double>("--level")
        {
            HelpName = "DBM0",
            Description = "Level of each tone, dBm0 (mean of the two when --twist is set).",
            DefaultValueFactory = _ => -20.0,
        };
        var twist = new Option<double>("--twist")
        {
            HelpName = "DB",
            Description = "High-group level minus low-group level, dB, split evenly around --level: "
                + "low = level - twist/2, high = level + twist/2.",
            DefaultValueFactory = _ => 0.0,
        };
        var lowLevel = new Option<double?>("--low-level")
        {
            HelpName = "DBM0",
            Description = "Low-group (row) tone level, dBm0; overrides --level/--twist for that tone.",
        };
        var highLevel = new Option<double?>("--high-level")
        {
            HelpName = "DBM0",
            Description = "High-group (column) tone level, dBm0; overrides --level/--twist for that tone.",
        };
        var toneMs = MsOption("--tone-ms", "Duration of each digit's tone, ms.", 50, 1);
        var pauseMs = MsOption("--pause-ms", "Silence between digits, ms.", 50, 0);
        var leadMs = MsOption("--lead-ms", "Silence before the first digit and after the last, ms.", 100, 0);
        var snr = new Option<double?>("--snr")
        {
            HelpName = "DB",
            Description = "Add white Gaussian noise: SNR in dB = power of one tone (the weaker) over noise power "
                + "in 0-4 kHz. No noise if omitted.",
        };
        var seed = new Option<int>("--seed")
        {
            HelpName = "N",
            Description = "Noise seed; the same seed gives the same file.",
            DefaultValueFactory = _ => 1,
        };
        var offsetLow = OffsetOption("--offset-low", "Low-group frequency offset, percent (e.g. 1.5 or -1.5).");
        var offsetHigh = OffsetOption("--offset-high", "High-group frequency offset, percent.");
        var encoding = new Option<string>("--encoding")
        {
            HelpName = "pcm|mu-law|a-law",
            Description = "Sample encoding: pcm (16-bit linear), mu-law (also mulaw, ulaw) or a-law (also alaw): G.711 via the core's codec.",
            DefaultValueFactory = _ => "pcm",
        };
        encoding.AcceptOnlyFromAmong(EncodingNames.All);

        var generate = new Command("generate",
            "Write a DTMF test signal. Digit i starts at lead + i*(tone + pause) ms. " + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.OutputFailed))
        {
            digits, output, level, twist, lowLevel, highLevel, toneMs, pauseMs, leadMs,
            snr, seed, offsetLow, offsetHigh, encoding,
        };

        // Limits that depend on several options are checked here so that they are usage errors (exit 2).
        generate.Validators.Add(r =>
        {
            (double low, double high) = Levels(r.GetValue(level), r.GetValue(twist), r.GetValue(lowLevel), r.GetValue(highLevel));
            CheckLevel(r, "low-group", low);
            CheckLevel(r, "high-group", high);
            if (r.GetValue(snr) is double s && !double.IsFinite(s))
            {
                r.AddError("--snr must be a finite number of dB.");
            }
        });

        generate.SetAction(parse =>
        {
            (double low, double high) = Levels(parse.GetValue(level), parse.GetValue(twist),
                parse.GetValue(lowLevel), parse.GetValue(highLevel));
            var spec = new DtmfSignalSpec
            {
                Digits = parse.GetValue(digits)!,
                LowLevelDeciDbm0 = Tenths(low),
                HighLevelDeciDbm0 = Tenths(high),
                LowOffsetCentiPercent = Hundredths(parse.GetValue(offsetLow)),
                HighOffsetCentiPercent = Hundredths(parse.GetValue(offsetHigh)),
                ToneMs = parse.GetValue(toneMs),
                PauseMs = parse.GetValue(pauseMs),
                LeadMs = parse.GetValue(leadMs),
                SnrDb = parse.GetValue(snr),
                Seed = parse.GetValue(seed),
                Encoding = EncodingNames.Parse(parse.GetValue(encoding)!),
            };
            return Run(spec, parse.GetValue(output)!.ToString(), parse.InvocationConfiguration.Error);
        });
        return generate;
    }

    private static int Run(DtmfSignalSpec spec, string path, TextWriter stderr)
    {
        bool existed = File.Exists(path);
        try
        {
            using (var writer = new LineAudioWriter(path, spec.Encoding))
            {
                DtmfSignalWriter.Write(spec, writer);
            }
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            // Don't leave a half-written WAV behind that a later decode would read as a short file.
            if (!existed)
            {
                try { File.Delete(path); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            stderr.WriteLine(path + ": cannot write (" + e.Message + ")");
            return ExitCodes.OutputFailed;
        }
    }

    internal static (double Low, double High) Levels(double level, double twist, double? low, double? high)
    {
        return (low ?? level - twist / 2.0, high ?? level + twist / 2.0);
    }

    private static void CheckLevel(CommandResult r, string which, double dbm0)
    {
        if (!double.IsFinite(dbm0) || dbm0 > MaxLevel || dbm0 < MinLevel)
        {
            r.AddError(string.Format(CultureInfo.InvariantCulture,
                "The {0} tone level works out to {1} dBm0; it must be between {2} and +{3} dBm0.",
                which, dbm0, MinLevel, MaxLevel));
        }
    }

    private static Option<int> MsOption(string name, string description, int defaultMs, int minMs)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultMs, HelpName = "MS" };
        option.Validators.Add(r =>
        {
            int ms = r.GetValueOrDefault<int>();
            if (ms < minMs || ms > MaxMs)
            {
                r.AddError(string.Format(CultureInfo.InvariantCulture, "{0} must be between {1} and {2} ms.", name, minMs, MaxMs));
            }
        });
        return option;
    }

    private static Option<double> OffsetOption(string name, string description)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => 0.0, HelpName = "PCT" };
        option.Validators.Add(r =>
        {
            double pct = r.GetValueOrDefault<double>();
            if (!double.IsFinite(pct) || Math.Abs(pct) > MaxOffsetPercent)
            {
                r.AddError(string.Format(CultureInfo.InvariantCulture, "{0} must be between -{1} and {1} percent.", name, MaxOffsetPercent));
            }
        });
        return option;
    }

    private static int Tenths(double value)
    {
        return (int)Math.Round(value * 10.0, MidpointRounding.AwayFromZero);
    }

    private static int Hundredths(double value)
    {
        return (int)Math.Round(value * 100.0, MidpointRounding.AwayFromZero);
    }
}
