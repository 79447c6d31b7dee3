using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;

namespace Fxs.Core.Tests.Dtmf;

/// <summary>
/// Keys as real phones, rooms and lines shape them (issue #11): a press whose level wanders and
/// dips, a VoIP phone's decaying tail, an echo of the keys, a dial tone under the first key.
/// Built in double precision on the host, then rounded and µ-law round-tripped like
/// <see cref="LineSignal"/>. Levels in dBm0 per tone.
/// </summary>
internal sealed class RealKeySignal
{
    private const int Rate = 8000;
    private readonly List<double> _x = new();
    private readonly Random _random;
    private int _at;

    public RealKeySignal(int seed) { _random = new Random(seed); }

    public int Position => _at;

    public RealKeySignal Silence(double ms)
    {
        _at += Samples(ms);
        Grow(_at);
        return this;
    }

    /// <summary>
    /// A key of <paramref name="ms"/>: both tones times <paramref name="envelope"/> (a linear
    /// gain by sample index); then, if <paramref name="tailDb"/> is given, the same tones go on
    /// from that far down and decay exponentially over <paramref name="tailMs"/> (mixed into what follows).
    /// </summary>
    public RealKeySignal Key(char digit, double ms, double dbm0, Func<int, double>? envelope = null,
        double lowOffset = 0, double highOffset = 0, double? tailDb = null, double tailMs = 0)
    {
        double low = DtmfDigits.RowHz[DtmfDigits.RowOf(digit)] * (1 + lowOffset);
        double high = DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(digit)] * (1 + highOffset);
        double amplitude = LineSignal.ZeroDbm0Amplitude * Math.Pow(10, dbm0 / 20);
        double lowPhase = _random.NextDouble() * 2 * Math.PI;
        double highPhase = _random.NextDouble() * 2 * Math.PI;
        int n = Samples(ms);
        int tail = tailDb == null ? 0 : Samples(tailMs);
        Grow(_at + n + tail);
        for (int i = 0; i < n + tail; i++)
        {
            double gain = i < n ? (envelope == null ? 1 : envelope(i))
                : Math.Pow(10, tailDb!.Value / 20) * Math.Exp(-5.0 * (i - n) / tail); // 43 dB down by the tail's end
            _x[_at + i] += gain * amplitude * (Math.Sin(2 * Math.PI * low * i / Rate + lowPhase) + Math.Sin(2 * Math.PI * high * i / Rate + highPhase));
        }
        _at += n;
        return this;
    }

    /// <summary>Adds a sine at <paramref name="dbm0"/> over samples [from, to).</summary>
    public RealKeySignal AddSine(double hz, double dbm0, int from, int to)
    {
        double amplitude = LineSignal.ZeroDbm0Amplitude * Math.Pow(10, dbm0 / 20);
        for (int i = from; i < to && i < _x.Count; i++) { _x[i] += amplitude * Math.Sin(2 * Math.PI * hz * i / Rate); }
        return this;
    }

    /// <summary>Adds the whole signal back onto itself <paramref name="delayMs"/> later and <paramref name="lossDb"/> down (an echo).</summary>
    public RealKeySignal AddEcho(double delayMs, double lossDb)
    {
        int d = Samples(delayMs);
        double g = Math.Pow(10, -lossDb / 20);
        double[] copy = _x.ToArray();
        for (int i = d; i < _x.Count; i++) { _x[i] += g * copy[i - d]; }
        return this;
    }

    public short[] ToLine() => LineSignal.ToLine(_x);

    public static int Samples(double ms) => (int)Math.Round(ms * Rate / 1000);

    private void Grow(int length)
    {
        while (_x.Count < length) { _x.Add(0); }
    }
}
