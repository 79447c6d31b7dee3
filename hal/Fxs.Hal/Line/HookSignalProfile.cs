namespace Fxs.Hal.Line
{
    /// <summary>
    /// Every timing threshold of the <see cref="HookSignalDecoder"/>, in line samples (8 kHz, 125 µs).
    /// <para>
    /// What a Japanese phone may send (事業用電気通信設備規則 / 端末設備等規則, summarised in
    /// research/dtmf-receiver.md): dial pulses at 10 ± 1.0 pps with a make ratio of 30-42 % and
    /// an inter-digit pause of at least 600 ms, or 20 ± 1.6 pps, make ratio 30-36 %, pause at
    /// least 450 ms. The extremes that bound the windows below, one pulse period = 1 / pps:
    /// </para>
    /// <list type="table">
    /// <item><term>longest break</term><description>9.0 pps, 30 % make: 0.70 · 111.1 ms = 77.8 ms</description></item>
    /// <item><term>shortest break</term><description>21.6 pps, 36 % make: 0.64 · 46.3 ms = 29.6 ms</description></item>
    /// <item><term>longest make within a train</term><description>9.0 pps, 42 % make: 0.42 · 111.1 ms = 46.7 ms</description></item>
    /// <item><term>shortest make</term><description>21.6 pps, 30 % make: 0.30 · 46.3 ms = 13.9 ms</description></item>
    /// <item><term>shortest inter-digit pause</term><description>450 ms (20 pps)</description></item>
    /// </list>
    /// <para>
    /// The windows are contiguous, so every break that survives the debounce has one meaning:
    /// up to <see cref="PulseBreakMinSamples"/> a line hit (ignored), then a dial pulse up to
    /// <see cref="PulseBreakMaxSamples"/>, then a hook flash up to <see cref="FlashMaxSamples"/>,
    /// then on-hook.
    /// </para>
    /// </summary>
    public sealed class HookSignalProfile
    {
        /// <summary>
        /// Debounce, samples: a loop state that lasts this long or less (5 ms) is contact bounce
        /// or a glitch and is ignored; a state is accepted once it has lasted longer, dated from
        /// its edge. Hook-switch and dial-spring contacts bounce for a few ms; 5 ms stays 2.8 times
        /// under the shortest legitimate state (a 13.9 ms make).
        /// </summary>
        public int DebounceSamples = 40;

        /// <summary>
        /// Shortest break counted as a dial pulse, samples (20 ms); shorter breaks that survive the
        /// debounce are line hits and ignored. The shortest break a phone may send is 29.6 ms, so
        /// 20 ms leaves a third of it for timing error and debounce skew.
        /// </summary>
        public int PulseBreakMinSamples = 160;

        /// <summary>
        /// Longest break counted as a dial pulse, samples (90 ms); longer breaks, up to
        /// <see cref="FlashMaxSamples"/>, are hook flashes. The longest break a phone may send is
        /// 77.8 ms (12 ms margin); flash buttons send 100 ms or more (the usual PBX/ATA settings
        /// are 100-1000 ms), so a 90 ms line keeps both apart.
        /// </summary>
        public int PulseBreakMaxSamples = 720;

        /// <summary>
        /// Longest break that is still a hook flash, samples (1000 ms); a longer break is on-hook,
        /// reported this long after the loop opened. Manual flashes (pressing the hook switch)
        /// last 300-1000 ms (North American practice, Telcordia: a switch accepts a flash up to
        /// about 1 s); Japanese フッキング is "a quick press", in the same range.
        /// </summary>
        public int FlashMaxSamples = 1000 * LineTime.SamplesPerMs;

        /// <summary>
        /// A make lasting this long (150 ms) ends a pulse train: the digit is reported then. Above
        /// the longest make within a train (46.7 ms, 3.2 times) and under the shortest inter-digit
        /// pause (450 ms, 3 times).
        /// </summary>
        public int DigitEndSamples = 1200;

        /// <summary>Most breaks in one digit: ten ('0'). A longer train is refused (<see cref="HookSignalDecoder.RejectedTrains"/>).</summary>
        public const int MaxPulsesPerDigit = 10;

        /// <summary>The defaults above.</summary>
        public static HookSignalProfile CreateDefault() { return new HookSignalProfile(); }
    }
}
