namespace Fxs.Hal.Linux
{
    /// <summary>The negative errno values a PCM device returns (Linux asm-generic/errno-base.h and errno.h, as ALSA reports them).</summary>
    public static class PcmErrors
    {
        /// <summary>-EINTR (4): interrupted by a signal; retry.</summary>
        public const int Interrupted = -4;

        /// <summary>-EIO (5): I/O error.</summary>
        public const int IoError = -5;

        /// <summary>-EAGAIN (11): nothing to transfer now (non-blocking mode only).</summary>
        public const int TryAgain = -11;

        /// <summary>-EBUSY (16): another process has the device open (opening without the nonblock flag still refuses at once).</summary>
        public const int Busy = -16;

        /// <summary>-ENODEV (19): the device went away (USB codec unplugged).</summary>
        public const int NoDevice = -19;

        /// <summary>-EPIPE (32): an xrun: capture overrun (samples lost) or playback underrun (the line got a gap).</summary>
        public const int Xrun = -32;

        /// <summary>-EBADFD (77): the PCM is not in a state for this call (e.g. not prepared).</summary>
        public const int BadState = -77;

        /// <summary>-ESTRPIPE (86): the stream was suspended (power management); resume or prepare.</summary>
        public const int Suspended = -86;
    }
}
