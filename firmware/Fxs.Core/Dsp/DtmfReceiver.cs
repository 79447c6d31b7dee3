using Fxs.Hal;
namespace Fxs.Core.Dsp
{
    /// <summary>
    /// Streaming DTMF (PB) receiver for 8 kHz linear audio, integer arithmetic only.
    /// <para>
    /// How it hears a key: every 5 ms sub-block gives the complex DFT value of each of the 8 tones
    /// (<see cref="DtmfCorrelator"/>). Four sub-blocks combine coherently into a 20 ms window
    /// (50 Hz resolution, enough to tell 697 from 770 Hz), evaluated every 5 ms. A window "hits" a
    /// digit when, for one row and one column tone: the level is high enough, the twist is within
    /// limits, each tone stands clear of the other tones of its group and of the probes (the
    /// stationary background, such as a dial tone, taken out), its frequency (from the phase
    /// advance between sub-blocks) is within tolerance, and it is steady across the four
    /// sub-blocks; a window that stands only the weak margins is a weak hit (speech under a key).
    /// A digit starts after <see cref="DtmfReceiverProfile.StartWindows"/> agreeing windows whose
    /// averaged frequencies are a phone's (<see cref="StartIfKey"/>; weak starts are judged more
    /// closely), unless it is the tail or echo of the digit just ended; it ends on a gap or a run
    /// of dips under its tracked level (<see cref="TrackDigit"/>).
    /// </para>
    /// <para>
    /// Every threshold is a ratio of two powers in millibels (<see cref="Millibels.FromPower"/>).
    /// The window analysis decides nearly all of them with a multiplication in the linear domain
    /// (<see cref="MbThreshold"/>) and takes logarithms only within a hair of the threshold, so
    /// its decisions are exactly those of comparing the logarithms.
    /// </para>
    /// All state is allocated by the constructor; <see cref="Process"/> never allocates.
    /// </summary>
    public sealed class DtmfReceiver
    {
        private const int SubBlock = DtmfCorrelator.SubBlockSamples;
        private const int Tones = DtmfCorrelator.Tones;
        private const int Bins = DtmfCorrelator.Bins;
        private const int Window = DtmfCorrelator.WindowSubBlocks; // sub-blocks per 20 ms window (a power of two: slots wrap with & (Window - 1))
        private const int SumShift = 6;        // correlator sums → stored values: 2^31 → 2^25
        private const int RotationShift = DtmfCorrelator.RotationShift;  // rotations in Q14
        private const int NoDigit = -1;
        private const int WeakHit = 16;        // added to a digit in _hits: the window was a weak hit
        private const int Loosened = 32;       // added to a weak hit in _hits: its row passed only by its clean column
        private const int Stride = DtmfCorrelator.Sums;
        private const int ImOffset = DtmfCorrelator.ImaginaryLane;

        // Bounds of the powers compared, as bit counts (for MbThreshold's overflow checks). A stored
        // DFT value is below 2^24.3 per part (40 · 32768 · 1024 >> SumShift), so a sub-block's |X|²,
        // a window's mean of them and a coherent 20 ms power are below 2^50; the sum of two tones'
        // window powers (8 sub-block powers) below 2^53; a window's residual energy, 4 sub-blocks
        // of at most 40 · 4096², below 2^32.
        private const int PowerBits = 50;
        private const int TonePairBits = 53;
        private const int ResidualBits = 32;

        // The probes below the rows (bins Tones .. Tones + LowProbes - 1: 150-500 Hz), whose
        // stationary background is tracked; the energy's is tracked after them.
        private const int LowProbes = 7;
        private const int BackgroundEnergy = LowProbes;
        private const int BackgroundShift = 20;  // probe powers are below 2^50: stored in 30 bits

        // For each digit, the row offset less the column offset (hundredths of a percent) at which
        // its tones stand in the ratio n : n+1 of two neighbouring harmonics of one sound, when
        // the receiver's tolerances reach that ratio ('*', 941 : 1209, is 2.8 % off 4 : 5; '2',
        // '6' and 'C' are 4.2 % off an octave, 1 : 2); else NoHarmonic. See StartIfKey. (The
        // ratio 5 : 8 of a voice's fifth and eighth harmonics, 1.9-2.0 % off for '4', '8' and
        // '#', cannot be refused: a tester's single tone 1.5 % + 2 Hz off lies beside it.)
        private const int NoHarmonic = int.MinValue;
        private static readonly int[] HarmonicApart = BuildHarmonicApart();
        private static readonly bool[] HarmonicWithinPhones = BuildHarmonicWithinPhones();
        private static readonly long[] CentiPercentPerThetaQ40 = BuildCentiPercentPerTheta();

        // For each digit, the row offset less the column offset (hundredths of a percent) at which
        // its tones stand in the ratio 5 : 8 of a voice's fifth and eighth harmonics ('4', '8'
        // and '#', 1.9-2.0 % apart), else NoHarmonic; and which probes (bit i: probe bin
        // Tones + i) lie far enough from both its tones that a tone leaks nothing measurable into
        // them. Unlike n : n+1, this ratio cannot be refused outright (a tester's single tone
        // 1.5 % + 2 Hz off lies beside it), but a voice there has its other harmonics (the 4th,
        // 6th, 7th, 9th) between and around the two, where a key has nothing. See CombClear.
        private static readonly int[] CombApart = BuildCombApart();
        private static readonly int[] CombProbes = BuildCombProbes();

        // Probe groups, by the tone each probe is held against (see ProbesClear).
        private const int BelowRows = 0;
        private const int RowBand = 1;
        private const int ColumnBand = 2;

        private readonly IDtmfListener _listener;
        private readonly DtmfCorrelator _correlator;

        // Fixed per-profile constants, derived once.
        private static readonly int[] ProbeGroup = BuildProbeGroups();      // per bin from Tones on
        private readonly int[] _tanSquaredQ12 = new int[Tones];         // frequency tolerance per tone
        private readonly long _minMeanPower;   // least mean sub-block power (|X|², stored scale) of a tone at the minimum level
        private readonly long _silentGroupPower; // a group's strongest coherent power under this (12 dB under the minimum) holds nothing
        private TraceState? _trace;            // made when a trace listener is set: lines without one do not hold it
        private readonly MbThreshold _inGroup;       // strongest over second of a group, coherent powers
        private readonly MbThreshold _inGroupWeak;   // the same, for a weak hit
        private readonly MbThreshold _inGroupCleanColumn; // the same, for a row beside a clean column (a weak hit)
        private readonly MbThreshold _probeWeak;     // a tone over a probe, for a weak hit
        private readonly MbThreshold _lowProbeWeak;  // the weaker tone over a probe below the rows, for a weak hit
        private readonly MbThreshold _highTooStrong; // column over row mean power: twist refused
        private readonly MbThreshold _lowTooStrong;  // row over column mean power: twist refused
        private readonly MbThreshold _steady;        // weakest sub-block over the window's mean
        private readonly MbThreshold _presence;      // a sub-block over the digit's tracked level
        private readonly MbThreshold _gap;           // a sub-block under the digit's tracked level by a gap
        private readonly MbThreshold _echoGuard;     // a candidate's tones over the last digit's
        private readonly MbThreshold _toneShare;     // the two tones' power over the residual energy
        private readonly MbThreshold _probeMargin;   // a tone's mean power over a probe's coherent power
        private readonly MbThreshold _lowProbeMargin; // the weaker tone's mean power over a probe below the rows
        private readonly MbThreshold _combMargin;    // the weaker tone's mean power over a probe, for a 5 : 8 pair

