using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using Fxs.Cli.Recording;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Hal.Sim;
using Fxs.Relay;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using Fxs.Core.Line;

namespace Fxs.Cli.Demo;

// `fxs demo`: the temporary-password service end to end on the sim board. One call per unit (both
// notify cases of unit 3), one that fails three times, one from a rotary phone; each through audio
// only (the phone keys DTMF or dials pulses, the port hears them through the line's echo and
// noise), with a transcript on stdout and the line audio of each call as a stereo WAV. Each set
// password goes through the real relay (OutboxSink seals it into an outbox, RelaySender sends it
// over pinned mutual TLS) to the reference backend, hosted in this process unless --backend URL
// names one already running (its device API; --site names its settings site when that is not on
// the port before); at the end the settings site lets the temporary password in.
// --no-backend: the sim sink only, as before.
public static class DemoCommand
{
    private const string Contract = "0300001111";
    private const string Extra1 = "0300002222";
    private const string Extra2 = "0300003333";
    private const string Password = "27182818";

    private sealed record DemoCall(string File, string Title, string Notify, Action<Script> Run);

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out")
        {
            HelpName = "DIR",
            Description = "Directory for the calls' audio (created if missing): one stereo WAV per call, left what the port heard, right what it played "
                + "(password keys replaced by silence unless --record-secrets), and its hook timeline beside it (CALL.hook, the fxs replay --hook format).",
            DefaultValueFactory = _ => new DirectoryInfo("demo-out"),
        };
        Option<DirectoryInfo?> prompts = CommonOptions.Prompts();
        var noBackend = new Option<bool>("--no-backend")
        {
            Description = "Keep the set passwords on the sim board (no relay, no backend).",
        };
        var backendUrl = new Option<string?>("--backend")
        {
            HelpName = "URL",
            Description = "Relay to this running backend (https) instead of one started in this process; needs --device-cert.",
        };
        var deviceCert = new Option<FileInfo?>("--device-cert")
        {
            HelpName = "FILE.pfx",
            Description = "With --backend: the gateway hgw-0001's client certificate (PKCS#12, no password) that the backend's provisioning pins.",
        };
        var backendPin = new Option<string?>("--backend-pin")
        {
            HelpName = "SHA256",
            Description = "With --backend: the backend key's SPKI SHA-256 (base64 or hex); default: the key it shows now (trust on first use).",
        };
        var siteUrl = new Option<string?>("--site")
        {
            HelpName = "URL",
            Description = "With --backend: the settings site (https) the demo logs in to at the end; default: the --backend URL with the port "
                + "before its own (the backend listens in pairs: site :5443 and device API :5444; :15443 and :15444), or the same URL when it names no port.",
        };
        Option<bool> recordSecrets = RecordingOptions.RecordSecrets();
        var command = new Command("demo",
            "Place temporary-password calls on the sim board (units 1, 2, 3 with both notify cases, three wrong entries, "
            + "a rotary phone) and print what the phone did and what the port played and decided; password digits show as x. "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.InternalError, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.OutputFailed)
            + " (1 also when a record was not applied or the password did not log in; 3 also when --backend cannot be reached)")
        {
            output, prompts, noBackend, backendUrl, deviceCert, backendPin, siteUrl, recordSecrets,
        };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(recordSecrets), parse.GetValue(prompts),
            new BackendChoice(parse.GetValue(noBackend), parse.GetValue(backendUrl), parse.GetValue(deviceCert), parse.GetValue(backendPin), parse.GetValue(siteUrl)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static IReadOnlyList<DemoCall> Calls() => new[]
    {
        new DemoCall("1-unit1-line.wav", "unit 1 (line): the contract number's password", Contract, s =>
        {
            s.DialAccess(LineConfiguration.EastAccessNumber);
            s.Listen();
            s.Keys("1");
            s.Listen();
            s.KeyPasswordTwice(Password);
            s.HangUpAfter(1500);
        }),
        new DemoCall("2-unit2-number.wav", "unit 2 (phone number): an additional number, keyed with #", Contract, s =>
        {
            s.DialAccess(LineConfiguration.EastAccessNumber);
            s.Listen();
            s.Keys("2");
            s.Listen();
            s.Keys(Extra1 + "#");
            s.Listen();
            s.KeyPasswordTwice(Password);
            s.HangUpAfter(1500);
        }),
        new DemoCall("3-unit3-admin.wav", "unit 3 (admin/user) from the contract number: asks which number", Contract, s =>
        {
            s.DialAccess(LineConfiguration.EastAccessNumber);
            s.Wait(4000);
            s.Keys("3");                          // over the menu: barge-in
            s.Wait(1500);
            s.Keys(Extra2 + "#");
            s.Listen();
            s.KeyPasswordTwice(Password);
            s.HangUpAfter(1500);
        }),
        new DemoCall("4-unit3-user.wav", "unit 3 (admin/user) from an additional number: sets that number's password", Extra1, s =>
        {
            s.DialAccess(LineConfiguration.WestAccessNumber);
            s.Listen();
            s.Keys("3");
            s.Listen();
            s.Keys(Password, secret: true);
            s.Listen();
            s.Keys(Password, secret: true);
            s.Wait(2000);
            s.HangUp();                           // during the completion guidance: still set
        }),
        new DemoCall("5-three-strikes.wav", "three wrong entries: a bad key, a pause, a mismatched confirmation", Contract, s =>
        {
            s.DialAccess(LineConfiguration.EastAccessNumber);
            s.Listen();
            s.Keys("1");
            s.Listen();
            s.Keys("1234", secret: true);
            s.Wait(5500);                         // 5 s without a key: wrong entry 1
            s.Listen();
            s.Keys("12*", secret: true);           // not a digit: wrong entry 2
            s.Listen();
            s.Keys(Password, secret: true);
            s.Listen();
            s.Keys("27182819", secret: true);      // the confirmation differs: wrong entry 3
            s.Listen();
            s.HangUpAfter(1500);
        }),
        new DemoCall("6-rotary.wav", "a rotary phone: dial pulses throughout", Contract, s =>
        {
            s.OffHook();
            s.Pulses(LineConfiguration.EastAccessNumber);
            s.Listen();
            s.Pulses("1");
            s.Listen();
            s.Pulses(Password, secret: true);
            s.Listen();
            s.Pulses(Password, secret: true);
            s.Listen();
            s.HangUpAfter(1500);
        }),
    };

    private sealed record BackendChoice(bool None, string? UrlText, FileInfo? DeviceCert, string? Pin, string? SiteText)
    {
        public Uri? Url => Parse(UrlText);

        /// <summary>--site, else derived from --backend (<see cref="DemoBackend.DefaultSiteUrl"/>).</summary>
        public Uri? Site => SiteText is not null ? Parse(SiteText) : Url is null ? null : DemoBackend.DefaultSiteUrl(Url);

        private static Uri? Parse(string? text) =>
            text is null ? null : Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out Uri? u) ? u : null;
    }

    private static int Run(DirectoryInfo outDir, bool recordSecrets, DirectoryInfo? promptDir, BackendChoice choice, TextWriter stdout, TextWriter stderr)
    {
        if (choice.None && choice.UrlText is not null)
        {
            stderr.WriteLine("fxs: demo: --no-backend and --backend exclude each other");
            return ExitCodes.Usage;
        }
        if (choice.UrlText is not null && (choice.Url is not { Scheme: "https" } || choice.DeviceCert is null))
        {
            stderr.WriteLine("fxs: demo: --backend needs an https URL and --device-cert FILE.pfx (the gateway's pinned client certificate)");
            return ExitCodes.Usage;
        }
        if (choice.SiteText is not null && (choice.UrlText is null || choice.Site is not { Scheme: "https" }))
        {
            stderr.WriteLine("fxs: demo: --site needs --backend and an https URL (the backend started in this process serves its site itself)");
            return ExitCodes.Usage;
        }
        PromptDirectory prompts;
        string promptPath = promptDir?.FullName ?? PromptDirectory.DefaultDirectory();
        try
        {
            prompts = new PromptDirectory(promptPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PromptAudioException)
        {
            stderr.WriteLine("fxs: demo: cannot load the guidance from " + promptPath + ": " + e.Message);
            return ExitCodes.BadInput;
        }
        try
        {
            Directory.CreateDirectory(outDir.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("fxs: demo: cannot create " + outDir.FullName + ": " + e.Message);
            return ExitCodes.OutputFailed;
        }

        DemoBackend? backend = null;
        if (!choice.None)
        {
            try
            {
                backend = choice.Url is null
                    ? DemoBackend.StartAsync(Contract, new[] { Extra1, Extra2 }, new[] { Contract, Extra1 }).GetAwaiter().GetResult()
                    : DemoBackend.ConnectAsync(choice.Url, choice.Site!, X509CertificateLoader.LoadPkcs12FromFile(choice.DeviceCert!.FullName, null), choice.Pin).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is IOException or System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException
                or System.Security.Authentication.AuthenticationException or System.Security.Cryptography.CryptographicException or InvalidDataException)
            {
                stderr.WriteLine("fxs: demo: cannot reach the backend: " + e.Message);
                return ExitCodes.BadInput;
            }
        }
        try
        {
            return RunCalls(outDir, recordSecrets, prompts, backend, stdout, stderr);
        }
        finally
        {
            backend?.Dispose();
        }
    }

    private static int RunCalls(DirectoryInfo outDir, bool recordSecrets, PromptDirectory prompts, DemoBackend? backend, TextWriter stdout, TextWriter stderr)
    {
        stdout.WriteLine("fxs demo: the temporary-password service on the sim board (µ-law line, 6 dB hybrid echo, -70 dBm0 noise).");
        stdout.WriteLine("Line: contract " + Contract + ", additional " + Extra1 + " and " + Extra2 + "; area East.");
        stdout.WriteLine("Times are line time from the call's start; password digits are shown as x by the phone and never reach the port's log.");
        if (backend is null)
        {
            stdout.WriteLine("Relay: none (--no-backend): set passwords stay on the sim board.");
        }
        else
        {
            stdout.WriteLine("Relay: gateway " + DemoBackend.DeviceId + " seals each password (ecdh-p256-aesgcm-v1) into its outbox and sends it over mutual TLS to "
                + (backend.InProcess ? "the reference backend started in this process at " : "the backend at ") + backend.Url
                + " (its key pinned: " + backend.Pin + ")" + (backend.SiteUrl != backend.Url ? "; its settings site at " + backend.SiteUrl : "") + ".");
        }
        IReadOnlyList<DemoCall> calls = Calls();
        int sets = 0, applied = 0;
        for (int i = 0; i < calls.Count; i++)
        {
            DemoCall call = calls[i];
            stdout.WriteLine();
            stdout.WriteLine("== Call " + (i + 1) + ": " + call.Title + " (notify number " + call.Notify + ")");
            var transcript = new Transcript(stdout);
            var line = new LineConfiguration(Contract, new[] { Extra1, Extra2 }, call.Notify, ServiceArea.East);
            OutboxSink? relay = null;
            var sim = new DemoGateway(line, prompts, transcript, board => backend is null ? new SimPasswordSink() : (relay = backend.Sink(board)));
            var recorder = new CallRecorder(sim.Port, recordSecrets);
            transcript.Recorder = recorder;
            recorder.TapHook(sim.Board.HookSwitch);
            call.Run(new Script(sim, transcript));
            transcript.Flush();
            sets += transcript.PasswordsSet;
            if (backend is not null && relay is not null && relay.LastRecordId is string recordId)
            {
                foreach (string l in backend.DeliverAsync(recordId).GetAwaiter().GetResult())
                {
                    stdout.WriteLine("  " + l);
                    if (l.StartsWith("backend: record ", StringComparison.Ordinal) && l.Contains(" applied ", StringComparison.Ordinal)) { applied++; }
                }
            }
            foreach (string number in sim.Outgoing.Numbers) { stdout.WriteLine("  (voice stack was asked for " + number + ")"); }
            string path = Path.Combine(outDir.FullName, call.File);
            string hook = CallRecorder.HookPathBeside(path);
            try
            {
                recorder.WriteWav(path);
                recorder.WriteHook(hook, call.File);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine("fxs: demo: cannot write " + path + " or its hook timeline: " + e.Message);
                return ExitCodes.OutputFailed;
            }
            stdout.WriteLine("  audio: " + path + " (" + recorder.Describe() + "), hook timeline " + hook);
        }
        stdout.WriteLine();
        if (backend is null)
        {
            stdout.WriteLine(calls.Count + " calls, " + sets + " passwords set.");
            return ExitCodes.Ok;
        }
        // The settings site: the contract number with the temporary password the last call set.
        (bool ok, string detail) = backend.LoginAsync(Contract, Password).GetAwaiter().GetResult();
        stdout.WriteLine("site: login " + Contract + " with the temporary password xxxxxxxx at " + backend.SiteUrl + "login: " + (ok ? "ok, " : "refused, ") + detail);
        stdout.WriteLine(calls.Count + " calls, " + sets + " passwords set, " + applied + " applied by the backend.");
        if (!ok || applied != sets)
        {
            stderr.WriteLine("fxs: demo: " + (applied != sets ? (sets - applied) + " record(s) not applied by the backend" : "the temporary password did not log in"));
            return ExitCodes.InternalError;
        }
        return ExitCodes.Ok;
    }

    // The phone's side of a call: audio and hook only (it waits for the guidance to end as a
    // person listening would; that is the one thing it learns from the port's state).
    private sealed class Script
    {
        private readonly DemoGateway _sim;
        private readonly Transcript _log;

        public Script(DemoGateway sim, Transcript log)
        {
            _sim = sim;
            _log = log;
        }

        private SimPhone Phone => _sim.Phone;

        private long At => Phone.ScriptEndSample > _sim.Board.NowSamples ? Phone.ScriptEndSample : _sim.Board.NowSamples;

        public void OffHook()
        {
            _log.Phone(At, "lifts the handset");
            Phone.OffHook();
            Phone.Wait(800);
        }

        public void DialAccess(string number)
        {
            OffHook();
            Keys(number);
        }

        public void Keys(string keys, bool secret = false)
        {
            _log.Phone(At, "keys " + (secret ? new string('x', keys.Length) : keys));
            Phone.DialDtmf(keys, toneMs: 80, pauseMs: 150, levelDeciDbm0: -100, twistDeciDb: 20);
        }

        // TP-11: the password, then its confirmation, each after the guidance that asks for it.
        public void KeyPasswordTwice(string password)
        {
            Keys(password, secret: true);
            Listen();
            Keys(password, secret: true);
            Listen();
        }

        public void Pulses(string digits, bool secret = false)
        {
            _log.Phone(At, "dials " + (secret ? new string('x', digits.Length) : digits) + " (10 pps)");
            Phone.DialPulses(digits, pps: 10);
        }

        public void Wait(int ms) => Phone.Wait(ms);

        public void Listen()
        {
            Phone.Wait(300);
            for (int i = 0; i < 9000 && _sim.Port.Control.Player.IsPlaying; i++) { Phone.Wait(10); }
            Phone.Wait(500);
        }

        public void HangUp()
        {
            _log.Phone(At, "hangs up");
            Phone.OnHook();
            Phone.Wait(1200);
        }

        public void HangUpAfter(int ms)
        {
            Phone.Wait(ms);
            HangUp();
        }
    }
}
