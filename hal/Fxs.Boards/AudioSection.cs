using Fxs.Hal;

namespace Fxs.Boards
{
    /// <summary>The line audio through ALSA (JSON section <c>audio</c>, required on linux-gpio boards): 8 kHz mono both ways.</summary>
    public sealed class AudioSection
    {
        /// <summary>ALSA PCM the gateway hears the line from, e.g. <c>plughw:CARD=Device,DEV=0</c>.</summary>
        public string Capture { get; }

        /// <summary>ALSA PCM the gateway plays to the line.</summary>
        public string Playback { get; }

        /// <summary>Sample format on the PCM: <c>"s16le"</c>, <c>"mu-law"</c> or <c>"a-law"</c>; the codec port declares it.</summary>
        public CodecEncoding Format { get; }

        /// <summary>ALSA period, 10 ms frames (<see cref="BoardLimits.MinPeriodFrames"/>..<see cref="BoardLimits.MaxPeriodFrames"/>).</summary>
        public int PeriodFrames { get; }

        /// <summary>ALSA buffer, periods (<see cref="BoardLimits.MinBufferPeriods"/>..<see cref="BoardLimits.MaxBufferPeriods"/>).</summary>
        public int BufferPeriods { get; }

        internal AudioSection(string capture, string playback, CodecEncoding format, int periodFrames, int bufferPeriods)
        {
            Capture = capture;
            Playback = playback;
            Format = format;
            PeriodFrames = periodFrames;
            BufferPeriods = bufferPeriods;
        }
    }
}