        // Per-line state.
        // The samples of the last 4 sub-blocks (slot s at s · SubBlock), the one filling now in
        // slot _ringNext: the probes are correlated from them only for the windows that need
        // them (judged, or sampled for the background), a few in twenty.
        private readonly short[] _samples = new short[Window * SubBlock];
        // Ring of the same 4 sub-blocks, each the correlator's sums (Stride ints): the tones' DFT
        // values (real parts, then imaginary parts, read through Dft, which scales them down by
        // SumShift), mean and trend lanes, and in the energy slot the energy left after removing
        // mean and trend.
        private readonly int[] _ring = new int[Window * Stride];
        // Coherent powers of the window just written: a group of tones' (StrongestTone, rows at 0
        // and columns at 4), then, reusing it, one group of 4 probes' at a time (from 0).
        private readonly long[] _powers = new long[Tones];
        private int _blockFill;
        private int _ringNext;          // ring slot the next sub-block goes to
        private long _subBlocksSeen;
        private readonly short[] _hits; // the digit each of the last windows held (+ WeakHit for a weak hit, + Loosened on top)
        // Each of those windows' row and column frequency offsets, hundredths of a percent (at
        // 3i and 3i + 1), and its row level over its column level, tenths of dB (at 3i + 2),
        // where the window was a hit.
        private readonly short[] _hitOffsets;
        private bool _windowWeak;       // the window just judged was a weak hit
        private bool _rowLoosened;      // the window just judged: its row passed only by its clean column
        private int _windowLowOverHighMb; // the window just judged: row level over column level, millibels
        private int _rowSpread;         // Agreeing's windows: spread of the row offsets, hundredths of a percent
        private int _colSpread;         // ... and of the column offsets
        private int _rowMeanOffset;     // ... and their means
        private int _meanLowOverHighDeciDb; // ... and the mean of the windows' row level over column level
        private int _colMeanOffset;
        private int _loosenedWindows;   // ... and how many of them passed their row only by their clean column
        private int _windowRowOffset;   // the window just judged (a hit)
        private int _windowColOffset;
        private int _hitNext;
        private int _digit = NoDigit;   // the digit sounding now
        private long _digitOnset;
        private long _digitRowPower;    // the digit's tones' tracked sub-block power (accepted at the window's mean)
        private long _digitColPower;
        private int _absentRun;         // consecutive sub-blocks without the tones (gaps or dips)
        private int _gapRun;            // consecutive gap sub-blocks
        private int _presentRun;        // consecutive sub-blocks with the tones
        private long _firstAbsentSample;
        private long _guardPower;       // the last digit's two tones' tracked power when it ended
        private long _guardUntil = -1;  // sub-block count up to which the echo guard holds
        // The stationary background: for each probe below the rows and for the window's residual
        // energy (at BackgroundEnergy), the least value in the current block of windows (at 2q)
        // and in the block before (at 2q + 1), probes as power >> BackgroundShift, the energy >> 2.
        private readonly int[] _background = new int[2 * (LowProbes + 1)];
        private int _backgroundAge;     // windows into the current block

        // Explicit, so that the shared table above is built with the first receiver, not at its
        // first use inside Process (which must not allocate).
        static DtmfReceiver()
        {
        }

        /// <summary>Creates a receiver with the given profile (thresholds) and listener.</summary>
        public DtmfReceiver(DtmfReceiverProfile profile, IDtmfListener listener)
            : this(profile, listener, DtmfCorrelator.Shared)
        {
        }

        /// <summary>Creates a receiver with an explicit correlator implementation (tests compare them).</summary>
        public DtmfReceiver(DtmfReceiverProfile profile, IDtmfListener listener, DtmfCorrelator correlator)
        {
            Profile = profile;
            _listener = listener;
            _correlator = correlator;

            for (int tone = 0; tone < Tones; tone++)
            {
                // Largest phase advance per sub-block a tone within tolerance shows:
                // θ = 2π · Δf · M / fs with Δf = hz · tolerance.
                int hz = DtmfCorrelator.BinHz(tone);
                uint theta = unchecked((ToneOscillator.PhaseStep(hz, profile.FrequencyToleranceCentiPercent) - ToneOscillator.PhaseStep(hz, 0)) * (uint)SubBlock);
                long sin = SineTable.Sin(theta);
                long cos = SineTable.Cos(theta);
                _tanSquaredQ12[tone] = cos <= 0 ? int.MaxValue : (int)((sin * sin << 12) / (cos * cos));
            }

            // FromPower never decreases with the power, so "level ≥ minimum" is "power ≥ the least
            // power that reaches it".
            _minMeanPower = Millibels.PowerAtLeast(ToneLevelMb(profile.MinLevelDeciDbm0));
            _silentGroupPower = _minMeanPower >> 4;
            // |X|² of a tone (stored scale) over the energy it adds in (x >> 3)² units: (320 A)² / (20 A² / 64).
            int toneToEnergyMb = Millibels.FromPower(327680);
            // "Above the limit" is "at least the limit + 1 mB" in whole millibels.
            _highTooStrong = MbThreshold.Create(Millibels.FromDeciDb(profile.MaxHighOverLowDeciDb) + 1, PowerBits, PowerBits);
            _lowTooStrong = MbThreshold.Create(Millibels.FromDeciDb(profile.MaxLowOverHighDeciDb) + 1, PowerBits, PowerBits);
            // The strongest tone of a group is picked by power, which is only the tone with the
            // highest level when the margin is positive (equal levels then fail it anyway).
            _inGroup = MbThreshold.Create(Millibels.FromDeciDb(profile.InGroupMarginDeciDb), PowerBits, PowerBits);
            _inGroupWeak = MbThreshold.Create(Millibels.FromDeciDb(profile.WeakInGroupMarginDeciDb), PowerBits, PowerBits);
            _inGroupCleanColumn = MbThreshold.Create(Millibels.FromDeciDb(Min(profile.CleanColumnRowInGroupMarginDeciDb, profile.WeakInGroupMarginDeciDb)), PowerBits, PowerBits);
            _probeWeak = MbThreshold.Create(Millibels.FromDeciDb(profile.WeakProbeMarginDeciDb), PowerBits, PowerBits);
            _lowProbeWeak = MbThreshold.Create(Millibels.FromDeciDb(profile.WeakLowProbeMarginDeciDb), PowerBits, PowerBits);
            _steady = MbThreshold.Create(Millibels.FromDeciDb(profile.SubBlockSteadinessDeciDb), PowerBits, PowerBits);
            _presence = MbThreshold.Create(Millibels.FromDeciDb(profile.PresenceDeciDb), PowerBits, PowerBits);
            _gap = MbThreshold.Create(Millibels.FromDeciDb(profile.GapDeciDb), PowerBits, PowerBits);
            _echoGuard = MbThreshold.Create(-Millibels.FromDeciDb(profile.EchoGuardDeciDb), TonePairBits, TonePairBits);
            _toneShare = MbThreshold.Create(Millibels.FromDeciDb(profile.ToneShareDeciDb) + toneToEnergyMb, TonePairBits, ResidualBits);
            _probeMargin = MbThreshold.Create(Millibels.FromDeciDb(profile.ProbeMarginDeciDb), PowerBits, PowerBits);
            _lowProbeMargin = MbThreshold.Create(Millibels.FromDeciDb(profile.LowProbeMarginDeciDb), PowerBits, PowerBits);
            _combMargin = MbThreshold.Create(Millibels.FromDeciDb(profile.HarmonicCombMarginDeciDb), PowerBits, PowerBits);
            int remembered = Max(Max(profile.StartWindowsOf, profile.SuspectStartWindowsOf), profile.WeakStartWindowsOf);
            _hits = new short[remembered];
            _hitOffsets = new short[3 * remembered];
            ClearHits();
            ClearBackground();
        }

        /// <summary>The thresholds in force.</summary>
        public DtmfReceiverProfile Profile { get; }

        /// <summary>
        /// Where each 20 ms window that held a candidate key is reported with its measurements and
        /// the rule that decided it (null: no trace, the default). Tracing never changes a decision.
        /// </summary>
        public IDtmfTraceListener? Trace
        {
            get { return _trace == null ? null : _trace.Listener; }
            set
            {
                _trace = value == null ? null : new TraceState(value,
                    Millibels.PowerAtLeast(ToneLevelMb(Profile.MinLevelDeciDbm0 - 100)), ToneLevelMb(0));
            }
        }

        /// <summary>Samples consumed since construction or <see cref="Reset"/>.</summary>
        public long SamplesSeen { get { return _subBlocksSeen * SubBlock + _blockFill; } }

        /// <summary>
        /// Bytes of per-line state held in arrays (the coefficient and rotation tables are shared
        /// by all lines). The runtime adds its object headers on top; tests measure the total.
        /// </summary>
        public int StateBytes
        {
            get
            {
                return _samples.Length * 2
                    + (_hitOffsets.Length + _hits.Length) * 2
                    + (_ring.Length + _tanSquaredQ12.Length + _background.Length) * 4
                    + _powers.Length * 8;
            }
        }

        /// <summary>Feeds linear 16-bit samples at 8 kHz; any chunk size.</summary>
        public void Process(short[] samples, int offset, int count)
        {
            int end = offset + count;
            while (offset < end)
            {
                if (_blockFill == 0 && end - offset >= SubBlock)
                {
                    // A whole sub-block in the caller's buffer: correlated where it lies, and kept.
                    _correlator.CorrelateAndKeep(samples, offset, _samples, _ringNext * SubBlock, _ring, _ringNext * Stride);
                    offset += SubBlock;
                    AnalyseSubBlock();
                    continue;
                }
                int take = SubBlock - _blockFill;
                if (take > end - offset) { take = end - offset; }
                System.Array.Copy(samples, offset, _samples, _ringNext * SubBlock + _blockFill, take);
                _blockFill += take;
                offset += take;
                if (_blockFill == SubBlock)
                {
                    _blockFill = 0;
                    _correlator.Correlate(_samples, _ringNext * SubBlock, _ring, _ringNext * Stride);
                    AnalyseSubBlock();
                }
            }
        }

