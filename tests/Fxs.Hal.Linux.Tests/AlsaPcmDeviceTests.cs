using System;
using System.IO;

namespace Fxs.Hal.Linux.Tests;

/// <summary>
/// The real libasound binding against ALSA's "null" PCM (alsa-lib's built-in plugin: accepts any
/// format, discards playback, captures silence): proves the P/Invoke signatures, the format and
/// access constants and the error path on this machine, without a sound card.
/// </summary>
public class AlsaPcmDeviceTests
{
    private static bool HaveLibasound() =>
        File.Exists("/usr/lib/x86_64-linux-gnu/libasound.so.2") || File.Exists("/usr/lib/aarch64-linux-gnu/libasound.so.2")
        || File.Exists("/usr/lib/arm-linux-gnueabihf/libasound.so.2");

    [Theory]
    [InlineData(CodecEncoding.Linear16)]
    [InlineData(CodecEncoding.MuLaw)]
    [InlineData(CodecEncoding.ALaw)]
    public void The_null_pcm_plays_and_captures_10_ms_frames(CodecEncoding encoding)
    {
        Assert.True(HaveLibasound(), "libasound.so.2 (Debian libasound2) is needed for this test");
        using var playback = new AlsaPcmDevice("null");
        playback.Open(PcmDirection.Playback, encoding, 40_000);
        using var capture = new AlsaPcmDevice("null");
        capture.Open(PcmDirection.Capture, encoding, 40_000);
        if (encoding == CodecEncoding.Linear16)
        {
            Assert.Equal(CodecFrame.Samples, playback.Write(new short[CodecFrame.Samples]));
            Assert.Equal(CodecFrame.Samples, capture.Read(new short[CodecFrame.Samples]));
        }
        else
        {
            Assert.Equal(CodecFrame.Samples, playback.Write(new byte[CodecFrame.Samples]));
            Assert.Equal(CodecFrame.Samples, capture.Read(new byte[CodecFrame.Samples]));
        }
        Assert.Equal(0, playback.Prepare());
        Assert.Equal(0, playback.Recover(PcmErrors.Xrun));
        Assert.Equal("Broken pipe", playback.Describe(PcmErrors.Xrun));
    }

    [Fact]
    public void An_unknown_pcm_name_is_refused_with_alsas_reason()
    {
        Assert.True(HaveLibasound(), "libasound.so.2 (Debian libasound2) is needed for this test");
        using var device = new AlsaPcmDevice("fxs-no-such-pcm");
        var e = Assert.Throws<BoardPartException>(() => device.Open(PcmDirection.Capture, CodecEncoding.MuLaw, 40_000));
        Assert.Contains("fxs-no-such-pcm", e.Message);
        // Issue #15: one line naming the PCM and the board file's field to change.
        Assert.StartsWith("ALSA capture PCM 'fxs-no-such-pcm' cannot be opened (", e.Message);
        Assert.Contains("set audio.capture in the board file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(device.IsOpen);
    }
}
