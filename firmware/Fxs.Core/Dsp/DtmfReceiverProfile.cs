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
        /// Weakest tone accepted, tenths of dBm0 per tone. −36 dBm0 must be accepted and −45 dBm0
        /// must not; a long loop's keys arrive weak, so the line is drawn halfway between −44 and
        /// −45: through µ-law a tone's level estimate strays about ±0.5 dB with its phase, so
        /// −44 dBm0 is accepted (280 of 288 keys over phases and ±1.7 % offsets) and −45 never
        /// (0 of 288).
        /// </summary>
        public int MinLevelDeciDbm0 = -445;

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
        /// Largest difference between the two tones' frequency offsets (row less column, averaged
        /// over the windows that start a key), hundredths of a percent. A phone may send its row
        /// 1.5 % + 2 Hz high and its column as far low (3.4 % apart at most; a conformance tester
        /// checks all four corners), so 3.8 % leaves the estimate room. Beyond, two tones further
        /// apart than a phone's are harmonics of something else: a voice or an animal's cry an
        /// octave apart (852 : 1633 is 4.2 % off 1 : 2).
        /// </summary>
        public int PairToleranceCentiPercent = 380;

        /// <summary>
        /// A key whose tones are at least this far apart, hundredths of a percent (row offset less
        /// column offset), is judged over <see cref="SuspectStartWindows"/> windows instead of
        /// <see cref="StartWindows"/>: real phones put their tones at most 1.5 % apart, so only a
        /// tester's corner or harmonics of something else get here, and the finer estimate of
        /// more windows tells them apart (10 ms more before the key is heard).
        /// </summary>
        public int SuspectApartCentiPercent = 230;

        /// <summary>Windows that must agree on a suspect key (see <see cref="SuspectApartCentiPercent"/>)...</summary>
        public int SuspectStartWindows = 5;

        /// <summary>... among this many latest windows.</summary>
        public int SuspectStartWindowsOf = 7;

        /// <summary>
        /// Half-width, hundredths of a percent, of the band of row-less-column offsets refused
        /// around the ratio of two neighbouring harmonics of one sound (n : n+1) where a key's
        /// tones could reach it: '*' (941 : 1209 is 2.8 % off 4 : 5, a ratio a voice at 235 Hz
        /// makes with nothing between its two harmonics) and the octave (1 : 2) of '2', '6' and
        /// 'C' (4.2 % off; a cry or a whistle and its second harmonic). Real phones (chips'
        /// dividers put their tones at most 1.5 % apart) stay outside; the tester's corners are
        /// kept out by <see cref="HarmonicCornerMarginCentiPercent"/>. Where the band lies within what a
        /// phone may send ('*': a row 1.0-1.5 % high, a column as far low), a pair is still heard whose
        /// row stands no more than <see cref="WeakMaxLowOverHighDeciDb"/> over its column (a voice's
        /// 4th harmonic stands over its 5th; the Japanese rule keeps a phone's row at or under its
        /// column) and whose comb is clear (<see cref="HarmonicCombMarginDeciDb"/>).
        /// </summary>
        public int HarmonicBandCentiPercent = 45;

        /// <summary>
        /// How far, hundredths of a percent, the harmonic band stops short of the furthest apart a
        /// phone may send its tones (1.5 % + 2 Hz each, opposite ways): the estimate of a 45 ms key
        /// at 10 dB SNR strays up to about 0.3 % from the truth, and the corner must be heard.
        /// </summary>
        public int HarmonicCornerMarginCentiPercent = 40;

        /// <summary>
        /// Half-width, hundredths of a percent, of the band of row-less-column offsets around the
        /// 5 : 8 ratio of a voice's fifth and eighth harmonics ('4', '8', '#': 1.9-2.0 % apart)
        /// where a starting key must also show a clean comb (<see cref="HarmonicCombMarginDeciDb"/>).
        /// </summary>
        public int HarmonicCombBandCentiPercent = 60;

        /// <summary>
        /// For a key in the 5 : 8 band: how far, tenths of dB, every probe at least 150 Hz from
        /// both tones must stand under the weaker tone when the key starts. A voice whose 5th and
        /// 8th harmonics make the key has its 6th and 7th between them about 8-10 dB down; a key
        /// leaks no more than -21 dB there.
        /// </summary>
        public int HarmonicCombMarginDeciDb = 140;

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
        /// How far the weaker tone must stand above each probe below the rows (150-500 Hz, where
        /// a voice has its pitch and first formant) in a 20 ms window, tenths of dB.
        /// </summary>
        public int LowProbeMarginDeciDb = 90;

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
        /// A window that passes every check but stands only these margins (in-group, probe, probe
        /// below the rows; tenths of dB) under the full ones is a weak hit: speech under a key lifts
        /// a neighbour or a probe now and then. A start that counts weak hits is a weak start,
        /// judged more closely (<see cref="WeakStartWindows"/>).
        /// </summary>
        public int WeakInGroupMarginDeciDb = 50;

        /// <summary>See <see cref="WeakInGroupMarginDeciDb"/>.</summary>
        public int WeakProbeMarginDeciDb = 50;

        /// <summary>See <see cref="WeakInGroupMarginDeciDb"/>.</summary>
        public int WeakLowProbeMarginDeciDb = -60;

        /// <summary>
        /// In-group margin the row tone must stand, tenths of dB, in a window whose column is
        /// clean: the column tone stands the full in-group margin and its band's probes the full
        /// probe margin. Speech puts most of its energy below 1 kHz, among the rows: under a key
        /// it lifts the row's neighbours and leaves the column's band alone, so a clean column
        /// vouches for the key. Such a window is a weak hit whose row passed only by its column
        /// (loosened), and a start that counts one needs <see cref="WeakStartWindows"/> agreeing
        /// windows (never the fewer of <see cref="WeakFewStartWindows"/>), judged by the row
        /// figures of its other windows. 2.0 dB: recorded speech at the keys' level costs 19 keys
        /// in 1000 (5.0 dB, the rule off: 26; 1.5 dB: 17), with no false digit in the talk-off
        /// corpora (2.5 dB: one).
        /// </summary>
        public int CleanColumnRowInGroupMarginDeciDb = 20;

        /// <summary>
        /// Agreeing windows a weak start needs: one with fewer than <see cref="StartWindows"/>
        /// full hits among them.
        /// </summary>
        public int WeakStartWindows = 4;

        /// <summary>
        /// ... among this many latest windows (at most 7 remembered): speech at a key's level
        /// spoils a window or two more than noise does, and a 50 ms key gives 7 windows. A start
        /// counted over more than <see cref="StartWindowsOf"/> windows is judged as a weak start
        /// even with full hits among them. 7: recorded speech at the keys' level costs 26 keys
        /// in 1000 (5: 30).
        /// </summary>
        public int WeakStartWindowsOf = 7;

        /// <summary>
        /// A weak start of only this many agreeing windows (fewer than
        /// <see cref="WeakStartWindows"/>) is heard when its column tone holds within
        /// <see cref="WeakFewSpreadCentiPercent"/>; otherwise it waits for more windows.
        /// </summary>
        public int WeakFewStartWindows = 3;

        /// <summary>
        /// Largest spread of the column tone's frequency offset over a weak start of
        /// <see cref="WeakFewStartWindows"/> windows, hundredths of a percent: a key under speech
        /// holds its column within ±0.1 % (speech puts little energy in the column's bins), while
        /// speech imitating a key moves it with its pitch. 0.2 %: recorded speech at the keys'
        /// level costs 26 keys in 1000 (without these starts: 32), with no false digit in the
        /// talk-off corpora (0.3 %: 25 keys, but a false digit in the recorded speech and music).
        /// </summary>
        public int WeakFewSpreadCentiPercent = 20;

        /// <summary>
        /// A weak start whose column tone's frequency offset spreads no more than this, hundredths
        /// of a percent, has a steady column: speech puts most of its energy below 1 kHz, among
        /// the rows, so under a key it moves the row's frequency estimate and lifts its level but
        /// leaves the column alone, while a voice that imitates a key glides both its harmonics
        /// together. Such a start is judged by <see cref="WeakSteadyRowSpreadCentiPercent"/> and
        /// <see cref="WeakSteadyMaxLowOverHighDeciDb"/>. 0.5 %: recorded speech at the keys'
        /// level costs 26 keys in 1000 (0.4 %: 26, 0.6 %: 25; without the rule: 35), with no
        /// false digit in the talk-off corpora.
        /// </summary>
        public int WeakSteadyColumnSpreadCentiPercent = 50;

        /// <summary>
        /// Largest spread of the row tone's frequency offset over a weak start with a steady
        /// column (<see cref="WeakSteadyColumnSpreadCentiPercent"/>), hundredths of a percent:
        /// speech at the key's level in the row's bins makes one window's estimate stray up to
        /// ±2 % (3 %: 27 keys lost in 1000 with speech at the keys' level; 4-6 %: 26).
        /// </summary>
        public int WeakSteadyRowSpreadCentiPercent = 400;

        /// <summary>
        /// Largest excess of the row tone over the column tone, mean over a weak start with a
        /// steady column (<see cref="WeakSteadyColumnSpreadCentiPercent"/>), tenths of dB: speech
        /// at the key's level adds up to 3-4 dB to the row's power (3.0 dB: 27 keys lost in 1000
        /// with speech at the keys' level; 4.0-4.5 dB: 26; no false digit).
        /// </summary>
        public int WeakSteadyMaxLowOverHighDeciDb = 40;

        /// <summary>
        /// Largest spread of each tone's frequency offset over a weak start's windows, hundredths
        /// of a percent: a key under speech holds its frequencies (one window's estimate wavers
        /// ±0.3 %, up to ±0.9 % with speech at the key's level in the bins beside it); harmonics
        /// of speech glide with its pitch. 1.8 %: recorded speech 6 dB under the keys costs 1 key
        /// in 1000 (1.6 %: 3).
        /// </summary>
        public int WeakStartSpreadCentiPercent = 180;

        /// <summary>
        /// Largest excess of the row tone over the column tone, mean over a weak start's windows,
        /// tenths of dB: speech and music that imitate a key have their spectrum falling towards
        /// the columns (a sustained chord of the recorded music corpus started an 'A' at 1.9 dB).
        /// </summary>
        public int WeakMaxLowOverHighDeciDb = 17;

        /// <summary>
        /// Largest mean frequency offset of each tone over a weak start's windows, hundredths of a
        /// percent. Real phones send within ±0.75 % (their dividers) plus their crystal's error;
        /// the tolerance's corners are a tester's, which sends no speech with its keys.
        /// </summary>
        public int WeakStartMaxOffsetCentiPercent = 80;

        /// <summary>
        /// The first and the last of the agreeing windows must start this many 5 ms steps apart:
        /// 2 (10 ms) means the tone filled 30 ms at least.
        /// </summary>
        public int StartSpanWindows = 2;

        /// <summary>
        /// ... among this many latest windows: 3 of 5 lets noise spoil two windows of a 50 ms key
        /// at 0 dB SNR without losing it.
        /// </summary>
        public int StartWindowsOf = 5;

        /// <summary>
        /// While a digit sounds, each 5 ms sub-block must hold both tones at no less than this,
        /// relative to their tracked level, tenths of dB. The level is tracked over the key
        /// (<see cref="LevelTrackShift"/>) so that a press whose level wanders by ±10 dB (a
        /// handset moved, a room's reverberation, an AGC) stays one press.
        /// </summary>
        public int PresenceDeciDb = -100;

        /// <summary>
        /// How fast the tracked level follows the tones while present: each sub-block moves it
        /// 2^-LevelTrackShift of the way (2: a quarter, a 20 ms time constant). A level wandering
        /// at 3 Hz by ±10 dB changes by at most 1 dB per sub-block, which this follows within 4 dB.
        /// </summary>
        public int LevelTrackShift = 2;

        /// <summary>
        /// A sub-block whose tone falls this far under the tracked level, tenths of dB, is a gap
        /// (the key let go), not a dip: a press's dips go 20 dB under a level that may itself be
        /// falling (the tracked level lags by up to 4 dB), a pause to silence, or to a tail or
        /// echo that starts 25 dB or more down and decays.
        /// </summary>
        public int GapDeciDb = -280;

        /// <summary>
        /// Consecutive gap sub-blocks that end a digit: 3 (15 ms) bridges a 10 ms dropout (at
        /// most two sub-blocks) and ends on a 25 ms pause (at least four).
        /// </summary>
        public int EndSubBlocks = 3;

        /// <summary>
        /// Sub-blocks without the tones, gaps or dips, that end a digit: 6 (30 ms) bridges a dip
        /// of up to 20 ms (it touches at most five) and ends a pause filled by noise, which keeps
        /// the tones' bins from falling to a gap. A lone sub-block with the tones does not break
        /// the run (noise lifts one now and then); two in a row do.
        /// </summary>
        public int EndDipSubBlocks = 6;

        /// <summary>
        /// After a digit ends, a new key whose tones are weaker than the digit's by more than
        /// this, tenths of dB, is refused for <see cref="EchoGuardSubBlocks"/>: it is the digit's
        /// decaying tail (a VoIP phone's, 25-40 dB down) or its echo from the line (30 dB or more
        /// down), not a key. A person's next key comes at the phone's own level.
        /// </summary>
        public int EchoGuardDeciDb = 200;

        /// <summary>
        /// How long the echo guard holds after a digit ends, in 5 ms sub-blocks: 30 (150 ms)
        /// covers a 100 ms tail and an echo delayed by up to 50 ms beyond it.
        /// </summary>
        public int EchoGuardSubBlocks = 30;

        /// <summary>
        /// The stationary background (a dial tone, ours echoed or a foreign one under a fast
        /// dialer's first key; a hum) is the least power seen at each probe below the rows and in
        /// the window's energy over the last one to two blocks of this many 20 ms windows (5 ms
        /// apart): 30 (150 ms) learns a dial tone within 300 ms, and speech, whose pitch and
        /// loudness move within a syllable, leaves little there. That background is taken out of
        /// the probe and tone-share checks, so a steady tone under a key does not mask it.
        /// </summary>
        public int BackgroundBlockWindows = 30;

        /// <summary>Defaults: the Japanese PB reception rules and ITU-T Q.24.</summary>
        public static DtmfReceiverProfile CreateDefault() { return new DtmfReceiverProfile(); }
    }
}
