using System.CommandLine;
using System.IO;
using Fxs.Cli.Audio;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

// `fxs dtmf decode FILE.wav`: runs the firmware's DTMF receiver (default profile) over a recording.
// stdout carries "<onset_ms> <digit>" lines so it can be diffed and piped; messages go to stderr.
// --trace adds the receiver's per-window measurements as lines starting with "#", in time order
// among the digit lines (`grep -v '^#'` gives back the plain output, `grep off-frequency` the refusals);
// --json prints one JSON object per digit instead (JSON Lines, for jq).
public static class DecodeCommand
{
    // 4 s at 8 kHz per read: streams any length of file, and the file is read straight into the block.
    private const int ChunkSamples = LineAudioReader.BlockSamples;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file")
        {
            HelpName = "FILE.wav",
            Description = "Recording: 8000 Hz mono WAV, 16-bit PCM, µ-law or A-law (stereo with --channel); '-' reads it from stdin.",
        };
        Option<string?> channel = CommonOptions.Channel();
        var decode = new Command("decode",
            "Decode DTMF digits. Prints one line per digit, '<onset_ms> <digit>' (onset from the start of the file), "
            + "and nothing else on stdout unless --trace or --json is given. " + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput));
        var trace = new Option<bool>("--trace")
        {
            Description = "Also print, for every 20 ms window (5 ms steps) that held a candidate key, a line "
                + "'" + DecodeFormat.TraceHeader.Substring(2) + "' starting with '#' "
                + "(levels and twist in dB, frequency errors in %, '-' if not measured; rule 'hit' or the rule that refused the key). "
                + "Digit lines are unchanged: grep -v '^#' gives the plain output.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON Lines instead: one object per digit, written when it ends, with onset_ms, end_ms, duration_ms, "
                + "digit, row_level_dbm0, column_level_dbm0, twist_db, row_freq_error_pct, column_freq_error_pct "
                + "(means over the digit's hit windows) and hit_windows.",
        };
        decode.Arguments.Add(file);
        decode.Options.Add(trace);
        decode.Options.Add(json);
        decode.Options.Add(channel);
        decode.Validators.Add(r =>
        {
            if (r.GetValue(trace) && r.GetValue(json))
            {
                r.AddError("--trace and --json do not mix: --trace is for reading, --json for tools; run twice.");
            }
        });
        decode.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            // FileInfo.ToString() is the path as typed, which is what the engineer recognises in messages.
            string path = parse.GetValue(file)!.ToString();
            DecodeOutput output = parse.GetValue(json) ? DecodeOutput.Json : parse.GetValue(trace) ? DecodeOutput.Trace : DecodeOutput.Digits;
            return Run(path, AudioChannels.Parse(parse.GetValue(channel)), output, stdout, stderr);
        });
        return decode;
    }

    private static int Run(string path, AudioChannel channel, DecodeOutput output, TextWriter stdout, TextWriter stderr)
    {
        LineAudioReader reader;
        try
        {
            reader = LineAudioReader.Open(path, channel);
        }
        catch (InputRejectedException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        using (reader)
        {
            var digits = new DecodeListener(output);
            DtmfReceiver receiver = digits.CreateReceiver();
            var samples = new short[ChunkSamples];
            try
            {
                int n;
                while ((n = reader.Read(samples)) > 0)
                {
                    receiver.Process(samples, 0, n);
                    digits.Drain(stdout);
                }
            }
            catch (IOException e)
            {
                digits.Drain(stdout);
                stderr.WriteLine(path + ": read failed (" + e.Message + ")");
                return ExitCodes.BadInput;
            }
            receiver.Flush();
            digits.Drain(stdout);
        }
        return ExitCodes.Ok;
    }
}
