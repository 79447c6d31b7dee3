using System;
using System.Collections.Generic;
using System.Linq;

namespace Fxs.Bench;

/// <summary>
/// Sent digits against decided digits as sequences, for a receiver that reports no timing (multimon-ng): the minimum
/// number of edits (Levenshtein) that turn the sent sequence into the decided one, split into substitutions (a wrong
/// digit), deletions (a key lost) and insertions (a digit invented: an extra or a split).
/// </summary>
public sealed record DtmfAlignment(int Sent, int Decided, int Substitutions, int Deletions, int Insertions)
{
    /// <summary>Substitutions + deletions + insertions (the edit distance).</summary>
    public int Errors => Substitutions + Deletions + Insertions;

    public override string ToString() =>
        Errors == 0 ? "0" : $"{Errors} (sub {Substitutions}, del {Deletions}, ins {Insertions})";

    /// <summary>Aligns two digit strings (case-insensitive). Among alignments of least cost, the backtrace prefers a
    /// substitution, then a deletion, then an insertion, so the split is deterministic.</summary>
    public static DtmfAlignment Align(string sent, string decided)
    {
        string a = sent.ToUpperInvariant(), b = decided.ToUpperInvariant();
        int n = a.Length, m = b.Length;
        // Full table: the bench's sequences are at most a few thousand digits (a few MB of ints at worst).
        var d = new int[n + 1, m + 1];
        for (int i = 0; i <= n; i++) { d[i, 0] = i; }
        for (int j = 0; j <= m; j++) { d[0, j] = j; }
        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= m; j++)
            {
                int diagonal = d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                d[i, j] = Math.Min(diagonal, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
            }
        }
        int sub = 0, del = 0, ins = 0;
        for (int i = n, j = m; i > 0 || j > 0;)
        {
            if (i > 0 && j > 0 && d[i, j] == d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            {
                if (a[i - 1] != b[j - 1]) { sub++; }
                i--; j--;
            }
            else if (i > 0 && d[i, j] == d[i - 1, j] + 1) { del++; i--; }
            else { ins++; j--; }
        }
        return new DtmfAlignment(n, m, sub, del, ins);
    }

    /// <summary>Aligns the digits of sent tones (in time order) with decided digits (in the order given).</summary>
    public static DtmfAlignment Align(IReadOnlyList<SentTone> sent, IReadOnlyList<DecodedDigit> decided) =>
        Align(new string(sent.OrderBy(t => t.Start).Select(t => t.Digit).ToArray()), new string(decided.Select(d => d.Digit).ToArray()));
}
