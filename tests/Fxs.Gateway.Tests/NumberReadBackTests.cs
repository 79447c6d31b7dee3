using System.Collections.Generic;
using System.Linq;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Xunit.Abstractions;
using static Fxs.Gateway.Tests.Call;

namespace Fxs.Gateway.Tests;

/// <summary>
/// Issue #13 item 9, on TP-8's read-back: the number is read as it is written (03-0000-1111), a
/// pause at each hyphen, judged on the audio the port played and the phone heard: digits within a
/// group follow at the digit words' own spacing, each hyphen is a silence three times as long.
/// </summary>
public class NumberReadBackTests
{
    // 5 ms analysis frames; silence is a frame under -50 dBm0 (the renderer's speech threshold,
    // 35 dB under the guidance's active level).
    private const int FrameSamples = 40;
    private const double SilenceDbm0 = -50;

    // Inside a group: the digit words' margins, 100 ms after one and 100 ms before the next.
    private const int InGroupGapMs = 200;

    // At a hyphen: the same margins and the group pause between them.
    private const int HyphenGapMs = 100 + PromptCatalogue.GroupPauseMs + 100;

    private readonly ITestOutputHelper _output;

    public NumberReadBackTests(ITestOutputHelper output) { _output = output; }

    [Theory]
    [InlineData("0300001111", "03-0000-1111")]    // Tokyo (TP-1's example)
    [InlineData("0664806430", "06-6480-6430")]    // Osaka
    [InlineData("0451234567", "045-123-4567")]    // Yokohama: 3-digit area code
    [InlineData("0422123456", "0422-12-3456")]    // Musashino: 4-digit
    [InlineData("0499212345", "04992-1-2345")]    // Izu Oshima: 5-digit
    [InlineData("05012345678", "050-1234-5678")]  // an IP phone number (11 digits)
    public void TP8_TheContractNumberIsReadBackAsWrittenWithAPauseAtEachHyphen(string contract, string written)
    {
        var c = new Call(contract: contract);
        c.DialAccess();
        c.HearToTheEnd();
        int p = c.Rec.Prompts.Count;
        c.Keys("1");
        c.HearToTheEnd();

        PromptId[] expected = ReadBack(written, PromptId.SetPasswordForNumber);
        Assert.Equal(expected, c.PromptsSince(p));
        var started = c.Rec.Prompts.Skip(p).ToList();
        long from = started[0].T, to = started[^1].T; // the first digit's start, the sentence's start
        List<(long Start, long End)> gaps = SilentRuns(c.Rec.Played, from, to);
        foreach (var g in gaps) { _output.WriteLine($"silence {(g.Start - from) / 8} ms .. {(g.End - from) / 8} ms: {(g.End - g.Start) / 8} ms"); }

        // Each hyphen: one silence of HyphenGapMs that ends where the next group's first word begins
        // (that prompt's 100 ms margin after its start, within the 10 ms frame it started in).
        var hyphenGaps = gaps.Where(g => g.End - g.Start >= (InGroupGapMs + HyphenGapMs) / 2 * 8).ToList();
        Assert.Equal(2, hyphenGaps.Count);
        int[] groupStarts = Enumerable.Range(0, expected.Length).Where(i => i > 0 && expected[i - 1] == PromptId.GroupPause).ToArray();
        for (int k = 0; k < 2; k++)
        {
            long nextWord = started[groupStarts[k]].T;
            Assert.InRange(hyphenGaps[k].End, nextWord + 80 * 8, nextWord + 130 * 8);
            Assert.InRange((hyphenGaps[k].End - hyphenGaps[k].Start) / 8, HyphenGapMs - 20, HyphenGapMs + 60);
        }

        // Inside a group: no silence longer than the words' own margins (and a little for the
        // consonants' closures and frame rounding).
        long longestInGroup = gaps.Except(hyphenGaps).Max(g => g.End - g.Start) / 8;
        Assert.InRange(longestInGroup, 0, InGroupGapMs + 60);
        // The caller's ear, past the line (its noise, a frame's delay): the same two pauses.
        var ear = new short[(int)(to - from)];
        Assert.Equal(ear.Length, c.Phone.CopyHeard(from, ear, 0, ear.Length));
        var heardHyphens = SilentRuns(ear.ToList(), 0, ear.Length).Where(g => g.End - g.Start >= (InGroupGapMs + HyphenGapMs) / 2 * 8).ToList();
        Assert.Equal(2, heardHyphens.Count);
        Assert.All(heardHyphens, g => Assert.InRange((g.End - g.Start) / 8, HyphenGapMs - 20, HyphenGapMs + 60));

        _output.WriteLine($"{written}: read back in {(to - from) / 8} ms, hyphens {(hyphenGaps[0].End - hyphenGaps[0].Start) / 8} and {(hyphenGaps[1].End - hyphenGaps[1].Start) / 8} ms of silence, longest inside a group {longestInGroup} ms");
    }

    [Fact]
    public void TP9_AKeyedNumberIsReadBackAsWrittenAndTheTranscriptShowsItWithHyphens()
    {
        var c = new Call();
        c.DialAccess();
        c.HearToTheEnd();
        c.Keys("2");
        c.HearToTheEnd();
        int p = c.Rec.Prompts.Count;
        c.Keys(Extra1 + "#");
        c.HearToTheEnd();
        Assert.Equal(ReadBack(Extra1Written, PromptId.SetPasswordForNumber), c.PromptsSince(p));
        string said = string.Concat(c.PromptsSince(p).Select(id => PromptCatalogue.Text(id)));
        Assert.StartsWith(Extra1Written + "番の仮パスワードの設定を行います。", said); // TP-8's 『△△△番の…』
    }

    // Runs of silent 5 ms frames in [from, to) of what the port played, as sample ranges.
    private static List<(long Start, long End)> SilentRuns(List<short> played, long from, long to)
    {
        var runs = new List<(long, long)>();
        long runStart = -1;
        for (long f = from; f + FrameSamples <= to; f += FrameSamples)
        {
            bool silent = Recorder.Dbm0(played, f, f + FrameSamples) < SilenceDbm0;
            if (silent && runStart < 0) { runStart = f; }
            if (!silent && runStart >= 0) { runs.Add((runStart, f)); runStart = -1; }
        }
        if (runStart >= 0) { runs.Add((runStart, to)); }
        return runs;
    }
}
