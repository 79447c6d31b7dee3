using System.Security.Cryptography;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using Microsoft.Extensions.Time.Testing;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;

namespace Fxs.Relay.Tests;

/// <summary>
/// Issue #12 item 1, through audio: a whole call on the sim board (the phone keys DTMF into the
/// line, the port decodes it, the IVR decides, the guidance is played back into the line) whose
/// relay sink is a real <see cref="OutboxSink"/> over a real SQLite outbox that is full. The
/// caller must hear 「…ただいま仮パスワードの設定ができません…」 and never 「…完了しました」.
/// </summary>
public sealed class FullDiskCallTests : IDisposable
{
    private const string Password = "58293746";
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-fulldisk-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void TP12_OnAFullOutboxTheCallerHearsCannotSetNowNeverTheCompletion()
    {
        using Outbox outbox = FullOutbox.Open(Path.Combine(_dir, "outbox.db"));
        int rowsBefore = outbox.All().Count;
        using var carrier = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        Exception? error = null;
        var sink = new OutboxSink(outbox, RelayBackend.DeviceId, carrier.ExportSubjectPublicKeyInfo(), new FakeTimeProvider(DateTimeOffset.UtcNow),
            onError: e => error = e);
        var line = new LineConfiguration(RelayBackend.Contract, [RelayBackend.Additional2], RelayBackend.Contract, ServiceArea.East);
        var monitor = new PlayedAudio();
        var prompts = new PromptDirectory(PromptDirectory.DefaultDirectory());
        var sim = new SimGateway(line, null, prompts, monitor, sink);

        SimPhone phone = sim.Phone;
        phone.OffHook();
        phone.Wait(300);
        phone.DialDtmf(LineConfiguration.EastAccessNumber, 80, 150);
        phone.Wait(2000);            // into the menu
        phone.DialDtmf("1", 80, 150);
        phone.Wait(1500);            // into the password guidance
        phone.DialDtmf(Password, 80, 150);
        phone.Wait(1500);
        phone.DialDtmf(Password, 80, 150);
        for (int t = 0; t < 20000 && monitor.Outcome == IvrOutcome.None; t += 10) { phone.Wait(10); }
        phone.Wait(1000);

        foreach (string said in monitor.Transcript) { Console.WriteLine(said); } // the call as the caller heard it (dotnet test ... -v detailed)
        Assert.Equal(IvrOutcome.Failed, monitor.Outcome);
        Assert.Contains(IvrDecision.NotStored, monitor.Decisions);
        Assert.DoesNotContain(PromptId.PasswordSet, monitor.Started.Select(p => p.Id));
        (long at, PromptId last) = monitor.Started[^1];
        Assert.Equal(PromptId.CannotSetNow, last);

        // What went into the line from that moment is the prompt's audio, sample for sample.
        PromptAudio audio = prompts.Find(PromptId.CannotSetNow)!;
        var expected = new short[audio.SampleCount];
        audio.ReadLinear(0, expected, 0, expected.Length);
        short[] played = monitor.PlayedFrom(at, expected.Length);
        Assert.Equal(expected, played);
        Assert.Equal(CallState.Busy, sim.Port.Control.State); // then the busy tone until on-hook

        // The relay refused cleanly: SQLite's own "full", nothing half-written, the IVR's buffers clear.
        Assert.Equal(1, sink.Failures);
        var full = Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(error);
        Assert.Equal(FullOutbox.SqliteFull, full.SqliteErrorCode);
        Assert.Equal(rowsBefore, outbox.All().Count);
        Assert.True(sim.Port.Control.Ivr.BuffersCleared);
    }

    /// <summary>The port's prompts, decisions, outcome and played samples.</summary>
    private sealed class PlayedAudio : GatewayMonitor
    {
        private readonly List<short> _played = [];
        private long _firstSample = -1;

        public List<(long At, PromptId Id)> Started { get; } = [];
        public List<string> Transcript { get; } = [];
        public List<IvrDecision> Decisions { get; } = [];
        public IvrOutcome Outcome { get; private set; }

        public short[] PlayedFrom(long sample, int count)
        {
            int from = (int)(sample - _firstSample);
            return _played.Skip(from).Take(count).ToArray();
        }

        public override void KeyHeard(char key, DigitSource source, long now) => Transcript.Add($"{now / 8,7} ms  heard    {key}");
        public override void ToneStarted(CallProgressTone tone, long now) => ToneStartedAt(tone, now);
        public override void PromptStarted(PromptId id, long now)
        {
            Started.Add((now, id));
            Transcript.Add($"{now / 8,7} ms  played   {id}: {PromptCatalogue.Text(id)}");
        }

        public override void PlaybackStopped(long now) => Transcript.Add($"{now / 8,7} ms  stopped  (barge-in)");

        public override void IvrDecision(IvrDecision kind, int step, int strikes, long now)
        {
            Decisions.Add(kind);
            Transcript.Add($"{now / 8,7} ms  decided  {kind}");
        }
        public override void IvrEnded(IvrOutcome outcome, long now)
        {
            Outcome = outcome;
            Transcript.Add($"{now / 8,7} ms  ended    {outcome}");
        }

        public void ToneStartedAt(CallProgressTone tone, long now) => Transcript.Add($"{now / 8,7} ms  tone     {tone}");

        public override void Frame(short[] heard, short[] played, int count, long startSample)
        {
            if (_firstSample < 0) { _firstSample = startSample; }
            for (int i = 0; i < count; i++) { _played.Add(played[i]); }
        }
    }
}
