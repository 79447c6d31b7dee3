using System;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// One direction of an 8 kHz mono PCM stream, in ALSA's terms: the seam between the frame pump
    /// and libasound (<see cref="AlsaPcmDevice"/>), so that tests and the bench run the pump on a
    /// <see cref="Simulated.SimulatedPcmDevice"/>. Reads and writes block until the whole count
    /// moved or something went wrong; they return the frames moved (one frame = one sample: mono)
    /// or a negative errno (<see cref="PcmErrors"/>), never throw for stream errors. The
    /// transfer methods must not allocate.
    /// </summary>
    public interface IPcmDevice : IDisposable
    {
        /// <summary>
        /// Opens the device for <paramref name="direction"/> in <paramref name="encoding"/>
        /// (16-bit little-endian linear, or 8-bit G.711 codes), 1 channel, 8000 Hz, with a buffer
        /// of about <paramref name="latencyMicroseconds"/>. Throws <see cref="InvalidOperationException"/> when it cannot.
        /// </summary>
        void Open(PcmDirection direction, CodecEncoding encoding, int latencyMicroseconds);

        /// <summary>Capture: reads <paramref name="samples"/>.Length linear samples; frames read or a negative errno.</summary>
        int Read(Span<short> samples);

        /// <summary>Capture: reads <paramref name="codes"/>.Length G.711 codes; frames read or a negative errno.</summary>
        int Read(Span<byte> codes);

        /// <summary>Playback: writes <paramref name="samples"/>; frames written or a negative errno.</summary>
        int Write(ReadOnlySpan<short> samples);

        /// <summary>Playback: writes G.711 <paramref name="codes"/>; frames written or a negative errno.</summary>
        int Write(ReadOnlySpan<byte> codes);

        /// <summary>Recovers from <paramref name="error"/> (xrun, suspend, interrupt) as snd_pcm_recover does: 0, or a negative errno when it could not.</summary>
        int Recover(int error);

        /// <summary>Prepares the stream for use again (snd_pcm_prepare): 0 or a negative errno.</summary>
        int Prepare();

        /// <summary>Closes the stream; the device may be opened again.</summary>
        void Close();

        /// <summary>Text for a negative errno (snd_strerror). Allocates: for logs only.</summary>
        string Describe(int error);
    }
}
