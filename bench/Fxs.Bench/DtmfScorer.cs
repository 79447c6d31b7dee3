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
/// <para>
/// A receiver without timing (<see cref="IDtmfDecoderUnderTest.HasTiming"/> false) is scored by sequence alignment
/// (<see cref="DtmfAlignment"/>): misses = deletions, extras = insertions, wrong = substitutions, no splits, and
/// <see cref="Timed"/> is false. <see cref="AlignedErrors"/> is the alignment's figure for every receiver scored through
/// <see cref="DtmfScorer.ScoreFor"/>, the one the report ranks receivers by.
/// </para>
public sealed record DtmfScore(int Sent, int Decided, int Correct, int Misses, int Extras, int Wrong, int Splits)
{
    /// <summary>Misses + extras + wrong + splits.</summary>
    public int Errors => Misses + Extras + Wrong + Splits;

    /// <summary>False when the figures come from sequence alignment (a receiver without timing).</summary>
    public bool Timed { get; init; } = true;

    /// <summary>Edit distance between the sent and decided sequences, when measured (null: not measured).</summary>
    public int? AlignedErrors { get; init; }

    /// <summary>The figure receivers are ranked by: the alignment's errors when measured, else <see cref="Errors"/>.</summary>
    public int RankErrors => AlignedErrors ?? Errors;

    /// <summary>Every tone decided once, with its digit, and nothing else.</summary>
    public bool Perfect => Errors == 0 && Correct == Sent;

    public override string ToString()
    {
        if (!Timed) { return Errors == 0 ? "0" : $"{Errors} (sub {Wrong}, del {Misses}, ins {Extras})"; }
        string timed = Errors == 0 ? "0" : $"{Errors} (miss {Misses}, extra {Extras}, wrong {Wrong}, split {Splits})";
        return AlignedErrors is int aligned && aligned != Errors ? $"{timed}; aligned {aligned}" : timed;
    }

    public static DtmfScore operator +(DtmfScore a, DtmfScore b) => new(
        a.Sent + b.Sent, a.Decided + b.Decided, a.Correct + b.Correct, a.Misses + b.Misses,
        a.Extras + b.Extras, a.Wrong + b.Wrong, a.Splits + b.Splits)
    {
        Timed = a.Timed && b.Timed,
        AlignedErrors = a.AlignedErrors is int x && b.AlignedErrors is int y ? x + y : null,
    };

    public static DtmfScore Zero { get; } = new(0, 0, 0, 0, 0, 0, 0) { AlignedErrors = 0 };
}

/// <summary>Aligns sent tones with decided digits and counts the errors.</summary>
public static class DtmfScorer
{
    /// <summary>Default slack: a tone's span is widened by 20 ms on each side before overlaps are measured.</summary>
    public const int DefaultSlackSamples = 160;

    /// <summary>
    /// The bench's one way to score a receiver: by timing (<see cref="Score"/>) with the alignment's errors beside when it
    /// reports timing, by sequence alignment alone when it does not.
    /// </summary>
    public static DtmfScore ScoreFor(IDtmfDecoderUnderTest decoder, IReadOnlyList<SentTone> sent, IReadOnlyList<DecodedDigit> decided)
    {
        DtmfAlignment a = DtmfAlignment.Align(sent, decided);
        if (decoder.HasTiming) { return Score(sent, decided) with { AlignedErrors = a.Errors }; }
        return new DtmfScore(a.Sent, a.Decided, a.Sent - a.Substitutions - a.Deletions, a.Deletions, a.Insertions, a.Substitutions, 0)
        {
            Timed = false,
            AlignedErrors = a.Errors,
        };
    }

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