        /// <summary>
        /// Ends a digit still sounding at the end of the stream. Should audio follow, the windows
        /// before count no more towards a digit, as after a digit's end by a pause.
        /// </summary>
        public void Flush()
        {
            if (_digit != NoDigit)
            {
                long end = _absentRun > 0 ? _firstAbsentSample : SamplesSeen;
                EndDigit(end);
                ClearHits(); // the windows before count no more towards a digit
            }
        }

        /// <summary>Forgets all state; sample positions restart at 0.</summary>
        public void Reset()
        {
            System.Array.Clear(_ring, 0, _ring.Length);
            System.Array.Clear(_samples, 0, _samples.Length);
            _blockFill = 0;
            _ringNext = 0;
            _subBlocksSeen = 0;
            ClearHits();
            _digit = NoDigit;
            _absentRun = 0;
            _gapRun = 0;
            _guardUntil = -1;
            ClearBackground();
        }

        // One sub-block, whose samples and sums are in slot _ringNext of _samples and _ring.
        private void AnalyseSubBlock()
        {
            int slot = _ringNext;
            int first = slot * Stride;
            _ring[first + DtmfCorrelator.EnergySum] = (int)ResidualEnergy(first); // ≤ 40 · 4096², fits
            _ringNext = (slot + 1) & (Window - 1);
            long subBlockStart = _subBlocksSeen * SubBlock;
            _subBlocksSeen++;

            if (_digit != NoDigit) { TrackDigit(first, subBlockStart); }
            if (_subBlocksSeen < Window) { return; }

            bool traced;
            int record = EvaluateWindow(out traced);
            int hit = record == NoDigit ? NoDigit : record & (WeakHit - 1);
            TrackBackground();
            long windowStart = (_subBlocksSeen - Window) * SubBlock;
            _hits[_hitNext] = (short)record;
            if (record != NoDigit) // only a hit's offsets are ever read (Agreeing)
            {
                _hitOffsets[3 * _hitNext] = (short)_windowRowOffset;
                _hitOffsets[3 * _hitNext + 1] = (short)_windowColOffset;
                _hitOffsets[3 * _hitNext + 2] = (short)(_windowLowOverHighMb / 10);
            }
            if (++_hitNext == _hits.Length) { _hitNext = 0; }
            DtmfRule start = DtmfRule.Hit;
            if (hit != NoDigit && hit != _digit)
            {
                start = StartIfKey(hit, windowStart);
                // A refused start forgets its newest window, so that it is not counted again; but a full
                // hit refused by a weak start's offset limit (the only start rule that refuses for an
                // offset) stays: with two more like it the key starts on full hits alone. (A key whose first
                // window noise spoiled was otherwise refused window after window, each refusal erasing the
                // full hit that would have counted.)
                bool keep = record == hit && (start == DtmfRule.RowOffFrequency || start == DtmfRule.ColumnOffFrequency);
                if (start != DtmfRule.Hit && !keep) { _hits[(_hitNext - 1 + _hits.Length) % _hits.Length] = (short)NoDigit; }
            }
            if (traced)
            {
                if (start != DtmfRule.Hit) { _trace!.Window.Rule = start; }
                _trace!.Listener.Window(_trace.Window);
            }
        }

        // Accepts a new digit when it holds StartWindows of the last StartWindowsOf windows (a
        // window or two spoiled by noise do not restart the count, and a tone still needs
        // StartWindows full windows, at least 30 ms, of its own), unless over those windows its
        // tones are further apart in frequency than a phone's can be, or stand in the ratio of two
        // neighbouring harmonics of one voice (where a phone's tones can too, unless they look like a key's).
        // Returns Hit when the window does not stop a key (started, or not yet enough windows).
        private DtmfRule StartIfKey(int hit, long windowStart)
        {
            long onset;
            int apart;
            int strong;
            // Most hits come before enough windows agree: counted first, measured only then.
            int of = Profile.StartWindowsOf;
            if (CountHits(hit, of) < Profile.StartWindows)
            {
                // Speech under a key spoils more of its windows: a weak start may count them
                // among more windows (and is then judged as weak, full hits or not).
                if (Profile.WeakStartWindowsOf <= of || CountHits(hit, Profile.WeakStartWindowsOf) < Profile.WeakStartWindows) { return DtmfRule.Hit; }
                of = Profile.WeakStartWindowsOf;
            }
            int agreeing = Agreeing(hit, of, windowStart, out onset, out apart, out strong);
            if (strong < Profile.StartWindows || of > Profile.StartWindowsOf)
            {
                // Weak hits among them: something under the key lifts a neighbour or a probe. A
                // key under speech keeps its two frequencies; speech that imitates one does not,
                // and its spectrum falls towards the column tones.
                if (agreeing < Profile.WeakStartWindows && Profile.WeakStartWindowsOf > of)
                {
                    int more = Agreeing(hit, Profile.WeakStartWindowsOf, windowStart, out onset, out apart, out strong);
                    if (more >= Profile.WeakStartWindows) { agreeing = more; }
                    else { Agreeing(hit, of, windowStart, out onset, out apart, out strong); }
                }
                if (agreeing < Profile.WeakFewStartWindows) { return DtmfRule.Hit; }
                // A row that passed only by its clean column is not trusted on fewer windows.
                if (_loosenedWindows > 0 && agreeing < Profile.WeakStartWindows) { return DtmfRule.Hit; }
                // Fewer windows than a weak start needs: heard only with the column held to the
                // fine spread, else the key waits for its next window (nothing is refused).
                if (agreeing < Profile.WeakStartWindows && _colSpread > Profile.WeakFewSpreadCentiPercent) { return DtmfRule.Hit; }
                // Speech puts most of its energy below 1 kHz, among the rows: under a key it moves
                // the row's estimate and lifts its level, and leaves the column's. A column that
                // holds still is a key's (a voice's harmonics glide together, so speech imitating
                // a key moves both); the row's spread and the twist are then judged loosely.
                bool steadyColumn = _colSpread <= Profile.WeakSteadyColumnSpreadCentiPercent;
                int rowSpread = steadyColumn ? Profile.WeakSteadyRowSpreadCentiPercent : Profile.WeakStartSpreadCentiPercent;
                if (_rowSpread > rowSpread || _colSpread > Profile.WeakStartSpreadCentiPercent) { return DtmfRule.Glide; }
                int twist = steadyColumn ? Profile.WeakSteadyMaxLowOverHighDeciDb : Profile.WeakMaxLowOverHighDeciDb;
                if (_meanLowOverHighDeciDb > twist) { return DtmfRule.LowTooStrong; }
                int most = Profile.WeakStartMaxOffsetCentiPercent;
                if (_rowMeanOffset > most || _rowMeanOffset < -most) { return DtmfRule.RowOffFrequency; }
                if (_colMeanOffset > most || _colMeanOffset < -most) { return DtmfRule.ColumnOffFrequency; }
            }
            // The first and last agreeing windows (20 ms each) must lie StartSpanWindows apart, so
            // that the tone lasted 20 ms + 5 ms · span at least: 30 ms, which a 20 ms tone never fills.
            if (windowStart - onset < (long)Profile.StartSpanWindows * SubBlock) { return DtmfRule.Hit; }
            // Tones further apart than real phones send theirs (a tester's corner, or something
            // else's harmonics) are judged over more windows, where the estimate is finer.
            if (apart >= Profile.SuspectApartCentiPercent || apart <= -Profile.SuspectApartCentiPercent)
            {
                if (Agreeing(hit, Profile.SuspectStartWindowsOf, windowStart, out onset, out apart, out strong) < Profile.SuspectStartWindows) { return DtmfRule.Hit; }
            }
            if (apart > Profile.PairToleranceCentiPercent || apart < -Profile.PairToleranceCentiPercent) { return DtmfRule.PairApart; }
            // A band a phone's tones can reach ('*' at 4 : 5) is heard when the pair looks like a key's: its
            // row not over its column (a voice's 4th harmonic stands over its 5th, a phone's row may not:
            // the Japanese rule puts the low group at or under the high) and nothing where the voice's
            // other harmonics would be. An octave's band lies beyond what phones send: refused.
            if (InHarmonicBand(hit, apart)
                && !(HarmonicWithinPhones[hit] && _meanLowOverHighDeciDb <= Profile.WeakMaxLowOverHighDeciDb && CombClear(hit)))
            {
                return DtmfRule.HarmonicPair;
            }
            if (InCombBand(hit, apart) && !CombClear(hit)) { return DtmfRule.HarmonicComb; }
            if (_digit != NoDigit)
            {
                ForgetHits(_digit);
                EndDigit(onset);
            }
            StartDigit(hit, onset);
            return DtmfRule.Hit;
        }

