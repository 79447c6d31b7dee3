using System.Collections.Generic;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

// The receiver's refused windows, grouped for a picture: a run of windows 5 ms apart holding the same
// candidate key is one refused candidate, named by the rule that refused most of its windows. Windows
// that overlap a decided digit (its ragged onset and end) are left out: the digit is drawn there.
internal static class RefusedCandidates
{
    // Consecutive windows start 5 ms (40 samples) apart; a gap of one window still joins a run.
    private const int JoinGapSamples = 2 * 40;

    // A run spanning less than 40 ms (under 5 windows) is a tone's ragged edge or speech passing
    // through the bins, not a key someone pressed: 40 ms is the shortest key the receiver must take,
    // so a key it refused spans at least that. (Speech over a 7 s prompt gives ~80 runs of 3-4
    // windows; drawn, they bury the keys.)
    private const int MinWindows = 5;

    public sealed record Candidate(char Key, long StartSample, long EndSample, DtmfRule Rule, int Windows);

    public static List<Candidate> Group(IReadOnlyList<TracedWindow> windows, IReadOnlyList<(long Onset, long End)> digits)
    {
        var candidates = new List<Candidate>();
        var ruleCounts = new Dictionary<DtmfRule, int>();
        TracedWindow? first = null, last = null;
        int count = 0;
        foreach (TracedWindow w in windows)
        {
            if (w.Rule == DtmfRule.Hit || OverlapsDigit(w, digits)) { continue; }
            if (last is TracedWindow l && (w.Digit != l.Digit || w.StartSample - l.StartSample > JoinGapSamples))
            {
                if (count >= MinWindows) { candidates.Add(Close(first!.Value, l, ruleCounts, count)); }
                count = 0;
                ruleCounts.Clear();
            }
            if (count == 0) { first = w; }
            ruleCounts[w.Rule] = ruleCounts.GetValueOrDefault(w.Rule) + 1;
            count++;
            last = w;
        }
        if (count >= MinWindows) { candidates.Add(Close(first!.Value, last!.Value, ruleCounts, count)); }
        return candidates;
    }

    private static bool OverlapsDigit(in TracedWindow w, IReadOnlyList<(long Onset, long End)> digits)
    {
        foreach ((long onset, long end) in digits)
        {
            if (w.Overlaps(onset, end)) { return true; }
        }
        return false;
    }

    private static Candidate Close(TracedWindow first, TracedWindow last, Dictionary<DtmfRule, int> ruleCounts, int count)
    {
        DtmfRule rule = first.Rule;
        int most = 0;
        foreach (KeyValuePair<DtmfRule, int> kv in ruleCounts)
        {
            // A tie goes to the rule listed later in DtmfRule (checked later: the window came nearer a hit).
            if (kv.Value > most || (kv.Value == most && kv.Key > rule)) { rule = kv.Key; most = kv.Value; }
        }
        return new Candidate(first.Digit, first.StartSample, last.EndSample, rule, count);
    }
}
