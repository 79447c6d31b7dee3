using System;
using System.Device.Gpio;
using Fxs.Hal.Linux.Expander;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// Everything a <see cref="LinuxBoard"/> needs to know about its wiring: plain settable
    /// properties (a board file loader, the CLI or a test fills them), checked by
    /// <see cref="Validate"/>. Line numbers are offsets on the gpiochip (or the driver's pin numbers
    /// for "raspberry-pi"/"sysfs"). An "active low" signal is asserted at 0 V.
    /// </summary>
    public sealed class LinuxBoardSettings
    {
        /// <summary>GPIO driver (<see cref="GpioDriverKinds"/>): "libgpiod-v2", "libgpiod-v1", "sysfs", "raspberry-pi" or "auto" (default).</summary>
        public string GpioDriver { get; set; } = GpioDriverKinds.Auto;

        /// <summary>gpiochip number (/dev/gpiochipN) for the libgpiod drivers; default 0.</summary>
        public int GpioChip { get; set; }

        /// <summary>SHK (switch-hook detect, input): asserted while loop current flows.</summary>
        public int ShkLine { get; set; }

        /// <summary>SHK is asserted at the low level.</summary>
        public bool ShkActiveLow { get; set; }

        /// <summary>SHK input bias: <see cref="PinMode.Input"/> (none, default), <see cref="PinMode.InputPullUp"/> or <see cref="PinMode.InputPullDown"/>.</summary>
        public PinMode ShkBias { get; set; } = PinMode.Input;

        /// <summary>RM (ring mode, output): asserted while ringing.</summary>
        public int RmLine { get; set; }

        /// <summary>RM is asserted at the low level.</summary>
        public bool RmActiveLow { get; set; }

        /// <summary>F/R (forward/reverse, output): toggled at the ring frequency while ringing; asserted = reverse.</summary>
        public int FrLine { get; set; }

        /// <summary>F/R is asserted at the low level.</summary>
        public bool FrActiveLow { get; set; }

        /// <summary>PD (power-down, output), or null when not wired: asserted powers the SLIC down (before <see cref="LinuxBoard.Start"/> and after stopping).</summary>
        public int? PdLine { get; set; }

        /// <summary>PD is asserted at the low level.</summary>
        public bool PdActiveLow { get; set; }

        /// <summary>ALSA PCM the line is heard from; default "default".</summary>
        public string CaptureDevice { get; set; } = "default";

        /// <summary>ALSA PCM the line is played to; default "default".</summary>
        public string PlaybackDevice { get; set; } = "default";

        /// <summary>Sample format on both PCMs, and so the codec port's; default µ-law (what the SLIC's codec speaks on most boards).</summary>
        public CodecEncoding Encoding { get; set; } = CodecEncoding.MuLaw;

        /// <summary>ALSA period in 10 ms frames, 1-4; default 2 (20 ms).</summary>
        public int PeriodFrames { get; set; } = 2;

        /// <summary>ALSA buffer in periods, 2-8; default 4 (80 ms with 20 ms periods).</summary>
        public int BufferPeriods { get; set; } = 4;

        /// <summary>Ring frequency, Hz, 15-20; default 16 (<see cref="GpioRinger.DefaultFrequencyHz"/>).</summary>
        public int RingFrequencyHz { get; set; } = GpioRinger.DefaultFrequencyHz;

        /// <summary>
        /// The I2C expander some lines are on, or null (all on the gpiochip). A line on it is written
        /// <see cref="ExpanderGpioDriver.ExpanderPinBase"/> + its pin (1024 + 0..15).
        /// </summary>
        public ExpanderSettings? Expander { get; set; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
        public void Validate()
        {
            ExpanderChecks.Validate(this);
            if (!GpioDriverKinds.IsKnown(GpioDriver)) { throw new ArgumentException($"GPIO driver '{GpioDriver}' is not one of libgpiod-v2, libgpiod-v1, sysfs, raspberry-pi, auto", nameof(GpioDriver)); }
            if (GpioChip < 0) { throw new ArgumentException("gpiochip must be ≥ 0", nameof(GpioChip)); }
            if (ShkLine < 0 || RmLine < 0 || FrLine < 0 || PdLine < 0) { throw new ArgumentException("GPIO lines must be ≥ 0", nameof(ShkLine)); }
            if (ShkLine == RmLine || ShkLine == FrLine || RmLine == FrLine
                || (PdLine.HasValue && (PdLine == ShkLine || PdLine == RmLine || PdLine == FrLine)))
            {
                throw new ArgumentException("SHK, RM, F/R and PD must be different lines", nameof(ShkLine));
            }
            if (ShkBias != PinMode.Input && ShkBias != PinMode.InputPullUp && ShkBias != PinMode.InputPullDown) { throw new ArgumentException("SHK bias must be an input mode", nameof(ShkBias)); }
            if (string.IsNullOrWhiteSpace(CaptureDevice)) { throw new ArgumentException("capture device name needed", nameof(CaptureDevice)); }
            if (string.IsNullOrWhiteSpace(PlaybackDevice)) { throw new ArgumentException("playback device name needed", nameof(PlaybackDevice)); }
            if (Encoding != CodecEncoding.Linear16 && Encoding != CodecEncoding.MuLaw && Encoding != CodecEncoding.ALaw) { throw new ArgumentException("unknown encoding", nameof(Encoding)); }
            if (PeriodFrames < 1 || PeriodFrames > 4) { throw new ArgumentException("period: 1-4 frames of 10 ms", nameof(PeriodFrames)); }
            if (BufferPeriods < 2 || BufferPeriods > 8) { throw new ArgumentException("buffer: 2-8 periods", nameof(BufferPeriods)); }
            if (RingFrequencyHz < GpioRinger.MinFrequencyHz || RingFrequencyHz > GpioRinger.MaxFrequencyHz) { throw new ArgumentException("ring frequency: 15-20 Hz", nameof(RingFrequencyHz)); }
        }
    }
}
