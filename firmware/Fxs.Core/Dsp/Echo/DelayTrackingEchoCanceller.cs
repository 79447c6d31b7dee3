namespace Fxs.Core.Dsp.Echo
{
    /// <summary>
    /// The line echo canceller with its window placed where the echo is: a delay line of what was
    /// played (up to <see cref="MaxWindowStartSamples"/> + the taps), a <see cref="BulkDelayEstimator"/>
    /// that finds the echo's bulk delay from the played and heard audio, and a
    /// <see cref="LineEchoCanceller"/> whose far end is the played audio delayed by
    /// <see cref="WindowStartSamples"/>. The window starts where the caller's hint puts it (a board's
    /// <c>echoDelayFrames</c>) and moves once the estimator has locked onto an echo the window does
    /// not hold well: the canceller then starts afresh at the new place (what it learnt at the old
    /// one cancelled the wrong samples).
    /// <para>
    /// Placement: the estimate is the lag of the echo path's strongest part; the window is started
    /// <see cref="LeadSamples"/> before it (the estimate's resolution, and the few taps a path has
    /// before its peak) and so holds <c>taps − LeadSamples</c> samples of the path's tail. It is moved
    /// only when the estimate lies before the window's start or more than <see cref="MaxLeadSamples"/>
    /// into it: an estimate that wanders by a sample or two never restarts a converged canceller.
    /// </para>
    /// Portable, integer, nothing allocated after construction, bit-exact on every target.
    /// </summary>
    public sealed class DelayTrackingEchoCanceller
    {
        /// <summary>Samples the window starts before the estimated peak: 24 = 3 ms (6 estimator steps).</summary>
        public const int LeadSamples = 24;

        /// <summary>
        /// The window stays while the estimated peak is at most 32 samples (4 ms) into it, i.e. at
        /// least taps − 32 samples (12 ms of a 16 ms window) of the path's tail are held.
        /// </summary>
        public const int MaxLeadSamples = 32;

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
            _estimator = new BulkDelayEstimator(maxWindowStartSamples + taps);
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
            if (_estimator.Process(played, heard)) { Place(_estimator.DelaySamples); }
            return output;
        }

        private void Place(int peakSamples)
        {
            if (peakSamples >= _start && peakSamples <= _start + MaxLeadSamples) { return; }
            int start = peakSamples - LeadSamples;
            if (start < 0) { start = 0; }
            if (start > _maxStart) { start = _maxStart; }
            if (start == _start) { return; }
            _start = start;
            _moves++;
            _lastMoveSample = _samples;

            // Restart the canceller on the new window: load the taps − 1 played samples before the
            // next one it will see (lags start + taps − 2 .. start from the newest), oldest first.
            _canceller.Reset();
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
