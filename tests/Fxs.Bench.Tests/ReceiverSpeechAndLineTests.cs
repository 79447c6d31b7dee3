using Fxs.Bench;

namespace Fxs.Bench.Tests;

/// <summary>
/// Our receiver on the bench's full signals where the core tests cannot build them: the real
/// speech corpus (espeak-ng voices and ALSA's recordings), the guidance echo, and the band-pass.
/// </summary>
public class ReceiverSpeechAndLineTests
{
    private static readonly DtmfConformanceSuite Suite = new(new BenchOptions { CorpusCacheDirectory = SuiteTests.Cache });
    private static readonly FxsDtmfDecoder Fxs = new();

    [Fact]
    public void Gives_no_digit_from_the_guidance_echoed_6_dB_down()
    {
        var echo = Suite.GuidanceEcho(Fxs);
        Assert.True(echo.Minutes >= 5.0, $"guidance corpus is only {echo.Minutes:F1} min");
        Assert.Equal("", echo.Digits);
    }

    [Fact]
    public void Makes_no_error_after_a_300_to_3400_Hz_band_pass()
    {
        Assert.Equal(0, Suite.ImpairmentErrors(Fxs, DtmfImpairment.BandPass).Errors);
    }

    // Issue #2 asks for no digit at all in 30 minutes of speech; the receiver is not there yet
    // (two '*' from one espeak voice whose harmonics sit on 941 and 1209 Hz). This holds the line
    // so that no change makes it worse; tighten it to zero when the receiver gets there.
    [Fact]
    public void Talk_off_on_30_minutes_of_speech_is_no_worse_than_two_false_digits()
    {
        var talkOff = Suite.TalkOff(Fxs);
        Assert.True(talkOff.Minutes >= 30.0, $"speech corpus is only {talkOff.Minutes:F1} min");
        Assert.InRange(talkOff.FalseDigits, 0, 2);
    }
}
