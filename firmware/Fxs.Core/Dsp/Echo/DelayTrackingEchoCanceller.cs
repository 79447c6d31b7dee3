namespace Fxs.Core.Dsp.Echo
{
    /// <summary>
    /// The line echo canceller with its window placed where the echo is: a delay line of what was
    /// played (up to <see cref="MaxWindowStartSamples"/> + the taps), a <see cref="BulkDelayEstimator"/>
    /// that finds the echo's bulk delay from the played and heard audio, and a
    /// <see cref="LineEchoCanceller"/> whose far end is the played audio delayed by
    /// <see cref="WindowStartSamples"/>. The window starts where the caller's hint puts it (a board's
    /// <c>echoDelayFrames</c>) and moves once the estimator has locked onto an echo the window does
    /// not hold well: the canceller keeps what it learnt of the lags both places share.
    /// <para>
    /// Placement: the canceller's window starts <see cref="LeadSamples"/> before the estimate (the
    /// weak taps a path has before its main reflection, or the strong part before the one the
    /// estimate fell on), and holds 10 ms after it. It is moved only
    /// when the estimate leaves [start + <see cref="MinLeadSamples"/>, start + <see cref="MaxLeadSamples"/>].
    /// </para>
    /// Portable, integer, nothing allocated after construction, bit-exact on every target.
    /// </summary>
    public sealed class DelayTrackingEchoCanceller
    {
        /// <summary>
        /// Samples the window starts before the estimate: 48 = 6 ms (the window then holds 10 ms
        /// after it). G.168's m1-m8 have their largest tap 6-35 samples in and weak taps before it
        /// (m6: 35 samples 29 dB or more down); the estimate falls within a few samples of the
        /// largest tap, or on m4 now and then on its second strong part, 30 samples after the first
        /// (measured: a 32-sample lead then cut m4's first taps off, −3.4 dB, 140 keys in 1000 lost).
        /// </summary>
        public const int LeadSamples = 48;

        /// <summary>
        /// The window stays while the estimate is at least 8 samples (1 ms) into it and at most 64
        /// (8 ms): the path's weak leading taps and at least 8 ms of its tail are then held. The
        /// 56 samples between are seven times the estimator's agreement (±1 ms), so an estimate that
        /// wanders never restarts a converged canceller, nor one that alternates between the two
        /// strong parts of a long path (m4's are 13-30 samples apart, and the window placed on the
        /// first holds the second).
        /// </summary>
        public const int MinLeadSamples = 8;

        /// <summary>See <see cref="MinLeadSamples"/>.</summary>
        public const int MaxLeadSamples = 64;

        private readonly LineEchoCanceller _canceller;
        private readonly BulkDelayEstimator _estimator;
        private readonly short[] _played;          // ring of what was played: _played[_at] newest
        private readonly int _maxStart;
        private int _at;
        private int _start;
        private int _hintStart;
        private int _moves;
        private long _samples;
        private long _lastMoveSample;

        /// <summary>
        /// A canceller of <paramref name="taps"/> taps whose window may start anywhere from 0 to
        /// <paramref name="maxWindowStartSamples"/> samples after the played signal given to
        /// <see cref="Process(short[], short[], short[], int, int)"/>, first at <paramref name="hintStartSamples"/>.
        /// </summary>
        public DelayTrackingEchoCanceller(int taps, int maxWindowStartSamples, int hintStartSamples, EchoFilterKernel kernel)
        {
            if (maxWindowStartSamples < 0 || maxWindowStartSamples > 4000) { throw new System.ArgumentOutOfRangeException("maxWindowStartSamples"); }
            if (hintStartSamples < 0 || hintStartSamples > maxWindowStartSamples) { throw new System.ArgumentOutOfRangeException("hintStartSamples"); }
            _canceller = new LineEchoCanceller(taps, kernel);
            _estimator = new BulkDelayEstimator(maxWindowStartSamples + taps, kernel);
            _played = new short[maxWindowStartSamples + taps];
            _maxStart = maxWindowStartSamples;
            _hintStart = hintStartSamples;
            Reset();
        }

        /// <summary>As <see cref="DelayTrackingEchoCanceller(int, int, int, EchoFilterKernel)"/> with the fastest kernel.</summary>
        public DelayTrackingEchoCanceller(int taps, int maxWindowStartSamples, int hintStartSamples)
            : this(taps, maxWindowStartSamples, hintStartSamples, EchoFilterKernel.CreateBest())
        {
        }

        /// <summary>The canceller (its window is the played signal delayed by <see cref="WindowStartSamples"/>).</summary>
        public LineEchoCanceller Canceller { get { return _canceller; } }

        /// <summary>The bulk-delay estimator.</summary>
        public BulkDelayEstimator Estimator { get { return _estimator; } }

        /// <summary>Where the canceller's window starts now, samples after the played signal.</summary>
        public int WindowStartSamples { get { return _start; } }

        /// <summary>Largest window start, samples.</summary>
        public int MaxWindowStartSamples { get { return _maxStart; } }

        /// <summary>Times the window was moved.</summary>
        public int Moves { get { return _moves; } }

        /// <summary>Samples processed when the window last moved (0 if it never did).</summary>
        public long LastMoveSample { get { return _lastMoveSample; } }

        /// <summary>Bytes of per-line state held in arrays: canceller, estimator and the played delay line.</summary>
        public int StateBytes { get { return _canceller.StateBytes + _estimator.StateBytes + _played.Length * 2; } }

        /// <summary>Forgets everything: the window back at the hint, the canceller and the estimator empty.</summary>
        public void Reset()
        {
            System.Array.Clear(_played, 0, _played.Length);
            _at = 0;
            _start = _hintStart;
            _moves = 0;
            _samples = 0;
            _lastMoveSample = 0;
            _canceller.Reset();
            _estimator.Reset();
        }

        /// <summary>
        /// Cleans a block: <paramref name="cleaned"/>[i] = <paramref name="heard"/>[i] minus the echo of
        /// <paramref name="played"/> (sample-aligned at lag 0 of the window's range), for i in
        /// [offset, offset + count). <paramref name="cleaned"/> may be <paramref name="heard"/>.
        /// </summary>
        public void Process(short[] played, short[] heard, short[] cleaned, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++) { cleaned[i] = Process(played[i], heard[i]); }
        }

        /// <summary>One sample: what was played at lag 0, what is heard; returns the heard sample without the echo.</summary>
        public short Process(short played, short heard)
        {
            int size = _played.Length;
            _at = _at + 1 == size ? 0 : _at + 1;
            _played[_at] = played;
            _samples++;
            int far = _at - _start;
            if (far < 0) { far += size; }
            short output = _canceller.Process(_played[far], heard);
            // The canceller's double-talk detector (a residual detector once converged) keeps keys
            // and voices out of the estimator's correlation as it keeps them out of the filter.
            if (_estimator.Process(played, heard, _canceller.DoubleTalk)) { Place(_estimator.DelaySamples); }
            return output;
        }

        private int Clamp(int start)
        {
            return start < 0 ? 0 : start > _maxStart ? _maxStart : start;
        }

        private void Place(int estimateSamples)
        {
            if (estimateSamples >= _start + MinLeadSamples && estimateSamples <= _start + MaxLeadSamples) { return; }
            int start = Clamp(estimateSamples - LeadSamples);
            if (start == _start) { return; }
            int delta = start - _start;
            _start = start;
            _moves++;
            _lastMoveSample = _samples;

            // Move the canceller (it keeps what it learnt of the lags both windows hold) and load
            // the taps − 1 played samples before the next one it will see (lags start + taps − 2
            // .. start from the newest), oldest first.
            _canceller.MoveWindow(delta);
            int size = _played.Length;
            for (int lag = start + _canceller.TapCount - 2; lag >= start; lag--)
            {
                int i = _at - lag;
                if (i < 0) { i += size; }
                _canceller.PrimeFarEnd(_played[i]);
            }
        }
    }
}
