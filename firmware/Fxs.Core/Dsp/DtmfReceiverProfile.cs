namespace Fxs.Core.Dsp
{
    /// <summary>
    /// Every threshold of the <see cref="DtmfReceiver"/>, in integer units named in each field.
    /// Defaults follow what a Japanese phone may send (事業用電気通信設備規則 art. 30, appended
    /// tables; 端末設備等規則 appended table 2) and ITU-T Q.24, with the margins the project's
    /// receiver requirements ask for (issue #2): accept ±(1.5 % + 2 Hz) and refuse ±3.5 %; high
    /// group up to 6 dB and low group up to 8 dB stronger; 0..−36 dBm0 accepted, −45 refused;
    /// 40 ms tones and 25 ms pauses accepted, 20 ms tones refused, 10 ms dropouts bridged.
    /// </summary>
    public sealed class DtmfReceiverProfile
    {
        /// <summary>
        /// Weakest tone accepted, tenths of dBm0 per tone. Midway (in dB) between −36 dBm0, which
        /// must be accepted, and −45 dBm0, which must not.
        /// </summary>
        public int MinLevelDeciDbm0 = -410;

        /// <summary>
        /// Largest excess of the high-group tone over the low-group tone, tenths of dB. Japanese
        /// phones may send the high group up to 5 dB stronger; the requirement is 6 dB.
        /// </summary>
        public int MaxHighOverLowDeciDb = 75;

        /// <summary>Largest excess of the low-group tone over the high-group tone, tenths of dB (Q.24: 8 dB).</summary>
        public int MaxLowOverHighDeciDb = 95;

        /// <summary>
        /// Largest frequency deviation accepted, hundredths of a percent. Phones send within ±1.5 %
        /// (Q.24 asks ±(1.5 % + 2 Hz) = up to 1.8 % at 697 Hz) and nothing may be accepted at
        /// ±3.5 %: 2.6 % sits in the middle of that gap.
        /// </summary>
        public int FrequencyToleranceCentiPercent = 260;

        /// <summary>
        /// Largest difference between the two tones' frequency offsets, hundredths of a percent
        /// (+1.0 % row and −1.4 % column differ by 2.4 %). A phone derives both tones from one
        /// clock; its dividers' rounding puts them at most about 1.3 % apart, and one group off by
        /// 1.5 % + 2 Hz (1.8 %) with the other on frequency must pass. Voiced speech that imitates
        /// '*' (941 + 1209 Hz) does it with the 3rd and 4th (or 4th and 5th) harmonics of one
        /// pitch, which sit 3-4 % apart from the key's ratio; 2.4 % leaves no false digit in 80
        /// minutes of speech at −10, −15 and −20 dBm0. The price: a phone whose two tones are off
        /// by the full 1.5 % + 2 Hz in opposite directions (3.4 % apart) is refused.
        /// </summary>
        public int PairToleranceCentiPercent = 240;

        /// <summary>
        /// How far the strongest tone of a group must stand above each other tone of the same group
        /// in a 20 ms window, tenths of dB. Speech spreads its energy over several harmonics; a key
        /// puts it in one.
        /// </summary>
        public int InGroupMarginDeciDb = 80;

        /// <summary>
        /// Least share of the window's energy (after removing DC and mains hum) that the two
        /// tones must carry, tenths of dB. Speech spreads its energy below 1 kHz and over many
        /// harmonics; white noise at 0 dB SNR still leaves the tones −1.8 dB, a −25 dBm0 dial tone
        /// under −20 dBm0 tones −0.6 dB.
        /// </summary>
        public int ToneShareDeciDb = -40;

        /// <summary>
        /// How far each tone must stand above the probe frequencies of its band (between and
        /// around the column tones, and at the rows' second harmonics) in a 20 ms window, tenths
        /// of dB. Speech that imitates a key does so with two harmonics of its voice, and has more
        /// harmonics beside them; a key's tones stand alone. Noise at 0 dB SNR sits 19 dB down in
        /// a 20 ms bin, so 9 dB leaves it room.
        /// </summary>
        public int ProbeMarginDeciDb = 90;

        /// <summary>
        /// Each 5 ms sub-block of a 20 ms window must hold the window's tones at no less than this,
        /// relative to the window's mean, tenths of dB. It makes a window "full of tone" so that
        /// the tone-duration rules below count real duration.
        /// </summary>
        public int SubBlockSteadinessDeciDb = -100;

        /// <summary>
        /// 20 ms windows (stepped by 5 ms) that must agree on a digit before it is accepted: 3
        /// full windows need 30 ms of tone, so a 40 ms tone passes and a 20 ms tone (at most two
        /// full windows) cannot.
        /// </summary>
        public int StartWindows = 3;

        /// <summary>
        /// ... among this many latest windows: 3 of 5 lets noise spoil two windows of a 50 ms key
        /// at 0 dB SNR without losing it.
        /// </summary>
        public int StartWindowsOf = 5;

        /// <summary>
        /// While a digit sounds, each 5 ms sub-block must still hold both tones at no less than
        /// this, relative to their level when the digit was accepted, tenths of dB.
        /// </summary>
        public int PresenceDeciDb = -100;

        /// <summary>
        /// Consecutive 5 ms sub-blocks without the digit's tones that end it: 3 (15 ms) bridges a
        /// 10 ms dropout (at most two empty sub-blocks) and ends on a 25 ms pause (at least four).
        /// </summary>
        public int EndSubBlocks = 3;

        /// <summary>Defaults: the Japanese PB reception rules and ITU-T Q.24.</summary>
        public static DtmfReceiverProfile CreateDefault() { return new DtmfReceiverProfile(); }
    }
}
