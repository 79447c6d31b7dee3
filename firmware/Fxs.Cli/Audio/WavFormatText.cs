using System;
using System.Globalization;
using NAudio.Wave;
using Fxs.Hal;

namespace Fxs.Cli.Audio;

// Words for a WAV's format, so a refusal names what was found ("44100 Hz stereo 16-bit PCM").
public static class WavFormatText
{
    /// <summary>The line's sampling rate as a WAV header says it, "8000 Hz" (LineTime.SampleRateHz).</summary>
    public static readonly string Rate = LineTime.SampleRateHz.ToString(CultureInfo.InvariantCulture) + " Hz";

    public static readonly string Accepted = Rate + " mono 16-bit PCM, µ-law or A-law";

    // WAVE_FORMAT_EXTENSIBLE carries the real format tag in the first two bytes of its SubFormat GUID,
    // which sits after wValidBitsPerSample (2 bytes) and dwChannelMask (4 bytes) in the extra data.
    private const int SubFormatOffset = 6;

    /// <summary>The effective format tag: for WAVE_FORMAT_EXTENSIBLE, the one its SubFormat names (or null if absent).</summary>
    public static WaveFormatEncoding? EffectiveEncoding(WaveFormat format)
    {
        if (format.Encoding != WaveFormatEncoding.Extensible)
        {
            return format.Encoding;
        }
        if (format is WaveFormatExtensible extensible)
        {
            return (WaveFormatEncoding)BitConverter.ToUInt16(extensible.SubFormat.ToByteArray(), 0);
        }
        if (format is WaveFormatExtraData extra && extra.ExtraSize >= SubFormatOffset + 16)
        {
            return (WaveFormatEncoding)BitConverter.ToUInt16(extra.ExtraData, SubFormatOffset);
        }
        return null;
    }

    public static string Describe(WaveFormat format)
    {
        string channels = format.Channels switch
        {
            1 => "mono",
            2 => "stereo",
            _ => format.Channels.ToString(CultureInfo.InvariantCulture) + "-channel",
        };
        WaveFormatEncoding? encoding = EffectiveEncoding(format);
        string name = encoding switch
        {
            null => "WAVE_FORMAT_EXTENSIBLE with no sub-format",
            WaveFormatEncoding.Pcm => "PCM",
            WaveFormatEncoding.IeeeFloat => "IEEE float",
            WaveFormatEncoding.MuLaw => "µ-law",
            WaveFormatEncoding.ALaw => "A-law",
            WaveFormatEncoding e when Enum.IsDefined(e) =>
                string.Format(CultureInfo.InvariantCulture, "{0} (format tag 0x{1:X4})", e, (int)e),
            WaveFormatEncoding e => string.Format(CultureInfo.InvariantCulture, "unknown encoding (format tag 0x{0:X4})", (int)e),
        };
        if (format.Encoding == WaveFormatEncoding.Extensible && encoding is not null)
        {
            name += " (WAVE_FORMAT_EXTENSIBLE)";
        }
        string bits = format.BitsPerSample > 0
            ? format.BitsPerSample.ToString(CultureInfo.InvariantCulture) + "-bit "
            : string.Empty;
        return string.Format(CultureInfo.InvariantCulture, "{0} Hz {1} {2}{3}", format.SampleRate, channels, bits, name);
    }

    /// <summary>
    /// Why a fmt chunk cannot be right, or null. A corrupt header must be called corrupt, not described as a
    /// format ("-3-channel", or "8000 Hz mono 16-bit PCM" refused for a bad block align, would mislead).
    /// </summary>
    public static string? Inconsistency(WaveFormat format)
    {
        if (format.SampleRate <= 0)
        {
            return string.Format(CultureInfo.InvariantCulture, "sample rate {0} Hz", format.SampleRate);
        }
        if (format.Channels <= 0)
        {
            return string.Format(CultureInfo.InvariantCulture, "{0} channels", format.Channels);
        }
        WaveFormatEncoding? encoding = EffectiveEncoding(format);
        bool byteSamples = encoding is WaveFormatEncoding.Pcm or WaveFormatEncoding.IeeeFloat
            or WaveFormatEncoding.MuLaw or WaveFormatEncoding.ALaw;
        if (byteSamples)
        {
            if (format.BitsPerSample <= 0)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0} bits per sample", format.BitsPerSample);
            }
            int expected = format.Channels * ((format.BitsPerSample + 7) / 8);
            if (format.BlockAlign != expected)
            {
                return string.Format(CultureInfo.InvariantCulture, "block align {0} for {1} channel(s) of {2}-bit samples; expected {3}",
                    format.BlockAlign, format.Channels, format.BitsPerSample, expected);
            }
        }
        return null;
    }

    /// <summary>The encoding fxs reads this format as, or null if fxs does not take it (mono only).</summary>
    public static LineEncoding? Classify(WaveFormat format) => format.Channels == 1 ? ClassifyUpToStereo(format) : null;

    /// <summary>
    /// The encoding of each sample of an 8 kHz mono or stereo WAV, or null. A stereo one is read only with a
    /// channel named (AudioChannel): LineAudioReader refuses it otherwise.
    /// </summary>
    public static LineEncoding? ClassifyUpToStereo(WaveFormat format)
    {
        if (format.SampleRate != LineTime.SampleRateHz || format.Channels < 1 || format.Channels > 2)
        {
            return null;
        }
        return (EffectiveEncoding(format), format.BitsPerSample, format.BlockAlign / format.Channels) switch
        {
            (WaveFormatEncoding.Pcm, 16, 2) => LineEncoding.Pcm16,
            (WaveFormatEncoding.MuLaw, 8, 1) => LineEncoding.MuLaw,
            (WaveFormatEncoding.ALaw, 8, 1) => LineEncoding.ALaw,
            _ => null,
        };
    }
}
