using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Tests;

/// <summary>
/// A whole temporary-password call through the real IVR (unit 1 from the contract number's port,
/// or unit 3 from an additional number's), keys 300 ms apart, every guidance barged into; the
/// IVR's PasswordSet goes to the sink under test, exactly as the gateway port wires it.
/// The line is the relay tests' test line (RelayBackend, and the backend tests' balancer test: issue #17),
/// by its numbers below, or one given (the outage-wave bench: each gateway its own contract number).
/// Line time only, no audio: the DSP is not what these tests are about. Linked into each project that places calls.
/// </summary>
internal sealed class IvrCall : IIvrListener
{
    public const string Contract = "0300001111";
    public const string Additional2 = "0300002222";
    public const string Additional3 = "0300003333";

    private readonly ITemporaryPasswordSink _sink;
    private readonly TemporaryPasswordIvr _ivr;
    private bool _playing;

    public IvrCall(ITemporaryPasswordSink sink, string notify = Contract)
        : this(sink, new LineConfiguration(Contract, [Additional2, Additional3], notify, ServiceArea.East))
    {
    }

    public IvrCall(ITemporaryPasswordSink sink, LineConfiguration line)
    {
        _sink = sink;
        _ivr = new TemporaryPasswordIvr(line, this);
    }

    /// <summary>Line time, samples.</summary>
    public long Now { get; private set; } = 8000;

    public int Sets { get; private set; }

    /// <summary>The IVR's secret buffers (the record's included) are all zero again.</summary>
    public bool BuffersCleared => _ivr.BuffersCleared;

    /// <summary>Calls in, chooses <paramref name="unit"/>, keys the password twice.</summary>
    public void Run(string password, char unit = '1')
    {
        _ivr.Start(Now, LineConfiguration.EastAccessNumber);
        Key(unit);
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
            Now += 80;
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
    public void Ended(IvrOutcome outcome) => Outcome = outcome;

    /// <summary>How the last call ended.</summary>
    public IvrOutcome Outcome { get; private set; }

    /// <summary>Whether the sink took the last record (the outbox stored it).</summary>
    public bool Stored { get; private set; }

    public bool PasswordSet(TemporaryPasswordRecord record)
    {
        Sets++;
        Stored = _sink.Accept(record);
        return Stored;
    }
}
