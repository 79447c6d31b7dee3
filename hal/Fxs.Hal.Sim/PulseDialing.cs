using System;

namespace Fxs.Hal.Sim
{
    /// <summary>
    /// How the model phone dials pulses. Japanese rules (research/dtmf-receiver.md): 10 ± 1.0 pps
    /// with a make ratio of 30-42 % and an inter-digit pause of at least 600 ms, or 20 ± 1.6 pps,
    /// 30-36 % and at least 450 ms. Nothing here enforces them: tests dial at and past the edges.
    /// </summary>
    public sealed class PulseDialing
    {
        /// <summary>Pulse rate, tenths of pulses per second (100 = 10.0 pps; 184 = 18.4 pps).</summary>
        public int PpsTenths;

        /// <summary>Make (loop closed) share of each pulse period, percent; the break is the rest and comes first.</summary>
        public int MakePercent;

        /// <summary>Loop closed between digits, from the end of a digit's last break to the next digit's first, milliseconds (also after the last digit).</summary>
        public int InterDigitPauseMs;

        /// <summary>Creates explicit timing.</summary>
        public PulseDialing(int ppsTenths, int makePercent, int interDigitPauseMs)
        {
            if (ppsTenths < 10 || ppsTenths > 1000) { throw new ArgumentOutOfRangeException(nameof(ppsTenths)); }
            if (makePercent < 1 || makePercent > 99) { throw new ArgumentOutOfRangeException(nameof(makePercent)); }
            if (interDigitPauseMs < 0) { throw new ArgumentOutOfRangeException(nameof(interDigitPauseMs)); }
            PpsTenths = ppsTenths;
            MakePercent = makePercent;
            InterDigitPauseMs = interDigitPauseMs;
        }

        /// <summary>Make ratio of a typical phone at either rate, percent (66.7 ms break, 33.3 ms make at 10 pps).</summary>
        public const int TypicalMakePercent = 33;

        /// <summary>Inter-digit pause of a typical 10 pps dial, ms (rule: at least 600).</summary>
        public const int TypicalPauseMs10Pps = 700;

        /// <summary>Inter-digit pause of a typical 20 pps phone, ms (rule: at least 450).</summary>
        public const int TypicalPauseMs20Pps = 500;

        /// <summary>A typical 10 pps rotary dial: 10.0 pps, 33 % make, 700 ms between digits.</summary>
        public static PulseDialing TenPps() { return new PulseDialing(100, TypicalMakePercent, TypicalPauseMs10Pps); }

        /// <summary>A typical 20 pps phone: 20.0 pps, 33 % make, 500 ms between digits.</summary>
        public static PulseDialing TwentyPps() { return new PulseDialing(200, TypicalMakePercent, TypicalPauseMs20Pps); }
    }
}
