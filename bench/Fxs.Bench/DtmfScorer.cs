using System;
using System.Collections.Generic;
using System.Linq;

namespace Fxs.Bench;

/// <summary>One digit a receiver decided: digit, onset and end sample (end exclusive, counted from the first sample fed).</summary>
public readonly record struct DecodedDigit(char Digit, long OnsetSample, long EndSample);

/// <summary>
/// Sent vs decided. Each decision is given to the sent tone it overlaps most (tones widened by the scorer's slack);
/// a decision overlapping no tone is an extra. Per tone: no decision = miss; decisions but none of the right digit =
/// wrong; every decision beyond the first = a split.
/// </summary>
public sealed record DtmfScore(int Sent, int Decided, int Correct, int Misses, int Extras, int Wrong, int Splits)
{
    /// <summary>Misses + extras + wrong + splits.</summary>
    public int Errors => Misses + Extras + Wrong + Splits;

    /// <summary>Every tone decided once, with its digit, and nothing else.</summary>
    public bool Perfect => Errors == 0 && Correct == Sent;

    public override string ToString() =>
        Errors == 0 ? "0" : $"{Errors} (miss {Misses}, extra {Extras}, wrong {Wrong}, split {Splits})";

    public static DtmfScore operator +(DtmfScore a, DtmfScore b) => new(
        a.Sent + b.Sent, a.Decided + b.Decided, a.Correct + b.Correct, a.Misses + b.Misses,
        a.Extras + b.Extras, a.Wrong + b.Wrong, a.Splits + b.Splits);

    public static DtmfScore Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);
}

/// <summary>Aligns sent tones with decided digits and counts the errors.</summary>
public static class DtmfScorer
{
    /// <summary>Default slack: a tone's span is widened by 20 ms on each side before overlaps are measured.</summary>
    public const int DefaultSlackSamples = 160;

    public static DtmfScore Score(IReadOnlyList<SentTone> sent, IReadOnlyList<DecodedDigit> decided, int slackSamples = DefaultSlackSamples)
    {
        var tones = sent.OrderBy(t => t.Start).ToArray();
        var assigned = new List<char>[tones.Length];
        int extras = 0;
        foreach (DecodedDigit d in decided)
        {
            long on = d.OnsetSample, end = Math.Max(d.EndSample, d.OnsetSample + 1);
            // First tone whose widened end is after the decision's onset.
            int lo = 0, hi = tones.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (tones[mid].End + slackSamples <= on) { lo = mid + 1; } else { hi = mid; }
            }
            int best = -1;
            long bestOverlap = 0;
            for (int i = lo; i < tones.Length && tones[i].Start - slackSamples < end; i++)
            {
                long overlap = Math.Min(end, tones[i].End + slackSamples) - Math.Max(on, tones[i].Start - slackSamples);
                if (overlap > bestOverlap) { bestOverlap = overlap; best = i; }
            }
            if (best < 0) { extras++; continue; }
            (assigned[best] ??= new List<char>()).Add(char.ToUpperInvariant(d.Digit));
        }

        int misses = 0, wrong = 0, splits = 0, correct = 0;
        for (int i = 0; i < tones.Length; i++)
        {
            List<char>? got = assigned[i];
            if (got == null || got.Count == 0) { misses++; continue; }
            bool right = got.Contains(tones[i].Digit);
            if (!right) { wrong++; }
            splits += got.Count - 1;
            if (right && got.Count == 1) { correct++; }
        }
        return new DtmfScore(tones.Length, decided.Count, correct, misses, extras, wrong, splits);
    }
}
