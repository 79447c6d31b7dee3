using System.Collections.Generic;
using System.Text;
using Fxs.Core.Gateway;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Cli.Phone;

// The port's events for `fxs phone`: each goes on to the transcript unchanged; on the way the phone
// notes what its status area needs and the transcript does not keep: the keys the port heard (as
// shown: a password key, which the core reports as 'x', as • — or with --reveal-digits on the sim
// board, the key this phone sent for it) and when the guidance under way ends (its prompts' lengths
// from the prompt source, counted on the port's sample clock).
internal sealed class PhoneMonitor : IGatewayMonitor
{
    /// <summary>Keys kept for the status area: more than the longest entry (15 number digits and '#').</summary>
    private const int KeptKeys = 32;

    /// <summary>How the status area shows a password key.</summary>
    public const char MaskedKey = '•';

    private readonly IGatewayMonitor _next;
    private readonly IPromptSource _prompts;
    private readonly bool _reveal;
    private readonly Queue<char> _sent = new();
    private readonly StringBuilder _heard = new();

    public PhoneMonitor(IGatewayMonitor next, IPromptSource prompts, bool reveal)
    {
        _next = next;
        _prompts = prompts;
        _reveal = reveal;
    }

    /// <summary>Line time (samples) at which the guidance under way ends; -1 when none plays.</summary>
    public long GuidanceEndSample { get; private set; } = -1;

    /// <summary>The phone put <paramref name="key"/> on the line (the port hears keys in the order they are sent).</summary>
    public void Sent(char key)
    {
        // Only with --reveal-digits is a key kept past the moment it is heard.
        if (_reveal) { _sent.Enqueue(key); }
    }

    /// <summary>The last <paramref name="count"/> keys heard, as the status area shows them.</summary>
    public string LastKeys(int count)
    {
        int n = count < _heard.Length ? count : _heard.Length;
        return _heard.ToString(_heard.Length - n, n);
    }

    public void KeyHeard(char key, DigitSource source, long now)
    {
        char sent = _sent.Count > 0 ? _sent.Dequeue() : key;
        _heard.Append(key != 'x' ? key : _reveal ? sent : MaskedKey);
        if (_heard.Length > KeptKeys) { _heard.Remove(0, _heard.Length - KeptKeys); }
        _next.KeyHeard(key, source, now);
    }

    public void PromptSequenceStarted(PromptId[] sequence, int count, long now)
    {
        long samples = 0;
        for (int i = 0; i < count; i++) { samples += _prompts.Find(sequence[i])?.SampleCount ?? 0; }
        GuidanceEndSample = now + samples;
        _next.PromptSequenceStarted(sequence, count, now);
    }

    public void PlaybackStopped(long now)
    {
        GuidanceEndSample = -1;
        _next.PlaybackStopped(now);
    }

    public void LineEvent(LineEvent kind, long now) => _next.LineEvent(kind, now);

    public void NumberRouted(char[] digits, int length, NumberKind kind, long now) => _next.NumberRouted(digits, length, kind, now);

    public void ToneStarted(CallProgressTone tone, long now) => _next.ToneStarted(tone, now);

    public void PromptStarted(PromptId id, long now) => _next.PromptStarted(id, now);

    public void IvrDecision(IvrDecision kind, int step, int strikes, long now) => _next.IvrDecision(kind, step, strikes, now);

    public void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now) =>
        _next.PasswordSet(unit, targetNumber, durationMs, chargeUnits, now);

    public void IvrEnded(IvrOutcome outcome, long now) => _next.IvrEnded(outcome, now);

    public void Frame(short[] heard, short[] played, int count, long startSample) => _next.Frame(heard, played, count, startSample);
}
