using System;
using System.Runtime.InteropServices;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// An ALSA PCM (libasound.so.2) as an <see cref="IPcmDevice"/>: blocking readi/writei of 8 kHz
    /// mono, RW interleaved, set up with snd_pcm_set_params (soft resampling on, so a "plughw:"
    /// or "default" PCM converts for codecs that cannot do 8 kHz).
    /// <para>
    /// Why not Iot.Device.Media's SoundDevice (research/ecosystem.md §2): it records only to a file
    /// or a Stream, blocking for a whole recording, in WAV form; its period is ALSA's default (not
    /// 10 ms); it has no xrun recovery (an error disposes the device and throws); and it declares
    /// snd_pcm_uframes_t as ulong, which breaks the call on 32-bit boards. A 10 ms frame pump needs
    /// none of its features and all of what it lacks, in about a hundred lines.
    /// </para>
    /// Not thread-safe: one thread transfers; <see cref="Close"/> only after it has stopped.
    /// </summary>
    public sealed unsafe class AlsaPcmDevice : IPcmDevice
    {
        private readonly string _name;
        private IntPtr _pcm;

        /// <summary>A device for the ALSA PCM named <paramref name="name"/> (e.g. "plughw:CARD=Device,DEV=0", "default"); nothing is opened yet.</summary>
        public AlsaPcmDevice(string name)
        {
            if (string.IsNullOrWhiteSpace(name)) { throw new ArgumentException("an ALSA PCM name is needed", nameof(name)); }
            _name = name;
        }

        /// <summary>The ALSA PCM name.</summary>
        public string Name { get { return _name; } }

        /// <summary>True between <see cref="Open"/> and <see cref="Close"/>.</summary>
        public bool IsOpen { get { return _pcm != IntPtr.Zero; } }

        /// <inheritdoc />
        public void Open(PcmDirection direction, CodecEncoding encoding, int latencyMicroseconds)
        {
            if (_pcm != IntPtr.Zero) { throw new InvalidOperationException("already open"); }
            if (latencyMicroseconds <= 0) { throw new ArgumentOutOfRangeException(nameof(latencyMicroseconds)); }
            int stream = direction == PcmDirection.Capture ? AlsaNative.StreamCapture : AlsaNative.StreamPlayback;
            int format = encoding == CodecEncoding.MuLaw ? AlsaNative.FormatMuLaw
                : encoding == CodecEncoding.ALaw ? AlsaNative.FormatALaw
                : AlsaNative.FormatS16Le;
            // The board file's field for this PCM, and the tool that lists the PCMs there are.
            string field = direction == PcmDirection.Capture ? "audio.capture" : "audio.playback";
            string lister = direction == PcmDirection.Capture ? "arecord -L" : "aplay -L";
            string part = "ALSA " + (direction == PcmDirection.Capture ? "capture" : "playback") + " PCM '" + _name + "'";
            int r;
            IntPtr pcm;
            try { r = AlsaNative.PcmOpen(out pcm, _name, stream, 0); } // mode 0: blocking
            catch (DllNotFoundException e)
            {
                throw new BoardPartException(AlsaNative.Library, "not found", "install libasound2", e);
            }
            if (r < 0)
            {
                string advice = r == PcmErrors.Busy
                    ? "another program holds it (`fuser -v /dev/snd/*` names it; is another fxs running?)"
                    : "set " + field + " in the board file to a PCM `" + lister + "` lists (is the adapter plugged in, is fxs in the audio group?)";
                throw new BoardPartException(part, "cannot be opened (" + Describe(r) + ")", advice);
            }
            r = AlsaNative.PcmSetParams(pcm, format, AlsaNative.AccessRwInterleaved, 1, (uint)LineTime.SampleRateHz, 1, (uint)latencyMicroseconds);
            if (r < 0)
            {
                AlsaNative.PcmClose(pcm);
                throw new BoardPartException(part, $"refuses {encoding}, mono, {LineTime.SampleRateHz} Hz, {latencyMicroseconds} µs ({Describe(r)})",
                    "use a plughw: PCM in " + field + " so ALSA converts, or a codec that runs 8 kHz");
            }
            _pcm = pcm;
        }

        /// <inheritdoc />
        public int Read(Span<short> samples)
        {
            fixed (short* p = samples) { return Result(AlsaNative.PcmReadi(Handle(), p, (nuint)samples.Length)); }
        }

        /// <inheritdoc />
        public int Read(Span<byte> codes)
        {
            fixed (byte* p = codes) { return Result(AlsaNative.PcmReadi(Handle(), p, (nuint)codes.Length)); }
        }

        /// <inheritdoc />
        public int Write(ReadOnlySpan<short> samples)
        {
            fixed (short* p = samples) { return Result(AlsaNative.PcmWritei(Handle(), p, (nuint)samples.Length)); }
        }

        /// <inheritdoc />
        public int Write(ReadOnlySpan<byte> codes)
        {
            fixed (byte* p = codes) { return Result(AlsaNative.PcmWritei(Handle(), p, (nuint)codes.Length)); }
        }

        /// <inheritdoc />
        public int Recover(int error)
        {
            return AlsaNative.PcmRecover(Handle(), error, 1); // silent: the pump logs, rate-limited
        }

        /// <inheritdoc />
        public int Prepare()
        {
            return AlsaNative.PcmPrepare(Handle());
        }

        /// <inheritdoc />
        public void Close()
        {
            if (_pcm == IntPtr.Zero) { return; }
            AlsaNative.PcmClose(_pcm);
            _pcm = IntPtr.Zero;
        }

        /// <inheritdoc />
        public string Describe(int error)
        {
            IntPtr text = AlsaNative.StrError(error);
            return (text == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(text)) ?? ("error " + error);
        }

        /// <summary>Closes the PCM.</summary>
        public void Dispose() { Close(); }

        private IntPtr Handle()
        {
            if (_pcm == IntPtr.Zero) { throw new InvalidOperationException("PCM not open"); }
            return _pcm;
        }

        // snd_pcm_sframes_t: a frame count, or a negative errno; both fit an int for 10 ms transfers.
        private static int Result(nint r) { return (int)r; }
    }
}
