namespace Fxs.Core.Dsp
{
    /// <summary>
    /// The rule that decided a 20 ms window holding a candidate key: <see cref="Hit"/> when the
    /// window held the digit, otherwise the first rule that refused it (in the order the receiver
    /// checks them). A field engineer reads these to see why a key was or was not heard.
    /// </summary>
    public enum DtmfRule
    {
        /// <summary>The window held the digit.</summary>
        Hit = 0,

        /// <summary>
        /// The window held the digit by the weak margins only (something under the key lifted a
        /// neighbour or a probe); it counts towards a start beside a full hit.
        /// </summary>
        WeakHit,

        /// <summary>A tone is under the minimum level (<see cref="DtmfReceiverProfile.MinLevelDeciDbm0"/>).</summary>
        TooWeak,

        /// <summary>The row tone does not stand the in-group margin over the other row tones.</summary>
        RowNotClear,

        /// <summary>The column tone does not stand the in-group margin over the other column tones.</summary>
        ColumnNotClear,

        /// <summary>A tone's level swings too much across the window's 5 ms sub-blocks.</summary>
        Unsteady,

        /// <summary>The column (high group) tone is too much stronger than the row tone.</summary>
        HighTooStrong,

        /// <summary>The row (low group) tone is too much stronger than the column tone.</summary>
        LowTooStrong,

        /// <summary>The two tones carry too small a share of the window's energy (speech, noise).</summary>
        ToneShare,

        /// <summary>The row tone is off its nominal frequency by more than the tolerance.</summary>
        RowOffFrequency,

        /// <summary>The column tone is off its nominal frequency by more than the tolerance.</summary>
        ColumnOffFrequency,

        /// <summary>Something else stands too close under a tone at a probe frequency (speech harmonics).</summary>
        Probes,

        /// <summary>
        /// A start by weak hits only, whose tones' frequencies wander over its windows, as a
        /// voice's harmonics do (<see cref="DtmfReceiverProfile.WeakStartSpreadCentiPercent"/>).
        /// </summary>
        Glide,

        /// <summary>
        /// Over the windows that would start the key, its tones are further apart in frequency
        /// than a phone's can be (<see cref="DtmfReceiverProfile.PairToleranceCentiPercent"/>).
        /// </summary>
        PairApart,

        /// <summary>
        /// The key's tones stand in the ratio of two neighbouring harmonics of one voice
        /// (<see cref="DtmfReceiverProfile.HarmonicBandCentiPercent"/>).
        /// </summary>
        HarmonicPair,

        /// <summary>
        /// Weaker than the digit just ended by more than the echo guard allows, soon after it: a
        /// tone's decaying tail or its echo, not a new key.
        /// </summary>
        EchoGuard,

        /// <summary>
        /// The key's tones stand in the 5 : 8 ratio of a voice's fifth and eighth harmonics, and
        /// its other harmonics show between and around them, where a key puts nothing
        /// (<see cref="DtmfReceiverProfile.HarmonicCombMarginDeciDb"/>).
        /// </summary>
        HarmonicComb,
    }

    /// <summary>
    /// What the receiver measured in one 20 ms window that held a candidate key: the strongest row
    /// and column tones, each within 10 dB of the minimum level or above. One instance is reused
    /// for every window (no allocation); copy what you keep.
    /// </summary>
    public sealed class DtmfWindowTrace
    {
        /// <summary>Value of the offsets when they were not measured (the window was refused before).</summary>
        public const int NotMeasured = int.MinValue;

        /// <summary>First sample of the window (5 ms steps, 20 ms long).</summary>
        public long StartSample;

        /// <summary>Sample just past the window.</summary>
        public long EndSample;

        /// <summary>The candidate digit: the strongest row tone with the strongest column tone.</summary>
        public char Digit;

        /// <summary>The candidate's row tone, Hz (nominal).</summary>
        public int RowHz;

        /// <summary>The candidate's column tone, Hz (nominal).</summary>
        public int ColumnHz;

        /// <summary>Row tone level, hundredths of dBm0 (mean over the window's sub-blocks).</summary>
        public int RowLevelCentiDbm0;

        /// <summary>Column tone level, hundredths of dBm0.</summary>
        public int ColumnLevelCentiDbm0;

        /// <summary>Row tone's frequency offset from nominal, hundredths of a percent, or <see cref="NotMeasured"/>.</summary>
        public int RowOffsetCentiPercent;

        /// <summary>Column tone's frequency offset from nominal, hundredths of a percent, or <see cref="NotMeasured"/>.</summary>
        public int ColumnOffsetCentiPercent;

        /// <summary>What decided the window.</summary>
        public DtmfRule Rule;

        /// <summary>Twist, hundredths of dB: column level over row level (positive: high group stronger).</summary>
        public int TwistCentiDb { get { return ColumnLevelCentiDbm0 - RowLevelCentiDbm0; } }
    }

    /// <summary>
    /// Receives the receiver's per-window measurements (<see cref="DtmfReceiver.Trace"/>). Called
    /// from inside <see cref="DtmfReceiver.Process"/>, before the digit events of the same window.
    /// </summary>
    public interface IDtmfTraceListener
    {
        /// <summary>One window that held a candidate key, and the rule that decided it.</summary>
        void Window(DtmfWindowTrace window);
    }

    /// <summary>Names of <see cref="DtmfRule"/> values as printed by the tools (kebab case, stable).</summary>
    public static class DtmfRuleNames
    {
        /// <summary>The printed name of a rule.</summary>
        public static string Of(DtmfRule rule)
        {
            switch (rule)
            {
                case DtmfRule.Hit: return "hit";
                case DtmfRule.WeakHit: return "weak-hit";
                case DtmfRule.TooWeak: return "too-weak";
                case DtmfRule.RowNotClear: return "row-not-clear";
                case DtmfRule.ColumnNotClear: return "column-not-clear";
                case DtmfRule.Unsteady: return "unsteady";
                case DtmfRule.HighTooStrong: return "twist-high";
                case DtmfRule.LowTooStrong: return "twist-low";
                case DtmfRule.ToneShare: return "tone-share";
                case DtmfRule.RowOffFrequency: return "row-off-frequency";
                case DtmfRule.ColumnOffFrequency: return "column-off-frequency";
                case DtmfRule.Probes: return "probes";
                case DtmfRule.EchoGuard: return "echo-guard";
                case DtmfRule.Glide: return "glide";
                case DtmfRule.PairApart: return "pair-apart";
                case DtmfRule.HarmonicPair: return "harmonic-pair";
                case DtmfRule.HarmonicComb: return "harmonic-comb";
                default: return "unknown";
            }
        }
    }
}