        // How many of the last `windows` windows hit the digit (weak or full).
        private int CountHits(int hit, int windows)
        {
            int count = 0;
            int i = _hitNext;
            for (int age = 0; age < windows; age++)
            {
                i = (i == 0 ? _hits.Length : i) - 1; // the window `age` steps back
                if (_hits[i] == hit || _hits[i] == hit + WeakHit || _hits[i] == hit + WeakHit + Loosened) { count++; }
            }
            return count;
        }

        // How many of the last `windows` windows hit the digit, the start of the oldest of them,
        // and their tones' row offset less column offset, averaged (one window's estimate wavers
        // by about ±0.4 %, the mean of three by under 0.2 %).
        private int Agreeing(int hit, int windows, long windowStart, out long onset, out int apart, out int strong)
        {
            int agreeing = 0;
            int sum = 0;
            int rowLow = int.MaxValue, rowHigh = int.MinValue, colLow = int.MaxValue, colHigh = int.MinValue;
            int rowSum = 0, colSum = 0, twistSum = 0;
            int loosened = 0;
            // The same row figures over the windows that were not loosened (see below).
            int firmSum = 0, firmRowSum = 0, firmRowLow = int.MaxValue, firmRowHigh = int.MinValue;
            int firmColSum = 0, firmColLow = int.MaxValue, firmColHigh = int.MinValue;
            strong = 0;
            onset = windowStart;
            int i = _hitNext;
            for (int age = 0; age < windows; age++)
            {
                i = (i == 0 ? _hits.Length : i) - 1; // the window `age` steps back
                if (_hits[i] != hit && _hits[i] != hit + WeakHit && _hits[i] != hit + WeakHit + Loosened) { continue; }
                if (_hits[i] == hit) { strong++; }
                if (_hits[i] == hit + WeakHit + Loosened) { loosened++; }
                agreeing++;
                onset = windowStart - (long)age * SubBlock;
                int rowOffset = _hitOffsets[3 * i];
                int colOffset = _hitOffsets[3 * i + 1];
                twistSum += _hitOffsets[3 * i + 2];
                sum += rowOffset - colOffset;
                rowSum += rowOffset;
                colSum += colOffset;
                rowLow = Min(rowLow, rowOffset);
                rowHigh = Max(rowHigh, rowOffset);
                colLow = Min(colLow, colOffset);
                colHigh = Max(colHigh, colOffset);
                if (_hits[i] == hit + WeakHit + Loosened) { continue; }
                firmSum += rowOffset - colOffset;
                firmRowSum += rowOffset;
                firmRowLow = Min(firmRowLow, rowOffset);
                firmRowHigh = Max(firmRowHigh, rowOffset);
                firmColSum += colOffset;
                firmColLow = Min(firmColLow, colOffset);
                firmColHigh = Max(firmColHigh, colOffset);
            }
            // A loosened window's row estimate is the speech's as much as the key's, and one at the
            // key's onset strays: it counts, but its offsets are left out unless no window is
            // firmer (else one such window refused a key in white noise at 0 dB SNR).
            int firm = agreeing - loosened;
            if (firm > 0 && loosened > 0)
            {
                sum = firmSum;
                rowSum = firmRowSum;
                rowLow = firmRowLow;
                rowHigh = firmRowHigh;
                colSum = firmColSum;
                colLow = firmColLow;
                colHigh = firmColHigh;
            }
            int rowWindows = firm > 0 ? firm : agreeing;
            apart = agreeing == 0 ? 0 : sum / rowWindows;
            _rowSpread = rowHigh - rowLow;
            _colSpread = colHigh - colLow;
            _rowMeanOffset = agreeing == 0 ? 0 : rowSum / rowWindows;
            _meanLowOverHighDeciDb = agreeing == 0 ? 0 : twistSum / agreeing;
            _colMeanOffset = agreeing == 0 ? 0 : colSum / rowWindows;
            _loosenedWindows = loosened;
            return agreeing;
        }

        // The sub-block's energy after removing its mean and linear trend, which takes out DC and
        // most of any mains hum (50 Hz turns only a quarter cycle in 5 ms), in (x >> 3)² units.
        private long ResidualEnergy(int first)
        {
            long mean = _ring[first + DtmfCorrelator.MeanLane];
            long trend = _ring[first + DtmfCorrelator.TrendLane];
            const int Scale = 1 << (2 * DtmfCorrelator.EnergyShift);
            // The squares are positive, so their quotients are the unsigned ones, which compile to
            // a shorter multiplication than the signed.
            long residual = _ring[first + DtmfCorrelator.EnergySum]
                - (long)((ulong)(mean * mean) / (SubBlock * Scale))
                - (long)((ulong)(trend * trend) / ((ulong)DtmfCorrelator.TrendNorm * Scale));
            return residual;
        }

        // The digit a 20 ms window holds, or NoDigit. Each group's strongest tone is found first
        // (most windows fail there); then the window is judged (Judge), and traced when asked.
        private int EvaluateWindow(out bool traced)
        {
            traced = false;
            if (_trace != null) { return EvaluateTraced(out traced); }
            bool rowClear;
            bool colClear;
            bool rowStrict;
            bool colStrict;
            bool rowLoose;
            bool colLoose;
            int row = StrongestTone(0, out rowClear, out rowStrict, out rowLoose);
            if (row < 0 || !rowLoose) { return NoDigit; }
            int col = StrongestTone(4, out colClear, out colStrict, out colLoose);
            if (col < 0 || !colClear) { return NoDigit; }
            // A row that stands only the loose margin is heard beside a clean column alone.
            _rowLoosened = !rowClear;
            if (!rowClear && !colStrict) { return NoDigit; }
            _windowWeak = !rowStrict || !colStrict;
            int digit = row * 4 + (col - 4);
            // While a digit sounds, a window whose strongest tones are its own is recorded as its
            // hit unjudged: the records of the digit sounding never start anything (it ends
            // before it restarts, which clears them, and a switch to another digit purges them),
            // and its end is decided sub-block by sub-block (TrackDigit), so the checks would
            // change no event. (A 5 ms sub-block cannot tell neighbouring tones apart, so the
            // digit's presence there does not stand in for this test.)
            if (digit == _digit) { return digit; }
            long rowWeakest;
            long colWeakest;
            long rowSum = WindowPower(row, out rowWeakest);
            long colSum = WindowPower(col, out colWeakest);
            DtmfRule rule = Judge(digit, row, col, true, true, rowSum, colSum, rowWeakest, colWeakest, false);
            return rule == DtmfRule.Hit ? digit : rule == DtmfRule.WeakHit ? digit + WeakHit + (_rowLoosened ? Loosened : 0) : NoDigit;
        }

        // EvaluateWindow with a trace: every window whose strongest tones reach the trace's level
        // is judged in full and reported; the decisions are those EvaluateWindow takes.
        private int EvaluateTraced(out bool traced)
        {
            traced = false;
            bool rowClear;
            bool colClear;
            bool rowStrict;
            bool colStrict;
            bool rowLoose;
            bool colLoose;
            int row = StrongestTone(0, out rowClear, out rowStrict, out rowLoose);
            if (row < 0) { return NoDigit; }
            int col = StrongestTone(4, out colClear, out colStrict, out colLoose);
            if (col < 0) { return NoDigit; }
            _rowLoosened = !rowClear;
            rowClear = rowClear || (rowLoose && colStrict);
            _windowWeak = !rowStrict || !colStrict;
            int digit = row * 4 + (col - 4);
            long rowWeakest;
            long colWeakest;
            long rowSum = WindowPower(row, out rowWeakest);
            long colSum = WindowPower(col, out colWeakest);
            long rowMean = rowSum / Window;
            long colMean = colSum / Window;
            if (rowMean >= _trace!.MinMeanPower && colMean >= _trace.MinMeanPower)
            {
                traced = true;
                DtmfRule traceRule = Judge(digit, row, col, rowClear, colClear, rowSum, colSum, rowWeakest, colWeakest, true);
                return traceRule == DtmfRule.Hit ? digit : traceRule == DtmfRule.WeakHit ? digit + WeakHit + (_rowLoosened ? Loosened : 0) : NoDigit;
            }
            if (!rowClear || !colClear) { return NoDigit; }
            DtmfRule rule = Judge(digit, row, col, true, true, rowSum, colSum, rowWeakest, colWeakest, false);
            return rule == DtmfRule.Hit ? digit : rule == DtmfRule.WeakHit ? digit + WeakHit + (_rowLoosened ? Loosened : 0) : NoDigit;
        }

