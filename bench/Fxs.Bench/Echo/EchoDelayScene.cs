using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;
using Fxs.Core.Dsp.Echo;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Hal;

namespace Fxs.Bench.Echo;

/// <summary>What one G.168 model at one bulk delay gave (see <see cref="EchoDelayScene.Run"/>).</summary>
/// <remarks>
/// TrueDelaySamples: bulk delay + the model's strongest tap. WindowStartSamples: where the canceller's window ended (talk-off
/// run). OutsideDb: the path's energy left outside that window, dB under the whole path's (the ERLE ceiling it sets).
/// SettledMs: from the guidance's start (talk-off run), when the window last moved to a place holding all but 1 % (−20 dB)
/// of the path's energy and stayed there; NaN if it never did.
/// </remarks>
public sealed record EchoDelayCell(int Model, int BulkDelayMs, int Keys, int Missed, int FalseUnderKeys, int TalkOffDigits,
    int TrueDelaySamples, int WindowStartSamples, double OutsideDb, double SettledMs, int Moves, int StateBytes);

/// <summary>
/// One cell of the echo-delay bench: the gateway's guidance (every prompt of prompts/ja, in catalogue
/// order with 300 ms between them, as the port plays it: µ-law) is echoed through G.168 model m
/// behind a pure bulk delay, scaled to the return loss asked for on the guidance itself (echo power
/// over played power), added to the keys, and µ-law encoded (the line); then
/// <see cref="DelayTrackingEchoCanceller"/> (128 taps, window start 0-64 ms, hint 0: the sim
/// board's echoDelayFrames = 1) → <see cref="DtmfReceiver"/> (default profile), as in GatewayPort.
/// (a) random keys 50 ms on / 50 ms off at the level asked for per tone, starting
/// <see cref="KeyStartMs"/> into the guidance; (b) the guidance echo alone, once through the whole catalogue, on a fresh canceller.
/// Everything double-precision on the host side is seeded; the port side is the core's integer code.
/// </summary>
public static class EchoDelayScene
{
    /// <summary>Line samples per second.</summary>
    public const int Rate = LineTime.SampleRateHz;

    /// <summary>
    /// Guidance before the first key, ms: the estimator locks within about 0.5-1 s and the canceller
    /// then starts afresh at the new window and needs 1-2 s of guidance without keys to converge
    /// (keys are double talk: it learns only between them).
    /// </summary>
    public const int KeyStartMs = 3000;

    /// <summary>Silence the IVR leaves between two prompts in this bench's guidance, ms.</summary>
    public const int GapMs = 300;

    /// <summary>The guidance: every prompt of <paramref name="prompts"/>, decoded, in catalogue order, 300 ms apart.</summary>
    public static short[] Guidance(IPromptSource prompts)
    {
        var all = new List<short>();
        for (int i = 0; i < PromptCatalogue.Count; i++)
        {
            PromptAudio? a = prompts.Find(PromptCatalogue.At(i));
            if (a == null) { continue; }
            var x = new short[a.SampleCount];
            a.ReadLinear(0, x, 0, x.Length);
            all.AddRange(x);
            for (int k = 0; k < GapMs * Rate / 1000; k++) { all.Add(0); }
        }
        return all.ToArray();
    }

    /// <summary>Runs one cell: <paramref name="keys"/> keys (0: talk-off only) and a talk-off pass over the whole guidance.</summary>
    public static EchoDelayCell Run(short[] guidance, int model, int bulkDelayMs, double returnLossDb, int keys, double keyDbm0, int seed, int hintStartSamples = 0)
    {
        int bulk = bulkDelayMs * Rate / 1000;
        double[] h = G168EchoPaths.UnitEnergyPath(model, bulk);
        int trueDelay = bulk + G168EchoPaths.PeakTap(model);
        var rng = new Random(seed);

        // (a) Keys under the echo.
        int missed = 0, extras = 0;
        int keyedMoves = 0;
        if (keys > 0)
        {
            int keyOn = 50 * Rate / 1000, keyOff = 50 * Rate / 1000;
            int length = KeyStartMs * Rate / 1000 + keys * (keyOn + keyOff) + Rate / 5;
            int start = rng.Next(guidance.Length);
            var played = new short[length];
            for (int i = 0; i < length; i++) { played[i] = guidance[(start + i) % guidance.Length]; }
            double[] line = Echo(played, h, returnLossDb);
            var sent = new List<SentTone>(keys);
            double amplitude = Levels.SineAmplitude(keyDbm0);
            int at = KeyStartMs * Rate / 1000;
            for (int k = 0; k < keys; k++)
            {
                char d = DtmfDigits.All[rng.Next(16)];
                double fr = DtmfDigits.RowHz[DtmfDigits.RowOf(d)], fc = DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(d)];
                double pr = rng.NextDouble() * 2 * Math.PI, pc = rng.NextDouble() * 2 * Math.PI;
                for (int i = 0; i < keyOn; i++)
                {
                    double t = (double)i / Rate;
                    line[at + i] += amplitude * (Math.Sin(2 * Math.PI * fr * t + pr) + Math.Sin(2 * Math.PI * fc * t + pc));
                }
                sent.Add(new SentTone(d, at, at + keyOn));
                at += keyOn + keyOff;
            }
            var (decided, ec) = Port(played, MuLawLine(line), hintStartSamples);
            DtmfScore score = DtmfScorer.Score(sent, decided);
            missed = score.Misses + score.Wrong;
            extras = score.Extras + score.Splits;
            keyedMoves = ec.Moves;
        }

