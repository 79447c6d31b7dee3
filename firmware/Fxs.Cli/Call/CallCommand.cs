using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using Fxs.Cli.Recording;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using Fxs.Core.Line;

namespace Fxs.Cli.Call;

// `fxs call --script FILE`: one scripted call on the sim board (format: CallScript), with the
// transcript of `fxs demo` on stdout and, if asked, the line audio as a stereo WAV.
public static class CallCommand
{
    public static Command Create()
    {
        var script = new Option<FileInfo>("--script")
        {
            HelpName = "FILE",
            Description = "The call script: one action a line — offhook, onhook, wait MS, "
                + "dtmf KEYS [tone=MS pause=MS level=dBm0 twist=dB low-offset=% high-offset=% secret], pulse DIGITS [pps=10|20 secret], "
                + "wait-guidance [max=MS], flash [MS]; '#' starts a comment line.",
            Required = true,
        };
        var record = new Option<FileInfo?>("--record")
        {
            HelpName = "OUT.wav",
            Description = "Write the line audio: stereo 8 kHz 16-bit, left what the port heard, right what it played "
                + "(password keys replaced by silence unless --record-secrets); and the hook timeline beside it (OUT.hook, the fxs replay --hook format).",
        };
        Option<bool> recordSecrets = RecordingOptions.RecordSecrets();
        Option<string?> expect = ExpectedOutcome.Option("the script's last call");
        var line = new SimLineOptions();
        var command = new Command("call",
            "Place one scripted call on the sim board (through audio and the hook only) and print what the phone did "
            + "and what the port heard, played (as text) and decided; password digits show as x. A bad script exits "
            + ExitCodes.BadInput + " naming its line. " + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.OutputFailed, ExitCodes.OutcomeDiffers))
        {
            script, record, recordSecrets, expect,
        };
        line.AddTo(command);
        command.SetAction(parse => Run(parse, parse.GetValue(script)!, parse.GetValue(record), parse.GetValue(recordSecrets), parse.GetValue(expect), line,
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(ParseResult parse, FileInfo scriptFile, FileInfo? record, bool recordSecrets, string? expect, SimLineOptions options,
        TextWriter stdout, TextWriter stderr)
    {
        if (recordSecrets && record == null)
        {
            stderr.WriteLine("fxs: call: --record-secrets keeps the password keys in the recording: it needs --record OUT.wav");
            return ExitCodes.Usage;
        }
        string name = scriptFile.ToString();
        IReadOnlyList<CallStep> steps;
        try
        {
            using TextReader reader = new StreamReader(scriptFile.FullName);
            steps = CallScript.Parse(reader);
        }
        catch (CallScriptException e)
        {
            stderr.WriteLine("fxs: call: " + name + ":" + e.LineNumber + ": " + e.Message);
            return ExitCodes.BadInput; // the script is an input file: its faults are bad input, as a missing script is
        }
        catch (Exception e) when (CallRunner.IsFileProblem(e))
        {
            stderr.WriteLine("fxs: call: cannot read the script " + name + ": " + e.Message);
            return ExitCodes.BadInput;
        }

        LineConfiguration? line = options.Line(parse, out string? lineError);
        if (line == null)
        {
            stderr.WriteLine("fxs: call: " + lineError);
            return ExitCodes.Usage;
        }
        PromptDirectory? prompts = options.LoadPrompts(parse, out string? promptError);
        if (prompts == null)
        {
            stderr.WriteLine("fxs: call: " + promptError);
            return ExitCodes.BadInput;
        }

        stdout.WriteLine("fxs call: " + name + " on the sim board (µ-law line, 6 dB hybrid echo, -70 dBm0 noise).");
        stdout.WriteLine(SimLineOptions.Describe(line));
        stdout.WriteLine("Times are line time from the call's start; password digits are shown as x.");
        var transcript = new Transcript(stdout);
        var sim = new SimGateway(line, options.Board(parse), prompts, transcript);
        CallRecorder? recorder = record == null ? null : new CallRecorder(sim.Port, recordSecrets);
        transcript.Recorder = recorder;
        recorder?.TapHook(sim.Board.HookSwitch);
        new CallRunner(sim, transcript).Run(steps);
        transcript.Flush();
        foreach (string number in sim.Outgoing.Numbers) { stdout.WriteLine("  (voice stack was asked for " + number + ")"); }
        TemporaryPasswordIvr ivr = sim.Port.Control.Ivr;
        stdout.WriteLine(EventWords.Ms(sim.Board.NowSamples) + " ms of line time, " + transcript.PasswordsSet + " password(s) set, last IVR outcome "
            + EventWords.Name(ivr.LastOutcome) + ", port " + EventWords.Name(sim.Port.Control.State) + ".");

        if (record != null && recorder != null)
        {
            string hook = CallRecorder.HookPathBeside(record.FullName);
            try
            {
                recorder.WriteWav(record.FullName);
                recorder.WriteHook(hook, record.Name);
            }
            catch (Exception e) when (CallRunner.IsFileProblem(e))
            {
                stderr.WriteLine("fxs: call: cannot write " + record.FullName + " or its hook timeline: " + e.Message);
                return ExitCodes.OutputFailed;
            }
            stdout.WriteLine("audio: " + record.FullName + " (" + recorder.Describe() + "), hook timeline " + hook);
        }
        return ExpectedOutcome.Check(expect, transcript.LastCallOutcome, "fxs: call: ", stderr);
    }
}