        // The rule that decides the window (Hit: it holds the digit); the cheapest checks first.
        // With measure, the window's figures go into _window for the trace, offsets included.
        private DtmfRule Judge(int digit, int row, int col, bool rowClear, bool colClear, long rowSum, long colSum,
            long rowWeakest, long colWeakest, bool measure)
        {
            long rowMean = rowSum / Window;
            long colMean = colSum / Window;
            DtmfWindowTrace? w = measure ? _trace!.Window : null;
            if (w != null)
            {
                w.StartSample = (_subBlocksSeen - Window) * SubBlock;
                w.EndSample = _subBlocksSeen * SubBlock;
                w.Digit = DtmfDigits.Matrix[digit];
                w.RowHz = DtmfCorrelator.BinHz(row);
                w.ColumnHz = DtmfCorrelator.BinHz(col);
                w.RowLevelCentiDbm0 = Millibels.FromPower(rowMean) - _trace!.ZeroDbm0Mb;
                w.ColumnLevelCentiDbm0 = Millibels.FromPower(colMean) - _trace.ZeroDbm0Mb;
                w.RowOffsetCentiPercent = DtmfWindowTrace.NotMeasured;
                w.ColumnOffsetCentiPercent = DtmfWindowTrace.NotMeasured;
            }
            DtmfRule rule = JudgeTones(rowClear, colClear, rowSum, colSum, rowWeakest, colWeakest);
            if (rule == DtmfRule.Hit || measure)
            {
                long rowRe;
                long rowIm;
                long colRe;
                long colIm;
                PhaseAdvanceOffset(row, out rowRe, out rowIm);
                PhaseAdvanceOffset(col, out colRe, out colIm);
                if (rule == DtmfRule.Hit)
                {
                    if (!IsOnFrequency(row, rowRe, rowIm)) { rule = DtmfRule.RowOffFrequency; }
                    else if (!IsOnFrequency(col, colRe, colIm)) { rule = DtmfRule.ColumnOffFrequency; }
                    else
                    {
                        int probes = ProbesClear(rowMean, colMean);
                        if (probes == 0) { rule = DtmfRule.Probes; }
                        else if (probes == 1) { _windowWeak = true; }
                    }
                    if (rule == DtmfRule.Hit && _windowWeak) { rule = DtmfRule.WeakHit; }
                }
                if (rule == DtmfRule.Hit || rule == DtmfRule.WeakHit || w != null)
                {
                    // Kept for the start decision (StartIfKey), which judges the key's frequency
                    // over its first windows, where one window's estimate wavers too much.
                    _windowRowOffset = OffsetCentiPercent(row, rowRe, rowIm);
                    _windowColOffset = OffsetCentiPercent(col, colRe, colIm);
                    _windowLowOverHighMb = Millibels.FromPower(rowMean) - Millibels.FromPower(colMean);
                }
                if (w != null)
                {
                    w.RowOffsetCentiPercent = _windowRowOffset;
                    w.ColumnOffsetCentiPercent = _windowColOffset;
                }
            }
            if (w != null) { w.Rule = rule; }
            return rule;
        }

        // The checks on the two tones' powers alone, in order.
        private DtmfRule JudgeTones(bool rowClear, bool colClear, long rowSum, long colSum, long rowWeakest, long colWeakest)
        {
            long rowMean = rowSum / Window;
            long colMean = colSum / Window;
            if (!rowClear) { return DtmfRule.RowNotClear; }
            if (!colClear) { return DtmfRule.ColumnNotClear; }
            if (rowMean < _minMeanPower || colMean < _minMeanPower) { return DtmfRule.TooWeak; }
            // Each sub-block holds the tone at no less than the steadiness margin under its mean.
            if (!_steady.Holds(rowWeakest, rowMean) || !_steady.Holds(colWeakest, colMean)) { return DtmfRule.Unsteady; }
            if (_highTooStrong.Holds(colMean, rowMean)) { return DtmfRule.HighTooStrong; }
            if (_lowTooStrong.Holds(rowMean, colMean)) { return DtmfRule.LowTooStrong; }
            if (!_toneShare.Holds(rowSum + colSum, WindowResidual() - Background(BackgroundEnergy) * 4)) { return DtmfRule.ToneShare; }
            if (_subBlocksSeen <= _guardUntil && !_echoGuard.Holds(rowMean + colMean, _guardPower)) { return DtmfRule.EchoGuard; }
            return DtmfRule.Hit;
        }

        // A tone's frequency offset from nominal, hundredths of a percent, from its phase advance
        // offset: Δf / f = θ · (fs / M) / (2π f), θ in Q15 radians (2π · 32768 = 205,887).
        // The division by the tone's constant is a multiplication by its reciprocal
        // (CentiPercentPerThetaQ40), rounded up so that whole quotients stay whole; the result is
        // truncated towards zero as the division would.
        private static int OffsetCentiPercent(int tone, long offRe, long offIm)
        {
            if (offRe <= 0 && offIm == 0) { return DtmfWindowTrace.NotMeasured; }
            long theta = offRe > 0 ? AtanQ15(offRe, offIm) : (offIm > 0 ? 102944 : -102944) - AtanQ15(-offRe, offIm);
            long magnitude = (Abs(theta) * CentiPercentPerThetaQ40[tone]) >> 40; // |θ| < 2^18, the factor < 2^35
            return (int)(theta < 0 ? -magnitude : magnitude);
        }

        // (fs / M) · 10000 / (2π · 32768 · f) per tone, Q40, rounded up: hundredths of a percent
        // per Q15 radian of phase advance offset.
        private static long[] BuildCentiPercentPerTheta()
        {
            long[] factor = new long[Tones];
            for (int tone = 0; tone < Tones; tone++)
            {
                long divisor = 205887L * DtmfCorrelator.BinHz(tone);
                long numerator = (long)(LineTime.SampleRateHz / SubBlock) * 10000; // 2,000,000 < 2^21
                // numerator · 2^40 / divisor, rounded up, in two steps to stay within 64 bits.
                long whole = (numerator << 20) / divisor;
                long rest = (numerator << 20) - whole * divisor;
                factor[tone] = (whole << 20) + ((rest << 20) + divisor - 1) / divisor;
            }
            return factor;
        }

        // The strongest tone of a group (first = 0 rows, 4 columns) by coherent 20 ms power, and
        // whether it beats each other tone of the group by the in-group margin; -1 if the group is
        // silent. The strongest and the runner-up are picked by power (FromPower never decreases
        // with it); only their ratio is judged.
        private int StrongestTone(int first, out bool clear, out bool strict, out bool loose)
        {
            // After a write, the next slot holds the oldest sub-block. A group whose strongest tone
            // is 12 dB under the minimum level even coherently holds no key (a tone within
            // tolerance loses at most 1 dB to it) and is not traced.
            if (_correlator.CoherentPowers(_ring, _ringNext, first, SumShift, _powers) < _silentGroupPower)
            {
                strict = false;
                clear = false;
                loose = false;
                return -1;
            }
            long p0 = _powers[first];
            long p1 = _powers[first + 1];
            long p2 = _powers[first + 2];
            long p3 = _powers[first + 3];
            // The stronger of each pair, then of the two; of equals the first leads. The runner-up
            // is the weaker finalist or the winner's partner, whichever is stronger. Chosen with
            // masks, not branches: which tone wins is as good as random in noise, and compilers
            // branch on a conditional. Powers are below 2^50, so the differences cannot overflow,
            // and a difference's sign bit spread over 64 bits (>> 63) is the mask "second wins".
            long oneOverZero = (p0 - p1) >> 63;
            long high01 = p0 ^ ((p0 ^ p1) & oneOverZero);
            long low01 = p1 ^ ((p0 ^ p1) & oneOverZero);
            long threeOverTwo = (p2 - p3) >> 63;
            long high23 = p2 ^ ((p2 ^ p3) & threeOverTwo);
            long low23 = p3 ^ ((p2 ^ p3) & threeOverTwo);
            long upper = (high01 - high23) >> 63;
            long bestPower = high01 ^ ((high01 ^ high23) & upper);
            long finalist = high23 ^ ((high01 ^ high23) & upper);
            long partner = low01 ^ ((low01 ^ low23) & upper);
            long secondPower = finalist ^ ((finalist ^ partner) & ((finalist - partner) >> 63));
            strict = _inGroup.Holds(bestPower, secondPower);
            clear = strict || _inGroupWeak.Holds(bestPower, secondPower);
            loose = clear || _inGroupCleanColumn.Holds(bestPower, secondPower);
            int best = (int)((upper & (2 + (threeOverTwo & 1))) | (~upper & oneOverZero & 1));
            return first + best;
        }

