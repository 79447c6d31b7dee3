using System;
using System.Collections.Generic;
using System.Text;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal;

namespace Fxs.Gateway.Tests;

/// <summary>The test hook on the composition: every event the port reports, and every frame it heard and played.</summary>
internal sealed class Recorder : IGatewayMonitor
{
    public readonly List<string> Events = new();
    public readonly List<(long T, PromptId Id)> Prompts = new();
    public readonly List<(long T, LineEvent Kind)> Line = new();
    public readonly List<(long T, IvrDecision Kind, int Step, int Strikes)> Decisions = new();
    public readonly List<(long T, CallProgressTone Tone)> Tones = new();
    public readonly List<(long T, IvrOutcome Outcome)> Outcomes = new();
    public readonly List<long> Stops = new();
    public readonly List<(long T, PasswordUnit Unit, string Target, long DurationMs, int Units)> Sets = new();
    public readonly List<string> Routed = new();
    public readonly StringBuilder Keys = new();
    public readonly List<short> Heard = new();
    public readonly List<short> Played = new();

    public IEnumerable<PromptId> PromptIds { get { foreach (var p in Prompts) { yield return p.Id; } } }

    public void LineEvent(LineEvent kind, long now) { Line.Add((now, kind)); Events.Add(now / 8 + " line " + kind); }

    public void KeyHeard(char key, DigitSource source, long now) { Keys.Append(key); Events.Add(now / 8 + " key " + key + " " + source); }

    public void NumberRouted(char[] digits, int length, NumberKind kind, long now)
    {
        string n = new string(digits, 0, length);
        Routed.Add(n);
        Events.Add(now / 8 + " routed " + n + " " + kind);
    }

    public void ToneStarted(CallProgressTone tone, long now) { Tones.Add((now, tone)); Events.Add(now / 8 + " tone " + tone); }

    public void PromptSequenceStarted(PromptId[] sequence, int count, long now)
    {
        Events.Add(now / 8 + " play " + string.Join(",", sequence[..count]));
    }

    public void PromptStarted(PromptId id, long now) { Prompts.Add((now, id)); }

    public void PlaybackStopped(long now) { Stops.Add(now); Events.Add(now / 8 + " stop"); }

    public void IvrDecision(IvrDecision kind, int step, int strikes, long now)
    {
        Decisions.Add((now, kind, step, strikes));
        Events.Add(now / 8 + " decision " + kind + " step " + step + " strikes " + strikes);
    }

    public void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now)
    {
        Sets.Add((now, unit, targetNumber, durationMs, chargeUnits));
        Events.Add(now / 8 + " set " + unit + " " + targetNumber);
    }

    public void IvrEnded(IvrOutcome outcome, long now) { Outcomes.Add((now, outcome)); Events.Add(now / 8 + " ended " + outcome); }

    public void Frame(short[] heard, short[] played, int count, long startSample)
    {
        for (int i = 0; i < count; i++) { Heard.Add(heard[i]); Played.Add(played[i]); }
    }

    public string Transcript => string.Join("\n", Events);

    /// <summary>Mean power of what the port played in [from, to) samples, dBm0 (host maths: test only).</summary>
    public double PlayedDbm0(long from, long to) => Dbm0(Played, from, to);

    public static double Dbm0(List<short> samples, long from, long to)
    {
        to = Math.Min(to, samples.Count);
        if (to <= from) { return double.NegativeInfinity; }
        double sum = 0;
        for (long i = from; i < to; i++) { double s = samples[(int)i]; sum += s * s; }
        double zero = ToneLevel.AmplitudeQ16(0) / 65536.0;
        return 10 * Math.Log10(sum / (to - from) / (zero * zero / 2) + 1e-30);
    }
}