        // (b) Talk-off: the echo of the whole guidance alone, from a fresh canceller.
        double[] echoAlone = Echo(guidance, h, returnLossDb);
        var starts = new List<int>();
        var (talkOff, ec2) = Port(guidance, MuLawLine(echoAlone), hintStartSamples, starts);
        int taps = Core.Gateway.GatewayPort.EchoTaps;
        double settledMs = double.NaN;
        for (int f = starts.Count - 1; f >= 0 && Outside(h, starts[f], taps) <= 0.01; f--) { settledMs = f * 10.0; }
        double outside = Outside(h, ec2.WindowStartSamples, taps);
        return new EchoDelayCell(model, bulkDelayMs, keys, missed, extras, talkOff.Count, trueDelay,
            ec2.WindowStartSamples, 10 * Math.Log10(Math.Max(outside, 1e-9)), settledMs, Math.Max(keyedMoves, ec2.Moves), ec2.StateBytes);
    }

    // Fraction of Σh² outside [start, start + taps).
    private static double Outside(double[] h, int start, int taps)
    {
        double all = 0, held = 0;
        for (int k = 0; k < h.Length; k++)
        {
            all += h[k] * h[k];
            if (k >= start && k < start + taps) { held += h[k] * h[k]; }
        }
        return all > 0 ? 1 - held / all : 0;
    }

    /// <summary>played ⊗ h, scaled so that its power is <paramref name="returnLossDb"/> under the played signal's.</summary>
    public static double[] Echo(short[] played, double[] h, double returnLossDb)
    {
        var y = new double[played.Length];
        int first = 0;
        while (first < h.Length && h[first] == 0) { first++; }
        double pp = 0, pe = 0;
        for (int n = 0; n < played.Length; n++)
        {
            double acc = 0;
            int kmax = Math.Min(h.Length - 1, n);
            for (int k = first; k <= kmax; k++) { acc += h[k] * played[n - k]; }
            y[n] = acc;
            pp += (double)played[n] * played[n];
            pe += acc * acc;
        }
        double gain = pe > 0 ? Math.Sqrt(pp / pe * Math.Pow(10, -returnLossDb / 10)) : 0;
        for (int n = 0; n < y.Length; n++) { y[n] *= gain; }
        return y;
    }

    /// <summary>The line: µ-law encoded and decoded (what the port hears).</summary>
    public static short[] MuLawLine(double[] x)
    {
        var s = new short[x.Length];
        for (int i = 0; i < x.Length; i++) { s[i] = (short)Math.Clamp(Math.Round(x[i]), short.MinValue, short.MaxValue); }
        var codes = new byte[s.Length];
        G711.EncodeMuLaw(s, 0, codes, 0, s.Length);
        G711.DecodeMuLaw(codes, 0, s, 0, s.Length);
        return s;
    }

    /// <summary>The port's path in 10 ms frames: delay-tracking canceller (hint 0) → receiver.</summary>
    public static (List<DecodedDigit> Digits, DelayTrackingEchoCanceller Canceller) Port(short[] played, short[] heard, int hintStartSamples = 0, List<int>? windowStarts = null)
    {
        var ec = new DelayTrackingEchoCanceller(Core.Gateway.GatewayPort.EchoTaps, Core.Gateway.GatewayPort.MaxEchoWindowStartSamples, hintStartSamples);
        var digits = new Digits();
        var rx = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), digits);
        var cleaned = new short[80];
        var p = new short[80];
        var y = new short[80];
        for (int at = 0; at + 80 <= played.Length; at += 80)
        {
            Array.Copy(played, at, p, 0, 80);
            Array.Copy(heard, at, y, 0, 80);
            ec.Process(p, y, cleaned, 0, 80);
            rx.Process(cleaned, 0, 80);
            windowStarts?.Add(ec.WindowStartSamples);
        }
        rx.Flush();
        return (digits.List, ec);
    }

    private sealed class Digits : IDtmfListener
    {
        public readonly List<DecodedDigit> List = new();
        public void DigitStarted(char digit, long onsetSample) { }
        public void DigitEnded(char digit, long onsetSample, long endSample) { List.Add(new DecodedDigit(digit, onsetSample, endSample)); }
    }
}