        // Sum of the tone's 4 sub-block powers (robust to frequency offset), and the weakest of them.
        private long WindowPower(int tone, out long weakest)
        {
            long sum = 0;
            weakest = long.MaxValue;
            for (int k = 0; k < Window; k++)
            {
                long p = SubBlockPower(k * Stride + tone);
                sum += p;
                if (p < weakest) { weakest = p; }
            }
            return sum;
        }

        // |X|² of one bin in one sub-block of the ring (at = slot start + bin).
        private long SubBlockPower(int at)
        {
            long re = Dft(at);
            long im = Dft(at + ImOffset);
            return re * re + im * im;
        }

        // A DFT value of the ring (a real or imaginary part) at the stored scale: the correlator's
        // sum shifted right by SumShift.
        private int Dft(int at) { return _ring[at] >> SumShift; }

        // The window's detrended energy. The two tones must carry a fair share of it: speech puts
        // most of its energy below 1 kHz and in many harmonics; white noise at 0 dB SNR leaves the
        // tones two thirds of it.
        private long WindowResidual()
        {
            long residual = 0;
            for (int k = 0; k < Window; k++) { residual += _ring[k * Stride + DtmfCorrelator.EnergySum]; }
            return residual;
        }

        // Whether the tones stand clear of the probes. Probes below the row band (where voiced
        // speech has its pitch and first formant) are held against the weaker tone; the others
        // against the tone of their own band, so that twist does not move them. Voiced speech that
        // imitates a key has more harmonics there; a key has nothing.
        // 2 when every probe stands the margin, 1 when each stands at least the weak margin, else 0.
        // A margin that the strongest probe of a group stands, every probe of it stands (the
        // comparison never gets easier as the probe grows), so each group is judged once, by its
        // strongest probe (the background taken out of those below the rows).
        private int ProbesClear(long rowMean, long colMean)
        {
            long below = 0;
            long rowBand = 0;
            long colBand = 0;
            for (int bin = Tones; bin < Bins; bin += 4)
            {
                _correlator.CoherentPowersOfSamples(_samples, _ringNext, bin, SumShift, _powers);
                KeepStrongest(bin, _powers[0], ref below, ref rowBand, ref colBand);
                KeepStrongest(bin + 1, _powers[1], ref below, ref rowBand, ref colBand);
                KeepStrongest(bin + 2, _powers[2], ref below, ref rowBand, ref colBand);
                KeepStrongest(bin + 3, _powers[3], ref below, ref rowBand, ref colBand);
            }
            long weaker = rowMean < colMean ? rowMean : colMean;
            int level = ProbeGroupClear(weaker, below, _lowProbeMargin, _lowProbeWeak);
            if (level == 0) { return 0; }
            level = Min(level, ProbeGroupClear(rowMean, rowBand, _probeMargin, _probeWeak));
            if (level == 0) { return 0; }
            int colLevel = ProbeGroupClear(colMean, colBand, _probeMargin, _probeWeak);
            // A row that passed only by its clean column needs the column's band clean too:
            // speech that imitates a key has harmonics beside its column tone.
            if (_rowLoosened && colLevel < 2) { return 0; }
            return Min(level, colLevel);
        }

        // Folds one probe's coherent power (bins past the last are 0) into its group's strongest.
        private void KeepStrongest(int bin, long p, ref long below, ref long rowBand, ref long colBand)
        {
            if (bin >= Bins) { return; }
            int probe = bin - Tones;
            if (probe < LowProbes)
            {
                p -= (long)Background(probe) << (BackgroundShift + 1);
                if (p > below) { below = p; }
                return;
            }
            if (ProbeGroup[probe] == RowBand) { if (p > rowBand) { rowBand = p; } }
            else if (p > colBand) { colBand = p; }
        }

        // 2 when a group's strongest probe (of power p; none when p ≤ 0) stands the margin under
        // its tone, 1 when it stands the weak margin, else 0.
        private static int ProbeGroupClear(long tone, long p, MbThreshold margin, MbThreshold weak)
        {
            if (p <= 0 || margin.Holds(tone, p)) { return 2; }
            return weak.Holds(tone, p) ? 1 : 0;
        }

        // The tone's phase advance per sub-block, less the nominal one (PhaseAdvanceOffset): within
        // ±θ (the profile's tolerance) the tone is on frequency.
        private bool IsOnFrequency(int tone, long offRe, long offIm)
        {
            if (offRe <= 0) { return false; }
            return (offIm * offIm << 12) <= _tanSquaredQ12[tone] * offRe * offRe;
        }

        // atan(im / re) in Q15 radians for re > 0, by atan(z) ≈ π/4·z + 0.273·z·(1 − |z|) on
        // |z| ≤ 1 and π/2 − atan(1/z) beyond (error under 0.004 rad: 0.13 Hz, 0.01 % of a
        // DTMF tone). Both parts are below 2^20, so the Q15 quotients fit.
        private static long AtanQ15(long re, long im)
        {
            const long QuarterPiQ15 = 25736; // π/4
            const long HalfPiQ15 = 51472;    // π/2
            const long CurveQ15 = 8946;      // 0.273
            long y = im < 0 ? -im : im;
            long angle;
            if (y <= re)
            {
                long z = (y << 15) / re;
                angle = (QuarterPiQ15 * z >> 15) + ((CurveQ15 * z >> 15) * (32768 - z) >> 15);
            }
            else
            {
                long z = (re << 15) / y;
                angle = HalfPiQ15 - (QuarterPiQ15 * z >> 15) - ((CurveQ15 * z >> 15) * (32768 - z) >> 15);
            }
            return im < 0 ? -angle : angle;
        }

        // The phase advance per sub-block of the tone with the nominal advance removed, as a
        // complex value scaled so both parts are below 2^20.
        private void PhaseAdvanceOffset(int tone, out long offRe, out long offIm)
        {
            long r1 = DtmfCorrelator.RotationRe[tone * Window + 1]; // e^{-jωM}, Q14
            long i1 = DtmfCorrelator.RotationIm[tone * Window + 1];
            // The window's 4 sub-blocks, oldest first (after a write, the next slot holds the oldest).
            int at0 = _ringNext * Stride + tone;
            int at1 = ((_ringNext + 1) & (Window - 1)) * Stride + tone;
            int at2 = ((_ringNext + 2) & (Window - 1)) * Stride + tone;
            int at3 = ((_ringNext + 3) & (Window - 1)) * Stride + tone;
            long x0Re = Dft(at0), x0Im = Dft(at0 + ImOffset);
            long x1Re = Dft(at1), x1Im = Dft(at1 + ImOffset);
            long x2Re = Dft(at2), x2Im = Dft(at2 + ImOffset);
            long x3Re = Dft(at3), x3Im = Dft(at3 + ImOffset);
            // The three 10 ms halves starting at sub-blocks 0, 1, 2: X_h + e^{-jωM}·X_{h+1}.
            long h0Re = ((x0Re << RotationShift) + x1Re * r1 - x1Im * i1) >> RotationShift;
            long h0Im = ((x0Im << RotationShift) + x1Re * i1 + x1Im * r1) >> RotationShift;
            long h1Re = ((x1Re << RotationShift) + x2Re * r1 - x2Im * i1) >> RotationShift;
            long h1Im = ((x1Im << RotationShift) + x2Re * i1 + x2Im * r1) >> RotationShift;
            long h2Re = ((x2Re << RotationShift) + x3Re * r1 - x3Im * i1) >> RotationShift;
            long h2Im = ((x2Im << RotationShift) + x3Re * i1 + x3Im * r1) >> RotationShift;
            // Each half times the conjugate of the one before, summed.
            long dRe = (h1Re * h0Re + h1Im * h0Im) + (h2Re * h1Re + h2Im * h1Im);
            long dIm = (h1Im * h0Re - h1Re * h0Im) + (h2Im * h1Re - h2Re * h1Im);
            // Remove the nominal advance: multiply by e^{-jω M}.
            int down = ShiftUnder(dRe, dIm, 40);
            dRe >>= down;
            dIm >>= down;
            offRe = (dRe * r1 - dIm * i1) >> RotationShift;
            offIm = (dRe * i1 + dIm * r1) >> RotationShift;
            down = ShiftUnder(offRe, offIm, 20);
            offRe >>= down;
            offIm >>= down;
        }

