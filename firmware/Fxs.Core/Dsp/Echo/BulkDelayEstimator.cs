using Fxs.Hal;
namespace Fxs.Core.Dsp.Echo
{
    /// <summary>
    /// Finds where the echo of what the gateway plays (far end) lies in what it hears (near end):
    /// the lag, in samples, from 0 to <see cref="MaxLagSamples"/>, of the echo path's strongest part.
    /// Integer arithmetic only, nothing allocated after construction, bit-exact on every target.
    /// <para>
    /// Method (a cross-correlation over the whole lag range, as network echo cancellers' bulk-delay
    /// searches do): both signals are pre-emphasised (1 − 0.875 z⁻¹, as the canceller's adaptation
    /// path: it flattens speech's spectral tilt, so that the correlation's peak is nearly as narrow
    /// as the echo path itself rather than as broad as a vowel's autocorrelation); a leaky
    /// cross-correlation R[j] = Σ x(n − 2j) · y(n) is kept on a grid of every <see cref="LagStep"/>
    /// lags and updated on every <see cref="UpdateEvery"/>th sample (R is the same expectation at
    /// any rate; fewer products is all the subsampling costs), only while the far end is active and
    /// the near end holds no double talk (near end louder than the far end's mean over the lag
    /// range, or the caller's own detector). Once per 10 ms block, with E[j] = |R[j−1]| + 2|R[j]| +
    /// |R[j+1]| (a dispersive path's alternating taps count together), the candidate is the lag of
    /// the largest E, or of an earlier part of the path up to 6 ms before it with at least 3/4 of its
    /// E. The estimate is <em>locked</em> only when the same candidate (within
    /// <see cref="AgreeSamples"/>) has come back <see cref="StableBlocks"/> blocks in a row, stands
    /// <see cref="ProminenceFactor"/> times above the mean E of all lags, and the correlation has
    /// seen <see cref="MinActiveSamples"/> samples of far-end activity: a pitch-period or noise peak
    /// does not move the canceller's window, and a locked estimate changes only through the same test.
    /// </para>
    /// Cost per line sample: (lags / <see cref="LagStep"/> + 1) / <see cref="UpdateEvery"/> 64-bit
    /// multiply-adds (81 for 64 + 16 ms; half that once locked), and about 4 operations per grid
    /// lag every 10 ms.
    /// </summary>
    public sealed class BulkDelayEstimator
    {
        /// <summary>The correlation is updated on one line sample in 4 (2,000 updates per second) until the first lock.</summary>
        public const int UpdateEvery = 4;

        /// <summary>
        /// Once locked, on one sample in 8 (1,000 per second): the estimate is then only watched for
        /// a changed path, and the port's frame costs about 1.5 µs less (x86-64, `fxs bench line`).
        /// </summary>
        public const int UpdateEveryLocked = 8;

        /// <summary>
        /// Lags are searched every 2 samples (0.25 ms): the estimate's resolution. Fixed at 2: the
        /// far ring keeps every other sample (the parity the updates fall on), so that each update
        /// reads one contiguous run.
        /// </summary>
        public const int LagStep = 2;

        /// <summary>Line samples per evaluation block: 10 ms at 8 kHz.</summary>
        public const int BlockSamples = 80;

        /// <summary>Pre-emphasis coefficient, Q15: 0.875, the canceller's (<see cref="LineEchoCanceller.PreEmphasisQ15"/>).</summary>
        public const int PreEmphasisQ15 = LineEchoCanceller.PreEmphasisQ15;

        /// <summary>
        /// The correlation leaks by 2^-LeakShift per block of far-end activity: a time constant of
        /// 2^6 blocks = 640 ms of guidance. Long enough to average over several syllables (so that a
        /// voice's pitch period gives no stable false peak), short enough to follow a changed path.
        /// </summary>
        public const int LeakShift = 6;

        /// <summary>
        /// Least far-end power, mean over the lag range, for the correlation to learn: squared units
        /// of the pre-emphasised signal halved, r.m.s. 64: speech at −36 dBm0 or so (pre-emphasis takes
        /// about 10 dB off speech, halving 6 dB); the guidance at −15 to −25 dBm0 is far above it.
        /// </summary>
        public const int MinFarPower = 64 * 64;

        /// <summary>Near-end short-term power time constant: 2^6 samples = 8 ms.</summary>
        public const int NearPowerShift = 6;

        /// <summary>Line samples learning stays held after the last double talk: 240 = 30 ms.</summary>
        public const int HangoverSamples = 240;

