namespace Fxs.Boards
{
    /// <summary>The ranges a board file is checked against, each with its unit and why.</summary>
    public static class BoardLimits
    {
        /// <summary>Lowest GPIO line offset on a gpiochip (or GPIO number on a microcontroller).</summary>
        public const int MinGpioLine = 0;

        /// <summary>
        /// Highest GPIO line offset accepted, lines. A sanity bound, not a hardware fact: the largest
        /// SoC gpiochips have a few hundred lines; 1023 catches a typed pin header number or a sysfs
        /// global number (often 400-600 on Pi kernels) only when it is absurd, so also check with <c>gpioinfo</c>.
        /// </summary>
        public const int MaxGpioLine = 1023;

        /// <summary>Longest Unix socket path, bytes: sockaddr_un's 108 less the terminating NUL.</summary>
        public const int MaxSocketPathBytes = 107;

        /// <summary>Lowest MCP23017/MCP23008 I2C address (A2..A0 = 000): 0x20.</summary>
        public const int MinExpanderAddress = 0x20;

        /// <summary>Highest MCP23017/MCP23008 I2C address (A2..A0 = 111): 0x27.</summary>
        public const int MaxExpanderAddress = 0x27;

        /// <summary>Highest I2C bus number accepted (<c>/dev/i2c-N</c>).</summary>
        public const int MaxI2cBus = 255;

        /// <summary>
        /// Fewest frames (10 ms each) from a played frame being queued to its echo in a heard frame:
        /// the sim board plays the frame queued last, so its echo is in the next heard frame.
        /// </summary>
        public const int MinEchoDelayFrames = 1;

        /// <summary>Most echo-delay frames the gateway takes as its canceller's starting hint: firmware/Fxs.Core/Gateway/GatewayPort.MaxEchoDelayFrames (4 = 40 ms; the estimator searches to 64 ms).</summary>
        public const int MaxEchoDelayFrames = 4;

        /// <summary>Smallest ALSA period, 10 ms frames: the gateway works in 80-sample frames (hal/Fxs.Hal/CodecFrame).</summary>
        public const int MinPeriodFrames = 1;

        /// <summary>Largest ALSA period, 10 ms frames: a key's 40 ms minimum tone must not wait longer than itself to be heard.</summary>
        public const int MaxPeriodFrames = 4;

        /// <summary>Fewest ALSA periods in the buffer: ICodecPort requires ≥ 2 frames of buffer each way (hal/README.md).</summary>
        public const int MinBufferPeriods = 2;

        /// <summary>Most ALSA periods in the buffer: 16 × 40 ms = 640 ms would already be heard as a late prompt; more is a typo.</summary>
        public const int MaxBufferPeriods = 16;

        /// <summary>
        /// Lowest ringing frequency, Hz. Japan's ringing signal is 15-20 Hz, 16 Hz usual
        /// (Business Telecommunications Facilities Rules; /work/shared/research/dtmf-receiver.md, and hal/Fxs.Hal/IRinger.cs).
        /// </summary>
        public const int MinRingingHz = 15;

        /// <summary>Highest ringing frequency, Hz (same source as <see cref="MinRingingHz"/>).</summary>
        public const int MaxRingingHz = 20;

        /// <summary>Ringing frequency when a board does not name one, Hz: Japan's usual 16 Hz (same source).</summary>
        public const int DefaultRingingHz = 16;

        /// <summary>Sim hybrid echo return loss when not given, dB: SimBoardOptions.EchoReturnLossDeciDb's default (60 tenths).</summary>
        public const int DefaultSimEchoReturnLossDb = 6;

        /// <summary>Sim echo return loss at which there is no echo at all, dB (SimBoardOptions: at or above 1000 tenths); also what <c>"off"</c> means.</summary>
        public const int SimNoEchoReturnLossDb = 100;

        /// <summary>Sim idle noise when not given, dBm0: SimBoardOptions.NoiseDeciDbm0's default (−700 tenths, a quiet line).</summary>
        public const int DefaultSimNoiseDbm0 = -70;

        /// <summary>Sim noise level at which there is none, dBm0 (SimBoardOptions: at or below −1000 tenths); also what <c>"off"</c> means.</summary>
        public const int SimNoNoiseDbm0 = -100;

        /// <summary>Loudest sim noise accepted, dBm0: 0 dBm0 noise buries every key (the receiver is specified down to 0 dB SNR at −10 dBm0 keys).</summary>
        public const int MaxSimNoiseDbm0 = 0;
    }
}
