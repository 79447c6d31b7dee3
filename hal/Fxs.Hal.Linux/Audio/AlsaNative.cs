using System;
using System.Runtime.InteropServices;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// The few libasound entry points the HAL uses, bound by source-generated P/Invoke
    /// (<see cref="LibraryImportAttribute"/>: no runtime marshalling stubs, trim and AOT safe).
    /// Types follow alsa/pcm.h: <c>snd_pcm_uframes_t</c> is C <c>unsigned long</c> and
    /// <c>snd_pcm_sframes_t</c> is <c>long</c>, so they are <see cref="nuint"/>/<see cref="nint"/>:
    /// 32 bits on armhf boards, 64 on arm64 (Iot.Device.Media declares them <c>ulong</c>, wrong on 32-bit).
    /// </summary>
    internal static unsafe partial class AlsaNative
    {
        internal const string Library = "libasound.so.2";

        /// <summary>snd_pcm_stream_t SND_PCM_STREAM_PLAYBACK.</summary>
        internal const int StreamPlayback = 0;

        /// <summary>snd_pcm_stream_t SND_PCM_STREAM_CAPTURE.</summary>
        internal const int StreamCapture = 1;

        /// <summary>snd_pcm_format_t SND_PCM_FORMAT_S16_LE.</summary>
        internal const int FormatS16Le = 2;

        /// <summary>snd_pcm_format_t SND_PCM_FORMAT_MU_LAW.</summary>
        internal const int FormatMuLaw = 20;

        /// <summary>snd_pcm_format_t SND_PCM_FORMAT_A_LAW.</summary>
        internal const int FormatALaw = 21;

        /// <summary>snd_pcm_access_t SND_PCM_ACCESS_RW_INTERLEAVED (readi/writei).</summary>
        internal const int AccessRwInterleaved = 3;

        [LibraryImport(Library, EntryPoint = "snd_pcm_open", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int PcmOpen(out IntPtr pcm, string name, int stream, int mode);

        [LibraryImport(Library, EntryPoint = "snd_pcm_set_params")]
        internal static partial int PcmSetParams(IntPtr pcm, int format, int access, uint channels, uint rate, int softResample, uint latencyMicroseconds);

        [LibraryImport(Library, EntryPoint = "snd_pcm_readi")]
        internal static partial nint PcmReadi(IntPtr pcm, void* buffer, nuint frames);

        [LibraryImport(Library, EntryPoint = "snd_pcm_writei")]
        internal static partial nint PcmWritei(IntPtr pcm, void* buffer, nuint frames);

        [LibraryImport(Library, EntryPoint = "snd_pcm_recover")]
        internal static partial int PcmRecover(IntPtr pcm, int error, int silent);

        [LibraryImport(Library, EntryPoint = "snd_pcm_prepare")]
        internal static partial int PcmPrepare(IntPtr pcm);

        [LibraryImport(Library, EntryPoint = "snd_pcm_close")]
        internal static partial int PcmClose(IntPtr pcm);

        [LibraryImport(Library, EntryPoint = "snd_strerror")]
        internal static partial IntPtr StrError(int error);
    }
}
