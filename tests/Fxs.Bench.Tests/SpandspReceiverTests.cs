using System.Linq;
using Fxs.Bench;

namespace Fxs.Bench.Tests;

public class SpandspReceiverTests
{
    [Fact]
    public void Decodes_all_sixteen_digits_with_onsets_within_15_ms()
    {
        // Fails (not skips) with "libspandsp.so.2 not found: apt-get install libspandsp2" when the library is missing.
        var sig = new DtmfSignal(7).Silence(100).Digits("0123456789*#ABCD", 60, 60, DtmfToneSpec.Equal(-10)).Silence(100);
        var got = new SpandspDtmfDecoder().Decode(sig.ToLinear());

        Assert.Equal("0123456789*#ABCD", new string(got.Select(d => d.Digit).ToArray()));
        for (int i = 0; i < got.Count; i++)
        {
            double errorMs = (got[i].OnsetSample - sig.Tones[i].Start) / 8.0;
            Assert.True(System.Math.Abs(errorMs) <= 15, $"digit {got[i].Digit}: onset off by {errorMs} ms");
            Assert.True(got[i].EndSample > got[i].OnsetSample);
        }
        Assert.True(DtmfScorer.Score(sig.Tones, got).Perfect);
    }

    [Fact]
    public void Any_chunking_gives_the_same_decisions()
    {
        var sig = new DtmfSignal(8).Silence(100).Digits("159D", 50, 50, DtmfToneSpec.Equal(-20)).Silence(100);
        short[] x = sig.ToLinear();
        var whole = new SpandspDtmfDecoder(chunkSamples: x.Length).Decode(x);
        var odd = new SpandspDtmfDecoder(chunkSamples: 37).Decode(x);
        Assert.Equal(whole, odd);
        Assert.Equal(4, whole.Count);
    }

    [Fact]
    public void Reset_restarts_positions()
    {
        var collector = new DigitCollector();
        using var rx = new SpandspDtmfReceiver(collector);
        short[] x = new DtmfSignal(9).Silence(100).Tone('5', 80, DtmfToneSpec.Equal(-10)).Silence(100).ToLinear();
        rx.Process(x, 0, x.Length);
        rx.Reset();
        Assert.Equal(0, rx.Position);
        rx.Process(x, 0, x.Length);
        rx.Flush();
        Assert.Equal(2, collector.Digits.Count);
        Assert.Equal(collector.Digits[0].OnsetSample, collector.Digits[1].OnsetSample);
    }

    [Fact]
    public void A_missing_tool_names_its_apt_package()
    {
        var e = Assert.Throws<BenchEnvironmentException>(() => ExternalTools.Run("fxs-no-such-tool", new string[0]));
        Assert.Contains("apt-get install", e.Message);
    }
}