        /// <summary>Blocks of far-end activity a candidate must come back in a row to be locked: 15 = 150 ms.</summary>
        public const int StableBlocks = 15;

        /// <summary>
        /// How far before the largest E an earlier strong part (E ≥ 3/4 of the largest) is taken
        /// instead: 48 samples = 6 ms (m4's strong parts are 13-30 samples apart; with one half
        /// instead of 3/4, the correlation's side lobes before the echo were taken now and then).
        /// </summary>
        public const int EarlierPartSamples = 48;

        /// <summary>Samples (±1 ms) within which two blocks' candidates count as the same.</summary>
        public const int AgreeSamples = 8;

        /// <summary>The largest E must be at least 4× the mean E over every lag (a peak, not a flat correlation).</summary>
        public const int ProminenceFactor = 4;

        /// <summary>Line samples of far-end activity the correlation needs before any lock: 2400 = 300 ms.</summary>
        public const int MinActiveSamples = 2400;

        private readonly int _lags;               // lags on the grid: 0, LagStep, …, MaxLagSamples
        private readonly short[] _farRing;        // pre-emphasised far end / 2, every other sample, doubled ring: _farRing[_pos + j] = x(m − 2j)
        private readonly long[] _corr;            // R[j], lag j · LagStep
        private readonly EchoFilterKernel _kernel;
        private int _pos;
        private int _count;                      // line samples mod UpdateEveryLocked
        private int _prevFar;
        private int _prevNear;
        private long _farEnergy;                 // Σ x² over the ring
        private long _nearPower;                 // short-term near-end power
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

        /// <summary>
        /// An estimator for lags 0 to <paramref name="maxLagSamples"/> (rounded up to a multiple of
        /// <see cref="LagStep"/>) whose correlation update runs on <paramref name="kernel"/> (every
        /// kernel gives the same result bit for bit).
        /// </summary>
        public BulkDelayEstimator(int maxLagSamples, EchoFilterKernel kernel)
        {
            if (kernel == null) { throw new System.ArgumentNullException("kernel"); }
            _kernel = kernel;
            if (maxLagSamples < LagStep || maxLagSamples > LineTime.SampleRateHz) { throw new System.ArgumentOutOfRangeException("maxLagSamples"); }
            _lags = (maxLagSamples + LagStep - 1) / LagStep + 1;
            _farRing = new short[2 * _lags];
            _corr = new long[_lags];
            Reset();
        }

        /// <summary>As <see cref="BulkDelayEstimator(int, EchoFilterKernel)"/> with the fastest kernel.</summary>
        public BulkDelayEstimator(int maxLagSamples)
            : this(maxLagSamples, EchoFilterKernel.CreateBest())
        {
        }

        /// <summary>Largest lag searched, samples.</summary>
        public int MaxLagSamples { get { return (_lags - 1) * LagStep; } }

        /// <summary>True once an estimate has passed the stability and prominence tests (see the class summary).</summary>
        public bool Locked { get { return _locked; } }

        /// <summary>The locked estimate: lag of the echo path's strongest part, line samples (0 until <see cref="Locked"/>).</summary>
        public int DelaySamples { get { return _lockedLag * LagStep; } }

        /// <summary>Times a new estimate was locked (the first lock and every later change).</summary>
        public int Locks { get { return _locks; } }

        /// <summary>Updates of the correlation (far end active, no double talk).</summary>
        public long Updates { get { return _updates; } }

        /// <summary>Bytes of per-line state held in arrays (object headers not counted).</summary>
        public int StateBytes { get { return _farRing.Length * 2 + _corr.Length * 8; } }