        // While a digit sounds, each sub-block (ring slot at `first`) must hold both its tones,
        // relative to their tracked level. A sub-block without them is a dip or, far under the
        // level, a gap; a run of gaps or a longer run of either ends the digit where it began.
        private void TrackDigit(int first, long subBlockStart)
        {
            int row = _digit / 4;
            int col = 4 + _digit % 4;
            long rowPower = SubBlockPower(first + row);
            long colPower = SubBlockPower(first + col);
            if (_presence.Holds(rowPower, _digitRowPower) && _presence.Holds(colPower, _digitColPower))
            {
                // After an absence the tones must be back for two sub-blocks running: noise in a
                // pause lifts one sub-block's bins over the mark now and then, a key's return holds.
                _presentRun++;
                if (_absentRun > 0 && _presentRun < 2) { return; }
                int shift = Profile.LevelTrackShift;
                _digitRowPower += (rowPower >> shift) - (_digitRowPower >> shift);
                _digitColPower += (colPower >> shift) - (_digitColPower >> shift);
                _absentRun = 0;
                _gapRun = 0;
                return;
            }
            _presentRun = 0;
            if (_absentRun == 0) { _firstAbsentSample = subBlockStart; }
            _absentRun++;
            bool gap = !_gap.Holds(rowPower, _digitRowPower) || !_gap.Holds(colPower, _digitColPower);
            _gapRun = gap ? _gapRun + 1 : 0;
            if (_gapRun >= Profile.EndSubBlocks || _absentRun >= Profile.EndDipSubBlocks)
            {
                EndDigit(_firstAbsentSample);
                ClearHits();
            }
        }

        private void StartDigit(int digit, long onset)
        {
            long weakest;
            _digit = digit;
            _digitOnset = onset;
            _digitRowPower = WindowPower(digit / 4, out weakest) / Window;
            _digitColPower = WindowPower(4 + digit % 4, out weakest) / Window;
            _absentRun = 0;
            _gapRun = 0;
            _presentRun = 0;
            _listener.DigitStarted(DtmfDigits.Matrix[digit], onset);
        }

        private void EndDigit(long end)
        {
            int digit = _digit;
            _digit = NoDigit;
            _absentRun = 0;
            _gapRun = 0;
            _guardPower = _digitRowPower + _digitColPower;
            _guardUntil = _subBlocksSeen + Profile.EchoGuardSubBlocks;
            _listener.DigitEnded(DtmfDigits.Matrix[digit], _digitOnset, end);
        }

        private int ToneLevelMb(int deciDbm0)
        {
            // A tone of amplitude A gives |X| = A · 1024 · 40 / 2 per sub-block, then >> SumShift;
            // 0 dBm0 as ToneLevel defines it (G.711), A in Q16.
            long x = ((long)ToneLevel.ZeroDbm0AmplitudeQ16 << DtmfCorrelator.CoefficientShift) * (SubBlock / 2) >> (16 + SumShift);
            return Millibels.FromPower(x * x) + Millibels.FromDeciDb(deciDbm0);
        }

        // The group of each probe (bins Tones..Bins-1), by its frequency.
        private static int[] BuildProbeGroups()
        {
            int[] groups = new int[Bins - Tones];
            for (int bin = Tones; bin < Bins; bin++)
            {
                int hz = DtmfCorrelator.BinHz(bin);
                groups[bin - Tones] = hz < DtmfCorrelator.LowBandTopHz ? BelowRows
                    : hz < DtmfCorrelator.RowBandTopHz ? RowBand : ColumnBand;
            }
            return groups;
        }

        // Folds this window into the stationary background: each tracked value's least in the
        // current block of windows; a block done becomes the one before.
        private void TrackBackground()
        {
            // Sampled once every 40 ms (every eighth window): the least of a 150 ms block needs
            // no more, and the receiver spends an eighth of the time on it.
            if ((_subBlocksSeen & (2 * Window - 1)) == 0)
            {
                SampleBackground();
            }
            if (++_backgroundAge < Profile.BackgroundBlockWindows) { return; }
            _backgroundAge = 0;
            for (int q = 0; q <= BackgroundEnergy; q++)
            {
                _background[2 * q + 1] = _background[2 * q];
                _background[2 * q] = int.MaxValue;
            }
        }

        private void SampleBackground()
        {
            _correlator.CoherentPowersOfSamples(_samples, _ringNext, Tones, SumShift, _powers);
            KeepLeast(0, _powers[0] >> BackgroundShift);
            KeepLeast(1, _powers[1] >> BackgroundShift);
            KeepLeast(2, _powers[2] >> BackgroundShift);
            KeepLeast(3, _powers[3] >> BackgroundShift);
            _correlator.CoherentPowersOfSamples(_samples, _ringNext, Tones + 4, SumShift, _powers);
            KeepLeast(4, _powers[0] >> BackgroundShift);
            KeepLeast(5, _powers[1] >> BackgroundShift);
            KeepLeast(6, _powers[2] >> BackgroundShift);
            KeepLeast(BackgroundEnergy, WindowResidual() >> 2);
        }

        private void KeepLeast(int q, long value)
        {
            if (value < _background[2 * q]) { _background[2 * q] = (int)value; }
        }

        // The stationary background of tracked value q (0 until a block has been seen).
        private long Background(int q)
        {
            int current = _background[2 * q];
            int before = _background[2 * q + 1];
            return current < before ? current : before;
        }

        private void ClearBackground()
        {
            for (int q = 0; q <= BackgroundEnergy; q++)
            {
                _background[2 * q] = int.MaxValue;
                _background[2 * q + 1] = 0;
            }
            _backgroundAge = 0;
        }

        // Whether a key's tones, `apart` (row offset less column offset, hundredths of a percent),
        // stand in the band around the digit's harmonic ratio. The band stops
        // HarmonicCornerMarginCentiPercent short of the furthest apart a phone may send (each
        // tone 1.5 % + 2 Hz off, in opposite directions), so the conformance tester's corner
        // is always heard.
        private bool InHarmonicBand(int digit, int apart)
        {
            int harmonic = HarmonicApart[digit];
            if (harmonic == NoHarmonic) { return false; }
            int low = harmonic - Profile.HarmonicBandCentiPercent;
            int high = harmonic + Profile.HarmonicBandCentiPercent;
            int corner = PhoneCornerApart(digit);
            int margin = Profile.HarmonicCornerMarginCentiPercent;
            if (harmonic > 0)
            {
                if (corner > harmonic) { high = Min(high, corner - margin); } else { low = Max(low, corner + margin); }
            }
            else
            {
                if (-corner < harmonic) { low = Max(low, -corner + margin); } else { high = Min(high, -corner - margin); }
            }
            return apart >= low && apart <= high;
        }

        // Whether a key's tones, `apart` (row offset less column offset, hundredths of a percent),
        // stand near the 5 : 8 ratio of a voice's harmonics.
        private bool InCombBand(int digit, int apart)
        {
            int comb = CombApart[digit];
            if (comb == NoHarmonic) { return false; }
            return apart >= comb - Profile.HarmonicCombBandCentiPercent && apart <= comb + Profile.HarmonicCombBandCentiPercent;
        }

        // Whether the newest window (the one starting the key) is clean where a voice with these
        // two harmonics would put its others: the strongest probe far from both tones (those
        // below the rows with their stationary background taken out) stands the comb margin under
        // the weaker tone. A key, even at a tester's corner, puts nothing there.
        private bool CombClear(int digit)
        {
            long weakest;
            long rowMean = WindowPower(digit / 4, out weakest) / Window;
            long colMean = WindowPower(4 + digit % 4, out weakest) / Window;
            long weaker = rowMean < colMean ? rowMean : colMean;
            int probes = CombProbes[digit];
            long strongest = 0;
            for (int bin = Tones; bin < Bins; bin += 4)
            {
                _correlator.CoherentPowersOfSamples(_samples, _ringNext, bin, SumShift, _powers);
                strongest = StrongerProbe(probes, bin, _powers[0], strongest);
                strongest = StrongerProbe(probes, bin + 1, _powers[1], strongest);
                strongest = StrongerProbe(probes, bin + 2, _powers[2], strongest);
                strongest = StrongerProbe(probes, bin + 3, _powers[3], strongest);
            }
            return strongest <= 0 || _combMargin.Holds(weaker, strongest);
        }

        // The stronger of `strongest` and probe bin's power p, when the probe is one of `probes`.
        private long StrongerProbe(int probes, int bin, long p, long strongest)
        {
            if (bin >= Bins) { return strongest; }
            int probe = bin - Tones;
            if ((probes & (1 << probe)) == 0) { return strongest; }
            if (probe < LowProbes) { p -= (long)Background(probe) << (BackgroundShift + 1); }
            return p > strongest ? p : strongest;
        }

        private static int[] BuildCombApart()
        {
            int[] apart = new int[16];
            for (int digit = 0; digit < 16; digit++)
            {
                long row = DtmfDigits.RowHz[digit / 4];
                long col = DtmfDigits.ColumnHz[digit % 4];
                // row·(1 + a) : col = 5 : 8 → a = 5·col / (8·row) − 1, in 1/10000; kept where it
                // is further apart than real phones send their tones and within what a phone may.
                long a = 5 * col * 10000 / (8 * row) - 10000;
                apart[digit] = a > -300 && a < -150 ? (int)a : NoHarmonic;
            }
            return apart;
        }

