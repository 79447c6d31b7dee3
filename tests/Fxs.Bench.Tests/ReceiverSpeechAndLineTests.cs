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

    [Fact]
    public void Gives_no_digit_in_30_minutes_of_speech_at_minus_15_dBm0()
    {
        var talkOff = Suite.TalkOff(Fxs);
        Assert.True(talkOff.Minutes >= 30.0, $"speech corpus is only {talkOff.Minutes:F1} min");
        Assert.Equal("", talkOff.Digits);
    }
}
