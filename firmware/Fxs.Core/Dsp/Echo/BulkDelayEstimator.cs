namespace Fxs.Core.Dsp.Echo
{
    /// <summary>
    /// Finds where the echo of what the gateway plays (far end) lies in what it hears (near end):
    /// the lag, in samples, from 0 to <see cref="MaxLagSamples"/>, of the echo path's strongest part
    /// as speech sees it (its low-frequency part, which on a dispersive path may come a few ms after
    /// the largest tap).
    /// Integer arithmetic only, nothing allocated after construction, bit-exact on every target.
    /// <para>
    /// Method (a decimated cross-correlation, as network echo cancellers' bulk-delay searches do):
    /// both signals are low-passed by a 4-sample boxcar and decimated by 4 (2 kHz: voiced speech
    /// keeps most of its power under 1 kHz, and the echo path passes it); a leaky cross-correlation
    /// R[l] = Σ x(m − l) · y(m) over every decimated lag l is updated only while the far end is active
    /// and the near end holds no double talk (Geigel-like, on powers: near end louder than the far
    /// end's mean over the whole lag range); once per 10 ms block, with E[l] = |R[l−1]| + 2|R[l]| +
    /// |R[l+1]| (a dispersive path's alternating taps count together), the candidate is the lag of
    /// the largest E. <see cref="Coverage"/> tells how much of ΣE a window holds. The estimate is <em>locked</em> only when the same candidate (within
    /// <see cref="AgreeLags"/>) has come back <see cref="StableBlocks"/> blocks in a row, stands
    /// <see cref="ProminenceFactor"/> times above the mean |R| of all lags, and the correlation has
    /// seen <see cref="MinActiveSamples"/> samples of far-end activity: a pitch-period or noise peak
    /// does not move the canceller's window, and a locked estimate changes only through the same test.
    /// </para>
    /// Resolution: 4 samples (0.5 ms); the canceller's window is placed with a margin for that.
    /// </summary>
    public sealed class BulkDelayEstimator
    {
        /// <summary>Decimation factor: one correlation sample per 4 line samples (2 kHz).</summary>
        public const int Decimation = 4;

        /// <summary>Line samples per evaluation block: 10 ms at 8 kHz.</summary>
        public const int BlockSamples = 80;

        /// <summary>
        /// The correlation leaks by 2^-LeakShift per block of far-end activity: a time constant of
        /// 2^6 blocks = 640 ms of guidance. Long enough to average over several syllables (so that a
        /// voice's pitch period gives no stable false peak), short enough to follow a changed path.
        /// </summary>
        public const int LeakShift = 6;

        /// <summary>
        /// Least far-end power, mean over the lag range, for the correlation to learn: squared
        /// decimated units, r.m.s. 256 ≈ −36 dBm0 (0 dBm0 = r.m.s. 16,021); the guidance at −15 to −25
        /// dBm0 is far above it, the µ-law idle noise far below.
        /// </summary>
        public const int MinFarPower = 256 * 256;

        /// <summary>Near-end short-term power time constant: 2^4 decimated samples = 8 ms.</summary>
        public const int NearPowerShift = 4;

        /// <summary>Decimated samples (2 kHz) learning stays held after the last double talk: 60 = 30 ms.</summary>
        public const int HangoverDecimated = 60;

        /// <summary>Blocks of far-end activity a candidate must come back in a row to be locked: 15 = 150 ms.</summary>
        public const int StableBlocks = 15;

        /// <summary>Decimated lags (±1 ms) within which two blocks' candidates count as the same.</summary>
        public const int AgreeLags = 2;

        /// <summary>The largest E must be at least 3× the mean E over every lag (a peak, not a flat correlation).</summary>
        public const int ProminenceFactor = 3;

        /// <summary>Line samples of far-end activity the correlation needs before any lock: 2400 = 300 ms.</summary>
        public const int MinActiveSamples = 2400;

        private readonly int _lags;               // decimated lags searched
        private readonly int _maxLagSamples;
        private readonly short[] _farRing;        // decimated far end, doubled ring: _farRing[_pos + l] = x(m − l)
        private readonly long[] _corr;            // R[l]
        private readonly long[] _smooth;          // E[l], the last block's
        private int _pos;
        private int _phase;                      // line samples in the current decimation sum
        private int _farSum;
        private int _nearSum;
        private long _farEnergy;                 // Σ x² over the lag range (decimated)
        private long _nearPower;                 // short-term near-end power (decimated)
        private int _hangover;
        private int _blockFill;
        private bool _learnedInBlock;
        private long _activeSamples;
        private int _candidate;
        private int _candidateRun;
        private int _lockedLag;
        private bool _locked;
        private int _locks;
        private long _updates;

        /// <summary>An estimator for lags 0 to <paramref name="maxLagSamples"/> (rounded up to a multiple of <see cref="Decimation"/>).</summary>
        public BulkDelayEstimator(int maxLagSamples)
        {
            if (maxLagSamples < Decimation || maxLagSamples > 8000) { throw new System.ArgumentOutOfRangeException("maxLagSamples"); }
            _lags = (maxLagSamples + Decimation - 1) / Decimation + 1;
            _maxLagSamples = (_lags - 1) * Decimation;
            _farRing = new short[2 * _lags];
            _corr = new long[_lags];
            _smooth = new long[_lags];
            Reset();
        }

        /// <summary>Largest lag searched, samples.</summary>
        public int MaxLagSamples { get { return _maxLagSamples; } }

        /// <summary>True once an estimate has passed the stability and prominence tests (see the class summary).</summary>
        public bool Locked { get { return _locked; } }

        /// <summary>The locked estimate: lag of the echo path's strongest part, line samples (0 until <see cref="Locked"/>).</summary>
        public int DelaySamples { get { return _lockedLag * Decimation; } }

        /// <summary>Times a new estimate was locked (the first lock and every later change).</summary>
        public int Locks { get { return _locks; } }

        /// <summary>Decimated samples at which the correlation learned (far end active, no double talk).</summary>
        public long Updates { get { return _updates; } }

        /// <summary>Bytes of per-line state held in arrays (object headers not counted).</summary>
        public int StateBytes { get { return _farRing.Length * 2 + (_corr.Length + _smooth.Length) * 8; } }

        /// <summary>
        /// How much of the echo the last block's correlation puts in [<paramref name="startSamples"/>,
        /// + <paramref name="lengthSamples"/>): Σ E[l] over the decimated lags there (arbitrary units,
        /// to compare two windows).
        /// </summary>
        public long Coverage(int startSamples, int lengthSamples)
        {
            int from = startSamples / Decimation;
            int to = (startSamples + lengthSamples) / Decimation;
            if (to > _lags) { to = _lags; }
            long sum = 0;
            for (int l = from; l < to; l++) { sum += _smooth[l]; }
            return sum;
        }

        /// <summary>Forgets everything: no estimate, an empty correlation.</summary>
        public void Reset()
        {
            System.Array.Clear(_farRing, 0, _farRing.Length);
            System.Array.Clear(_corr, 0, _corr.Length);
            System.Array.Clear(_smooth, 0, _smooth.Length);
            _pos = 0;
            _phase = 0;
            _farSum = 0;
            _nearSum = 0;
            _farEnergy = 0;
            _nearPower = 0;
            _hangover = 0;
            _blockFill = 0;
            _learnedInBlock = false;
            _activeSamples = 0;
            _candidate = -1;
            _candidateRun = 0;
            _lockedLag = 0;
            _locked = false;
            _locks = 0;
            _updates = 0;
        }

        /// <summary>
        /// One line sample: <paramref name="farEnd"/> what was played (at lag 0 of the search),
        /// <paramref name="nearEnd"/> what is heard now. Returns true when this sample ended an
        /// evaluation block in which the locked estimate changed (or was first locked).
        /// <paramref name="doubleTalk"/>: the caller knows the near end holds more than echo (a
        /// converged canceller's double-talk detector sees a key far better than powers do); the
        /// correlation does not learn from this sample's decimation period.
        /// </summary>
        public bool Process(short farEnd, short nearEnd, bool doubleTalk)
        {
            if (doubleTalk) { _hangover = HangoverDecimated; }
            _farSum += farEnd;
            _nearSum += nearEnd;
            bool changed = false;
            if (++_phase == Decimation)
            {
                _phase = 0;
                Decimated(_farSum >> 2, _nearSum >> 2);  // >> 2: the mean of the 4 (Decimation)
                _farSum = 0;
                _nearSum = 0;
            }
            if (++_blockFill == BlockSamples)
            {
                _blockFill = 0;
                changed = EndBlock();
            }
            return changed;
        }

        private void Decimated(int x, int y)
        {
            int lags = _lags;
            int pos = _pos == 0 ? lags - 1 : _pos - 1;
            _pos = pos;
            int leaving = _farRing[pos + lags];
            _farEnergy += (long)x * x - (long)leaving * leaving;
            _farRing[pos] = (short)x;
            _farRing[pos + lags] = (short)x;

            // Double talk: the near end's short-term power above the far end's mean over the lag
            // range (an echo is at least 6 dB down in G.168's premise, 0 dB here for resonant paths).
            _nearPower += ((long)y * y - _nearPower) >> NearPowerShift;
            long farMean = _farEnergy / lags;
            if (_nearPower > farMean) { _hangover = HangoverDecimated; }
            else if (_hangover > 0) { _hangover--; }
            if (farMean < MinFarPower || _hangover > 0) { return; }

            _learnedInBlock = true;
            _updates++;
            long[] r = _corr;
            short[] ring = _farRing;
            for (int l = 0; l < lags; l++) { r[l] += (long)ring[pos + l] * y; }
        }

        private bool EndBlock()
        {
            if (!_learnedInBlock) { return false; }
            _learnedInBlock = false;
            _activeSamples += BlockSamples;
            long[] r = _corr;
            int lags = _lags;
            for (int l = 0; l < lags; l++) { r[l] -= r[l] >> LeakShift; }

            // E[l] = |R[l−1]| + 2|R[l]| + |R[l+1]|, and its largest value.
            long[] e = _smooth;
            long peak = 0;
            int bestLag = 0;
            long total = 0;
            long previous = 0;
            long current = Abs(r[0]);
            for (int l = 0; l < lags; l++)
            {
                long next = l + 1 < lags ? Abs(r[l + 1]) : 0;
                long smooth = previous + 2 * current + next;
                e[l] = smooth;
                total += smooth;
                if (smooth > peak) { peak = smooth; bestLag = l; }
                previous = current;
                current = next;
            }

            int distance = bestLag - _candidate;
            if (distance < 0) { distance = -distance; }
            _candidateRun = _candidate >= 0 && distance <= AgreeLags ? _candidateRun + 1 : 1;
            _candidate = bestLag;

            bool prominent = peak * lags >= total * ProminenceFactor && peak > 0;
            if (!prominent || _candidateRun < StableBlocks || _activeSamples < MinActiveSamples) { return false; }
            distance = bestLag - _lockedLag;
            if (distance < 0) { distance = -distance; }
            if (_locked && distance <= AgreeLags) { return false; }
            _lockedLag = bestLag;
            _locked = true;
            _locks++;
            return true;
        }

        private static long Abs(long v) { return v < 0 ? -v : v; }
    }
}