        // A tone leaks into a probe through the 20 ms window's side lobes, -21 dB at 3.5 bins (of
        // 50 Hz) and less further out; CombClearHz keeps the probes held to the comb margin out
        // of the nearer, higher lobes.
        private const int CombClearHz = 150;

        private static int[] BuildCombProbes()
        {
            int[] probes = new int[16];
            for (int digit = 0; digit < 16; digit++)
            {
                int row = DtmfDigits.RowHz[digit / 4];
                int col = DtmfDigits.ColumnHz[digit % 4];
                for (int probe = 0; probe < Bins - Tones; probe++)
                {
                    int hz = DtmfCorrelator.BinHz(Tones + probe);
                    int fromRow = hz > row ? hz - row : row - hz;
                    int fromCol = hz > col ? hz - col : col - hz;
                    if (fromRow >= CombClearHz && fromCol >= CombClearHz) { probes[digit] |= 1 << probe; }
                }
            }
            return probes;
        }

        private static int Min(int a, int b) { return a < b ? a : b; }

        private static int Max(int a, int b) { return a > b ? a : b; }

        private static int[] BuildHarmonicApart()
        {
            int[] apart = new int[16];
            for (int digit = 0; digit < 16; digit++)
            {
                long row = DtmfDigits.RowHz[digit / 4];
                long col = DtmfDigits.ColumnHz[digit % 4];
                apart[digit] = NoHarmonic;
                for (long n = 1; n < 12; n++)
                {
                    // row·(1 + a) : col = n : n+1 → a = n·col / ((n+1)·row) − 1, in 1/10000.
                    long a = n * col * 10000 / ((n + 1) * row) - 10000;
                    if (a > -500 && a < 500) { apart[digit] = (int)a; }
                }
            }
            return apart;
        }

        // Per digit: whether its harmonic band lies within what a phone may send (each tone 1.5 % + 2 Hz
        // off, opposite ways): only '*' (4 : 5 is 2.8 % apart, the corner 3.4 %).
        private static bool[] BuildHarmonicWithinPhones()
        {
            bool[] within = new bool[16];
            for (int digit = 0; digit < 16; digit++)
            {
                int harmonic = HarmonicApart[digit];
                within[digit] = harmonic != NoHarmonic && (harmonic < 0 ? -harmonic : harmonic) < PhoneCornerApart(digit);
            }
            return within;
        }

        // The furthest apart (row offset less column offset, hundredths of a percent) a phone may send
        // the digit's tones: each 1.5 % + 2 Hz off, in opposite directions.
        private static int PhoneCornerApart(int digit)
        {
            return 300 + 20000 / DtmfDigits.RowHz[digit / 4] + 20000 / DtmfDigits.ColumnHz[digit % 4];
        }

        // Forgets the windows that held a digit (its hits, weak or full).
        private void ForgetHits(int digit)
        {
            for (int i = 0; i < _hits.Length; i++)
            {
                if (_hits[i] == digit || _hits[i] == digit + WeakHit || _hits[i] == digit + WeakHit + Loosened) { _hits[i] = (short)NoDigit; }
            }
        }

        private void ClearHits()
        {
            for (int i = 0; i < _hits.Length; i++) { _hits[i] = (short)NoDigit; }
        }

        private static long Abs(long v) { return v < 0 ? -v : v; }

        // The fewest bits to shift both values right (arithmetically) by to bring both magnitudes
        // under 2^bits: what shifting one bit at a time would reach. Shifting a magnitude of
        // BitLength m by m - bits leaves it under 2^bits, except that a negative value rounds
        // away from zero and may need one bit more.
        private static int ShiftUnder(long re, long im, int bits)
        {
            long a = Abs(re);
            long b = Abs(im);
            int n = BitLength(a > b ? a : b) - bits;
            if (n < 0) { return 0; }
            long limit = 1L << bits;
            bool tooBig = (Abs(re >> n) >= limit) | (Abs(im >> n) >= limit);
            return tooBig ? n + 1 : n;
        }

        // Bits needed for v ≥ 0 (0 for 0), by halving steps taken with conditional moves.
        private static int BitLength(long v)
        {
            int bits = 0;
            for (int step = 32; step > 0; step >>= 1)
            {
                long high = v >> step;
                bool above = high != 0;
                v = above ? high : v;
                bits = above ? bits + step : bits;
            }
            return bits + (int)v; // v is now 0 or 1
        }

        // What a traced line holds on top: the listener, the one window record it reuses, and the
        // constants that turn powers into levels.
        private sealed class TraceState
        {
            public readonly IDtmfTraceListener Listener;
            public readonly DtmfWindowTrace Window = new DtmfWindowTrace();
            public readonly long MinMeanPower;  // a traced candidate's tones: 10 dB under the minimum level or above
            public readonly int ZeroDbm0Mb;     // FromPower of a 0 dBm0 tone's mean sub-block power

            public TraceState(IDtmfTraceListener listener, long minMeanPower, int zeroDbm0Mb)
            {
                Listener = listener;
                MinMeanPower = minMeanPower;
                ZeroDbm0Mb = zeroDbm0Mb;
            }
        }

        /// <summary>
        /// "FromPower(a) − FromPower(b) ≥ threshold" for powers a, b ≥ 0, decided by two
        /// multiplications unless a/b lies within about 13 mB of the threshold, where the
        /// logarithms decide. FromPower is within 1.5 mB of 1000·log10 (checked over every
        /// mantissa it distinguishes), so outside that band both ways give the same answer.
        /// </summary>
        private readonly struct MbThreshold
        {
            // Half-width, millibels, of the band where the logarithms decide: at least 4 × 1.5 mB
            // (the error of FromPower, twice for a ratio, twice again for the bounds below).
            private const int SlackMb = 10;
            // The bounds are found as powers over 2^ReferenceBits, then scaled to 2^shift.
            private const int ReferenceBits = 30;
            // Least power at the lower bound before scaling: one step of it is then under 0.5 mB,
            // which the lower bound's margin counts on.
            private const long MinFailAt = 1 << 10;

            private readonly int _mb;      // the threshold, millibels
            private readonly int _shift;   // a is scaled by 2^_shift, b by one of the bounds
            private readonly int _pass;    // a·2^shift ≥ b·_pass: surely at least _mb (0: no bounds, logarithms always)
            private readonly int _fail;    // a·2^shift < b·_fail: surely below _mb (0: never sure)

            private MbThreshold(int mb, int shift, int pass, int fail)
            {
                _mb = mb;
                _shift = shift;
                _pass = pass;
                _fail = fail;
            }

            /// <summary>The threshold <paramref name="mb"/> for operands below 2^aBits and 2^bBits.</summary>
            public static MbThreshold Create(int mb, int aBits, int bBits)
            {
                int reference = Millibels.FromPower(1L << ReferenceBits);
                long passAt = Millibels.PowerAtLeast(reference + mb + SlackMb);  // ≈ 2^30 · ratio, just above the band
                long failAt = Millibels.PowerAtLeast(reference + mb - SlackMb);  // just below it
                if (passAt == long.MaxValue) { return new MbThreshold(mb, 0, 0, 0); } // a ratio beyond 64 bits
                // The finest scale at which neither a·2^shift nor b·bound can overflow, with the
                // bounds in 31 bits.
                for (int shift = ReferenceBits; shift >= 0; shift--)
                {
                    int down = ReferenceBits - shift;
                    long pass = ((passAt - 1) >> down) + 1; // rounded up: never claims too much
                    if (aBits + shift > 62 || bBits + BitLength(pass) > 62 || pass > int.MaxValue) { continue; }
                    int fail = failAt >= MinFailAt ? (int)(failAt >> down) : 0; // rounded down, likewise
                    return new MbThreshold(mb, shift, (int)pass, fail);
                }
                return new MbThreshold(mb, 0, 0, 0);
            }

            /// <summary>Whether FromPower(a) − FromPower(b) ≥ the threshold, exactly.</summary>
            public bool Holds(long a, long b)
            {
                if (_pass != 0 && a > 0 && b > 0)
                {
                    long scaled = a << _shift;
                    if (scaled >= b * _pass) { return true; }
                    if (scaled < b * _fail) { return false; }
                }
                return ByLogarithms(a, b);
            }

            // The exact test, for ratios within the band (kept apart so that Holds stays small
            // enough to be inlined where it is called).
            private bool ByLogarithms(long a, long b)
            {
                return Millibels.FromPower(a) - Millibels.FromPower(b) >= _mb;
            }
        }
    }
}
