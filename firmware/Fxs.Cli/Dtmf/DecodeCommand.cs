using System.CommandLine;
using System.IO;
using Fxs.Cli.Audio;
using Fxs.Cli.Call;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Cli.Dtmf;

// `fxs dtmf decode FILE.wav`: runs the firmware's DTMF receiver (default profile) over a recording.
// stdout carries "<onset_ms> <digit>" lines so it can be diffed and piped; messages go to stderr.
// --trace adds the receiver's per-window measurements as lines starting with "#", in time order
// among the digit lines (`grep -v '^#'` gives back the plain output, `grep off-frequency` the refusals);
// --json prints one JSON object per digit instead (JSON Lines, for jq).
// --ivr-mask (issue #16 item 4) prints 'x' for each key the firmware's IVR takes as a password digit (IvrMask).
public static class DecodeCommand
{
    // 4 s at 8 kHz per read: streams any length of file, and the file is read straight into the block.
    private const int ChunkSamples = LineAudioReader.BlockSamples;
    private const int DrainChars = 8192; // lines are written out in batches of about this much (and at the end)

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file")
        {
            HelpName = "FILE.wav|CAPTURE",
            Description = "Recording: " + WavFormatText.Rate + " mono WAV, 16-bit PCM, µ-law or A-law (stereo with --channel); '-' reads it from stdin; "
                + "or a call's folder captured by `fxs run --record-dir` (its WAV's left channel; with --ivr-mask its line and hook timeline).",
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
        var ivrMask = new Option<bool>("--ivr-mask")
        {
            Description = "Print 'x' in place of every key the IVR takes as a password digit (the password and its confirmation, "
                + "and keys during the completion guidance): the keys go through the firmware's own call control and IVR, "
                + "on the gateway's line, which it needs: --line FILE (the line file `fxs run` was given), or --contract (with --additional, "
                + "--notify, --area), or a capture folder, which carries its line (a wrong line would take password keys for other keys and print them). "
                + "Its guidance (--prompts) runs the timeouts; the phone is off hook from the file's start, or as --hook (a capture's own timeline) says, "
                + "so each call in the file is masked on its own. The access number, unit and number keys stay. "
                + "Without it a call recording made with --record-secrets prints the password in clear.",
        };
        Option<FileInfo?> lineFile = CommonOptions.LineFile();
        var hook = new Option<FileInfo?>("--hook")
        {
            HelpName = "FILE",
            Description = "With --ivr-mask: the phone's hook over the file, '<ms> off|on' per change (the .hook `fxs call --record` writes beside its WAV).",
        };
        var line = new SimLineOptions();
        decode.Arguments.Add(file);
        decode.Options.Add(trace);
        decode.Options.Add(json);
        decode.Options.Add(channel);
        decode.Options.Add(ivrMask);
        decode.Options.Add(lineFile);
        decode.Options.Add(hook);
        line.AddLineTo(decode);
        decode.Validators.Add(r =>
        {
            if (r.GetValue(trace) && r.GetValue(json))
            {
                r.AddError("--trace and --json do not mix: --trace is for reading, --json for tools; run twice.");
            }
            if (r.GetValue(trace) && r.GetValue(ivrMask))
            {
                r.AddError("--trace and --ivr-mask do not mix: every trace line names its window's key; use --json with --ivr-mask for the levels.");
            }
        });
        decode.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            // FileInfo.ToString() is the path as typed, which is what the engineer recognises in messages.
            string path = parse.GetValue(file)!.ToString();
            DecodeOutput output = parse.GetValue(json) ? DecodeOutput.Json : parse.GetValue(trace) ? DecodeOutput.Trace : DecodeOutput.Digits;
            AudioChannel audioChannel = AudioChannels.Parse(parse.GetValue(channel));
            var source = new MaskSource(parse.GetValue(lineFile)?.ToString(), parse.GetValue(hook)?.ToString(), line.Given(parse));
            if (Fxs.Cli.Run.CaptureFolder.IsCapture(path))
            {
                if (source.LineFile != null || source.Hook != null || source.LineOptions)
                {
                    stderr.WriteLine("fxs: dtmf decode: " + path + " is a call capture: it gives its line and hook timeline; drop --line, --hook and --contract/--additional/--notify/--area");
                    return ExitCodes.Usage;
                }
                source = new MaskSource(System.IO.Path.Combine(path, Fxs.Cli.Run.CaptureFolder.Line), System.IO.Path.Combine(path, Fxs.Cli.Run.CaptureFolder.Hook), false);
                path = System.IO.Path.Combine(path, Fxs.Cli.Run.CaptureFolder.Audio);
                if (audioChannel == AudioChannel.Mono) { audioChannel = AudioChannel.Left; }
            }
            IvrMask? mask = null;
            if (parse.GetValue(ivrMask))
            {
                int code = MaskFor(parse, line, source, stderr, out mask);
                if (mask is null) { return code; }
            }
            else if (parse.GetValue(lineFile) != null || parse.GetValue(hook) != null)
            {
                stderr.WriteLine("fxs: dtmf decode: --line and --hook tell --ivr-mask the gateway's line and hook: give --ivr-mask");
                return ExitCodes.Usage;
            }
            return Run(path, audioChannel, output, mask, stdout, stderr);
        });
        return decode;
    }

    // Where --ivr-mask takes the gateway's line and hook from: a line file, the line options given on the command line, a hook file.
    private sealed record MaskSource(string? LineFile, string? Hook, bool LineOptions);

    private static int MaskFor(ParseResult parse, SimLineOptions options, MaskSource source, TextWriter stderr, out IvrMask? mask)
    {
        mask = null;
        LineConfiguration? line;
        if (source.LineFile != null)
        {
            if (source.LineOptions)
            {
                stderr.WriteLine("fxs: dtmf decode: --line " + source.LineFile + " gives the whole line: drop --contract, --additional, --notify and --area");
                return ExitCodes.Usage;
            }
            try { line = Fxs.Host.Config.LineFile.Load(source.LineFile); }
            catch (Fxs.Config.ConfigFileException e)
            {
                stderr.WriteLine("fxs: dtmf decode: " + e.Message);
                return ExitCodes.BadInput;
            }
        }
        else if (source.LineOptions)
        {
            line = options.Line(parse, out string? lineError);
            if (line is null)
            {
                stderr.WriteLine(lineError);
                return ExitCodes.Usage;
            }
        }
        else
        {
            // No default line: on another line the IVR takes the password keys for other keys, and prints them.
            stderr.WriteLine("fxs: dtmf decode: --ivr-mask needs the gateway's line: --line FILE (the line file fxs run was given), "
                + "--contract NUMBER (with --additional, --notify, --area), or a capture folder (fxs run --record-dir)");
            return ExitCodes.Usage;
        }
        Replay.HookTimeline? timeline = null;
        if (source.Hook != null)
        {
            try { timeline = Replay.HookTimeline.Parse(source.Hook); }
            catch (Replay.ReplayInputException e)
            {
                stderr.WriteLine("fxs: dtmf decode: " + e.Message);
                return ExitCodes.BadInput;
            }
        }
        var prompts = options.LoadPrompts(parse, out string? promptError);
        if (prompts is null)
        {
            stderr.WriteLine(promptError);
            return ExitCodes.BadInput;
        }
        mask = new IvrMask(line, prompts, timeline);
        return ExitCodes.Ok;
    }

    private static int Run(string path, AudioChannel channel, DecodeOutput output, IvrMask? mask, TextWriter stdout, TextWriter stderr)
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
            var digits = new DecodeListener(output, mask);
            DtmfReceiver receiver = digits.CreateReceiver();
            var samples = new short[ChunkSamples];
            try
            {
                int n;
                long read = 0;
                while ((n = reader.Read(samples)) > 0)
                {
                    if (mask is null) { receiver.Process(samples, 0, n); }
                    else { ProcessFrames(receiver, mask, samples, n, read); }
                    read += n;
                    digits.Drain(stdout, DrainChars);
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

    // --ivr-mask: the receiver runs a gateway frame at a time, so that each key reaches the IVR in the frame it was
    // decided in, before that frame's timers and guidance (GatewayPort's order). Reads need not end on a frame's
    // end (a pipe's short read): a frame split over two reads begins in the first and ends in the second.
    private static void ProcessFrames(DtmfReceiver receiver, IvrMask mask, short[] samples, int count, long firstSample)
    {
        int at = 0;
        while (at < count)
        {
            long now = firstSample + at;
            long frameEnd = (now / IvrMask.FrameSamples + 1) * IvrMask.FrameSamples;
            if (now % IvrMask.FrameSamples == 0) { mask.BeginFrame(frameEnd); }
            int n = (int)System.Math.Min(frameEnd - now, count - at);
            receiver.Process(samples, at, n);
            at += n;
            if (firstSample + at == frameEnd) { mask.EndFrame(); }
        }
    }
}
