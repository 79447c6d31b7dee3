using Fxs.Core.Gateway;
using Fxs.Core.Line;
using Fxs.Core.Ivr;

namespace Fxs.Backend.Bench.Wave;

/// <summary>
/// One temporary-password call through the gateway's real IVR (unit 1 from the contract number's
/// port, keys 300 ms apart, every guidance barged into), its PasswordSet handed to the relay's
/// real sink, as the gateway port wires it: the wave's records are made the way a gateway makes
/// them (sealed v2, stored in the outbox). Line time only; no audio (the DSP is not under test).
/// </summary>
internal sealed class WaveCall : IIvrListener
{
    private readonly ITemporaryPasswordSink _sink;
    private readonly TemporaryPasswordIvr _ivr;
    private bool _playing;

    public WaveCall(ITemporaryPasswordSink sink, string contract)
    {
        _sink = sink;
        _ivr = new TemporaryPasswordIvr(new LineConfiguration(contract, [], contract, ServiceArea.East), this);
    }

    /// <summary>Line time, samples (8 kHz).</summary>
    public long Now { get; private set; } = 8000;

    /// <summary>True when the sink took the record.</summary>
    public bool Stored { get; private set; }

    /// <summary>Calls in, chooses unit 1, keys the password twice, hangs up.</summary>
    public void Run(string password)
    {
        _ivr.Start(Now, LineConfiguration.EastAccessNumber);
        Key('1');
        foreach (char c in password) { Key(c); }
        foreach (char c in password) { Key(c); }
        Advance(6000);
        _ivr.OnHook(Now);
    }

    private void Key(char c)
    {
        Advance(300);
        _ivr.Digit(c, DigitSource.Dtmf, Now);
    }

    private void Advance(int ms)
    {
        for (int i = 0; i < ms / 10; i++)
        {
            Now += 80; // 10 ms at 8 kHz
            _ivr.Tick(Now);
        }
        if (_playing)
        {
            _playing = false;
            _ivr.PromptFinished(Now);
        }
    }

    public void Play(PromptId[] sequence, int count) => _playing = true;
    public void StopPlayback() => _playing = false;
    public void PlayBusyTone() { }
    public void Decision(IvrDecision kind, int step, int strikes) { }
    public void Ended(IvrOutcome outcome) { }

    public bool PasswordSet(TemporaryPasswordRecord record) => Stored = _sink.Accept(record);
}