        /// <summary>Forgets everything: no estimate, an empty correlation.</summary>
        public void Reset()
        {
            System.Array.Clear(_farRing, 0, _farRing.Length);
            System.Array.Clear(_corr, 0, _corr.Length);
            _pos = 0;
            _count = 0;
            _prevFar = 0;
            _prevNear = 0;
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
        /// <paramref name="nearEnd"/> what is heard now. <paramref name="doubleTalk"/>: the caller
        /// knows the near end holds more than echo (a converged canceller's double-talk detector
        /// sees a key far better than powers do); learning is then held for <see cref="HangoverSamples"/>.
        /// Returns true when this sample ended an evaluation block in which the locked estimate
        /// changed (or was first locked).
        /// </summary>
        public bool Process(short farEnd, short nearEnd, bool doubleTalk)
        {
            // Pre-emphasis, halved so that it fits a short (|x − 0.875 x'| < 2^16).
            int x = (farEnd - ((PreEmphasisQ15 * _prevFar + (1 << 14)) >> 15)) >> 1;
            int y = (nearEnd - ((PreEmphasisQ15 * _prevNear + (1 << 14)) >> 15)) >> 1;
            _prevFar = farEnd;
            _prevNear = nearEnd;

            // Every other sample into the far ring: the correlation is updated on samples of one
            // parity only (one in UpdateEvery), so x(n − 2j) for every grid lag j is in it, contiguous.
            int count = _count;
            _count = (count + 1) & (UpdateEveryLocked - 1);
            int lags = _lags;
            int pos = _pos;
            if ((count & 1) == 0)
            {
                pos = pos == 0 ? lags - 1 : pos - 1;
                _pos = pos;
                int leaving = _farRing[pos + lags];
                _farEnergy += (long)x * x - (long)leaving * leaving;
                _farRing[pos] = (short)x;
                _farRing[pos + lags] = (short)x;
            }

            // Double talk: the near end's short-term power above the far end's mean over the lag
            // range (an echo is at least 6 dB down in G.168's premise, 0 dB here for resonant paths).
            _nearPower += ((long)y * y - _nearPower) >> NearPowerShift;
            if (doubleTalk || _nearPower * lags > _farEnergy) { _hangover = HangoverSamples; }
            else if (_hangover > 0) { _hangover--; }

            int every = _locked ? UpdateEveryLocked : UpdateEvery;
            if ((count & (every - 1)) == 0 && _hangover == 0 && _farEnergy >= (long)MinFarPower * lags)
            {
                _learnedInBlock = true;
                _updates++;
                _kernel.Correlate(_corr, _farRing, pos, lags, y);
            }
            if (++_blockFill < BlockSamples) { return false; }
            _blockFill = 0;
            return EndBlock();
        }

        private long Smoothed(int j)
        {
            long[] r = _corr;
            long e = 2 * Abs(r[j]);
            if (j > 0) { e += Abs(r[j - 1]); }
            if (j + 1 < _lags) { e += Abs(r[j + 1]); }
            return e;
        }

        private bool EndBlock()
        {
            if (!_learnedInBlock) { return false; }
            _learnedInBlock = false;
            _activeSamples += BlockSamples;
            // Leak, and E[j] = |R[j−1]| + 2|R[j]| + |R[j+1]| in one pass (its largest value and sum).
            long[] r = _corr;
            int lags = _lags;
            long peak = 0;
            int bestLag = 0;
            long total = 0;
            long previous = 0;
            long v0 = r[0] - (r[0] >> LeakShift);
            r[0] = v0;
            long current = v0 < 0 ? -v0 : v0;
            for (int j = 0; j < lags; j++)
            {
                long next = 0;
                if (j + 1 < lags)
                {
                    long v = r[j + 1] - (r[j + 1] >> LeakShift);
                    r[j + 1] = v;
                    next = v < 0 ? -v : v;
                }
                long e = previous + 2 * current + next;
                total += e;
                if (e > peak) { peak = e; bestLag = j; }
                previous = current;
                current = next;
            }

            // A long path (G.168's m4) has several strong parts, and which one is largest varies with
            // the speech: take the earliest part within EarlierPartSamples before the peak whose E is
            // at least 3/4 of the peak's, so that the estimate stays on the path's first strong part.
            int from = bestLag - EarlierPartSamples / LagStep;
            if (from < 0) { from = 0; }
            for (int j = from; j < bestLag; j++)
            {
                if (Smoothed(j) * 4 >= peak * 3) { bestLag = j; break; }
            }
            int agree = AgreeSamples / LagStep;
            int distance = bestLag - _candidate;
            if (distance < 0) { distance = -distance; }
            _candidateRun = _candidate >= 0 && distance <= agree ? _candidateRun + 1 : 1;
            _candidate = bestLag;

            bool prominent = peak > 0 && peak * lags >= total * ProminenceFactor;
            if (!prominent || _candidateRun < StableBlocks || _activeSamples < MinActiveSamples) { return false; }
            distance = bestLag - _lockedLag;
            if (distance < 0) { distance = -distance; }
            if (_locked && distance <= agree) { return false; }
            _lockedLag = bestLag;
            _locked = true;
            _locks++;
            return true;
        }

        private static long Abs(long v) { return v < 0 ? -v : v; }
    }
}
