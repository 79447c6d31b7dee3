namespace Fxs.Core.Dsp.Echo
{
    /// <summary>
    /// Line echo canceller for the analog port, integer arithmetic only, in the spirit of ITU-T
    /// G.168: it removes from what the port hears (near end, "Sin") the echo of what the gateway
    /// plays (far end, "Rin") so that a key pressed over the guidance reaches the DTMF receiver
    /// without the guidance's echo.
    /// <para>
    /// Structure (a two-path canceller, Ochiai et al. 1977): a background FIR adapts by NLMS on
    /// pre-emphasised (roughly whitened) signals; a foreground FIR, never adapted itself, cancels
    /// the echo on the output. The background's coefficients are copied to the foreground only
    /// when, over several consecutive 10 ms blocks of far-end activity without double talk, the
    /// background's residual is smaller than the foreground's on the very same samples; and copied
    /// back when the background has fallen far behind (double talk the detector missed).
    /// </para>
    /// <para>
    /// A key pressed during the guidance is double talk. Three things keep it from spoiling the
    /// filter: a double-talk detector freezes the background (Geigel until the canceller has
    /// converged, then a residual detector that compares the output with the echo the foreground
    /// removes, which does not depend on the echo path's gain); the error fed to the NLMS update is
    /// clipped at twice its running mean (Gänsler's robust NLMS), so the samples before the
    /// detector trips move the filter little; and the foreground follows the background only when
    /// the background is measurably better.
    /// </para>
    /// All state is allocated by the constructor; <see cref="Process(short, short)"/> never
    /// allocates and is bit-exact on every target. Every constant below has its unit and source.
    /// </summary>
    public sealed class LineEchoCanceller
    {
        /// <summary>Coefficients are Q24 in an int: ±128 range, 2^-24 (−144 dB) resolution.</summary>
        public const int CoefficientShift = 24;

        // NLMS gain g = e · 2^(24 + GainShift − StepShift) / (P + δ), then Δh = g · x >> GainShift:
        // 16 extra bits keep g precise when the far-end energy P is large (P ≤ 2^39 for 128 taps of
        // pre-emphasised full-scale audio, e ≤ 2^15 after clamping: the dividend stays under 2^55).
        private const int GainShift = EchoFilterKernel.GainShift;

        /// <summary>
        /// NLMS step μ = 2^-StepShift = 1. NLMS converges for 0 &lt; μ &lt; 2, fastest at 1; the
        /// price, a misadjustment of μ/(2−μ) times the noise floor, lands under the µ-law codec's
        /// own noise (about 35 dB under the echo), and the foreground only takes the background
        /// when it is better anyway. Measured: μ = 1/2 left 1 of 1000 keys missed in the first
        /// seconds of a keyed run that μ = 1 gets right.
        /// </summary>
        public const int StepShift = 0;

        /// <summary>
        /// Pre-emphasis 1 − a·z⁻¹ applied to both signals on the adaptation path, a = 0.875 (Q15).
        /// Voiced speech falls about 6-12 dB per octave above 500 Hz; NLMS converges slowly in
        /// weak bands (eigenvalue spread), and a first-order pre-emphasis flattens most of that
        /// tilt. The filter commutes with the echo path, so the background learns the path itself.
        /// </summary>
        public const int PreEmphasisQ15 = 28672;

        /// <summary>
        /// Geigel double-talk threshold, used until the residual detector takes over: double talk
        /// when |near end| &gt; max|far end| over the echo-path window · 2^-GeigelShift = 1 (0 dB).
        /// G.168's textbook value is 6 dB (it assumes an echo return loss of at least 6 dB), but
        /// an echo 6 dB down in power can still peak above half the far end's peak on a resonant
        /// path: measured, 6 dB froze adaptation half the time on echo alone and kept a synthetic
        /// guidance from converging. Before convergence the robust error clipping and the
        /// two-path transfer guard against the keys this threshold lets through.
        /// </summary>
        public const int GeigelShift = 0;

        /// <summary>
        /// Samples adaptation stays frozen after the last double-talk detection: 15 ms at 8 kHz.
        /// G.168 gives no figure (30 ms is common for speech); keys stop abruptly, the robust
        /// error clipping below covers what a short hangover lets through, and each 50 ms pause
        /// between keys keeps 35 ms of adaptation instead of 20 (measured: 30 ms halved the time
        /// the canceller could learn during a run of keys).
        /// </summary>
        public const int HangoverSamples = 120;

        /// <summary>
        /// Residual double-talk detector: double talk when the output's short-term power comes
        /// within 2^-ResidualMarginBits (12 dB) of what the foreground's long-term echo return loss
        /// enhancement (ERLE) predicts, i.e. P(out) · ERLE / 2^ResidualMarginBits &gt; P(near).
        /// Echo alone leaves the output ERLE under the near end; a key or a voice lifts it. Unlike
        /// Geigel it does not depend on the echo path's gain, and it sees a −20 dBm0 key under the
        /// loudest echo. Powers are of the pre-emphasised signals (which favours the keys' band).
        /// </summary>
        public const int ResidualMarginBits = 4;

        /// <summary>
        /// The residual detector is used (instead of Geigel) while the ERLE estimate is at least
        /// ResidualMarginBits + 2 bits (18 dB): it then has 6 dB or more between echo and threshold.
        /// </summary>
        public const int ResidualMinErleBits = ResidualMarginBits + 2;

        /// <summary>Largest ERLE estimate, bits of power ratio (3.01 dB each): 14 = 42 dB, above what µ-law lets a canceller reach.</summary>
        public const int MaxErleBits = 14;

        /// <summary>
        /// Consecutive 10 ms blocks (0.5 s) of far-end activity all held by the residual detector
        /// after which the ERLE estimate is dropped: the echo path has changed (or someone talks
        /// over the guidance), and Geigel alone guards adaptation again. Keys last 40-100 ms with
        /// pauses between them; an echo path change lasts.
        /// </summary>
        public const int StaleBlocks = 25;

        /// <summary>Time constant of the short-term powers the residual detector compares: 2^4 samples = 2 ms.</summary>
        public const int ShortPowerShift = 4;

        /// <summary>Samples per block of the far-end peak ring (2 ms): the Geigel window is a whole number of blocks ≥ the taps.</summary>
        public const int PeakBlockSamples = 16;

        /// <summary>Samples per transfer-control block: 10 ms at 8 kHz.</summary>
        public const int ControlBlockSamples = 80;

        /// <summary>
        /// Consecutive control blocks (30 ms) in which the background must beat the foreground
        /// before it is copied, and in which it must lag far behind before it is restored.
        /// </summary>
        public const int TransferBlocks = 3;

        // Background beats foreground when its residual energy is below 7/8 (−0.6 dB) of the
        // foreground's: small enough to follow steady improvement, large enough that block-to-block
        // noise does not flip the choice.
        private const int BetterNumerator = 7;
        private const int BetterDenominator = 8;

        // Background restored from the foreground when its residual is 4× (6 dB) the foreground's.
        private const int WorseFactor = 4;

        /// <summary>
        /// Regularisation δ per tap of the NLMS denominator, in squared linear units: 64² = the
        /// power of an r.m.s. of 64 (−48 dBm0), far under the adaptation threshold below, so it
        /// only keeps the division finite and barely slows the step.
        /// </summary>
        public const int RegularisationPerTap = 64 * 64;

        /// <summary>
        /// Least mean far-end power per sample (pre-emphasised, squared linear units) for the
        /// background to adapt and for transfers to be judged: an r.m.s. of 256 ≈ −36 dBm0 of
        /// pre-emphasised signal (0 dBm0 = r.m.s. 16,021, <see cref="ToneLevel"/>). Below it the
        /// echo, 6 dB and more further down, sinks toward the µ-law codec's noise, and adapting
        /// would mostly learn noise; guidance speech at −15 dBm0 is well above it.
        /// </summary>
        public const int MinFarPowerPerTap = 256 * 256;

        /// <summary>Largest |error| fed to the NLMS update (linear units): bounds one sample's effect on the coefficients.</summary>
        private const int ErrorClamp = 32767;

        /// <summary>
        /// Robust adaptation (Gänsler et al., "Double-talk robust fast converging algorithms for
        /// network echo cancellation", IEEE Trans. SAP 8(6), 2000): the error fed to the NLMS
        /// update is clipped at ClipFactor × a running mean of the clipped |error|. A key's first
        /// samples, before a double-talk detector trips, then move the filter no more than ordinary
        /// residual would; a real change of echo path lets the scale grow by 1/2^ScaleShift per
        /// sample (doubling in about 180 samples, 22 ms).
        /// </summary>
        public const int ClipFactor = 2;

        /// <summary>Time constant of the robust error scale: 2^8 samples = 32 ms.</summary>
        public const int ScaleShift = 8;

        // The scale is kept in Q8 (linear units × 256) so that the slow first-order update keeps its precision.
        private const int ScaleQ = 8;

        private readonly int _taps;
        private readonly EchoFilterKernel _kernel;  // the loops over the taps (vectorised on .NET hosts)
        private readonly short[] _far;          // raw far end, doubled ring: _far[_pos + k] = x(n − k)
        private readonly int[] _farPre;         // pre-emphasised far end, same layout
        private readonly int[] _foreground;     // Q24
        private readonly int[] _background;     // Q24
        private readonly int[] _peaks;          // max |x| per PeakBlockSamples block
        private readonly long _regularisation;
        private readonly long _minFarEnergy;
        private int _pos;
        private long _farEnergy;                // Σ pre-emphasised x² over the taps
        private int _prevFar;
        private int _prevNear;
        private int _prevOut;
        private int _peakFill;
        private int _peakNext;
        private int _blockPeak;
        private int _windowPeak;
        private int _hangover;
        private int _errorScaleQ8;
        private long _outPower;                 // short-term output power, squared linear units
        private long _nearPower;                // short-term near-end power
        private int _erleBits;                 // long-term ERLE of the foreground, bits of power ratio
        private bool _residualDoubleTalkInBlock;
        private int _staleRun;              // running mean of the clipped |error|, Q8
        private int _controlFill;
        private long _backgroundResidual;
        private long _foregroundResidual;
        private long _nearEnergy;
        private bool _doubleTalkInBlock;
        private bool _farActiveInBlock;
        private int _betterRun;
        private int _worseRun;
        private int _transfers;
        private int _restores;
        private long _frozenSamples;

        /// <summary>
        /// Creates a canceller for echo paths up to <paramref name="tapCount"/> samples long
        /// (64 = 8 ms at 8 kHz; cost and state grow linearly).
        /// </summary>
        public LineEchoCanceller(int tapCount)
            : this(tapCount, EchoFilterKernel.CreateBest())
        {
        }

        /// <summary>
        /// A canceller whose loops over the taps run on <paramref name="kernel"/> (every kernel gives
        /// the same output bit for bit; <see cref="EchoFilterKernel.CreateBest"/> is the fastest).
        /// </summary>
        public LineEchoCanceller(int tapCount, EchoFilterKernel kernel)
        {
            if (kernel == null) { throw new System.ArgumentNullException("kernel"); }
            if (tapCount < PeakBlockSamples || tapCount > 1024)
            {
                throw new System.ArgumentOutOfRangeException("tapCount");
            }
            _taps = tapCount;
            _kernel = kernel;
            _far = new short[2 * tapCount];
            _farPre = new int[2 * tapCount];
            _foreground = new int[tapCount];
            _background = new int[tapCount];
            _peaks = new int[(tapCount + PeakBlockSamples - 1) / PeakBlockSamples + 1];
            _regularisation = (long)RegularisationPerTap * tapCount;
            _minFarEnergy = (long)MinFarPowerPerTap * tapCount;
            Reset();
        }

        /// <summary>Taps of each filter (the longest echo path covered, in samples).</summary>
        public int TapCount { get { return _taps; } }

        /// <summary>Times the background was copied to the foreground.</summary>
        public int Transfers { get { return _transfers; } }

        /// <summary>Times the background was restored from the foreground (it had diverged).</summary>
        public int Restores { get { return _restores; } }

        /// <summary>Samples at which background adaptation was frozen by the double-talk detector.</summary>
        public long FrozenSamples { get { return _frozenSamples; } }

        /// <summary>True while the double-talk detector (or its hangover) holds adaptation.</summary>
        public bool DoubleTalk { get { return _hangover > 0; } }

        /// <summary>Bytes of per-line state held in arrays (object headers not counted).</summary>
        public int StateBytes
        {
            get { return _far.Length * 2 + (_farPre.Length + _foreground.Length + _background.Length + _peaks.Length) * 4; }
        }

        /// <summary>
        /// Reads the foreground (output) filter's coefficients, Q24 (<see cref="CoefficientShift"/>),
        /// into <paramref name="destination"/> (at least <see cref="TapCount"/> long).
        /// </summary>
        public void CopyCoefficients(int[] destination)
        {
            System.Array.Copy(_foreground, destination, _taps);
        }

        /// <summary>Forgets everything: both filters back to zero (no echo assumed).</summary>
        public void Reset()
        {
            System.Array.Clear(_far, 0, _far.Length);
            System.Array.Clear(_farPre, 0, _farPre.Length);
            System.Array.Clear(_foreground, 0, _taps);
            System.Array.Clear(_background, 0, _taps);
            System.Array.Clear(_peaks, 0, _peaks.Length);
            _pos = 0;
            _farEnergy = 0;
            _prevFar = 0;
            _prevNear = 0;
            _prevOut = 0;
            _peakFill = 0;
            _peakNext = 0;
            _blockPeak = 0;
            _windowPeak = 0;
            _hangover = 0;
            _errorScaleQ8 = ErrorClamp << ScaleQ;
            _outPower = 0;
            _nearPower = 0;
            _erleBits = 0;
            _staleRun = 0;
            ResetControlBlock();
            _betterRun = 0;
            _worseRun = 0;
            _transfers = 0;
            _restores = 0;
            _frozenSamples = 0;
        }

        /// <summary>
        /// The far end will now come <paramref name="deltaSamples"/> later (the window moved along the
        /// echo by that much): both filters keep what they learnt of the lags the old and new windows
        /// share (tap k takes old tap k + delta; taps with no counterpart start at 0), the far-end
        /// history is emptied (load the new window's with <see cref="PrimeFarEnd"/>), and the double-talk
        /// guard falls back to Geigel until the ERLE estimate is rebuilt. The counters are kept.
        /// </summary>
        public void MoveWindow(int deltaSamples)
        {
            Shift(_foreground, deltaSamples);
            Shift(_background, deltaSamples);
            System.Array.Clear(_far, 0, _far.Length);
            System.Array.Clear(_farPre, 0, _farPre.Length);
            System.Array.Clear(_peaks, 0, _peaks.Length);
            _pos = 0;
            _farEnergy = 0;
            _prevFar = 0;
            _peakFill = 0;
            _peakNext = 0;
            _blockPeak = 0;
            _windowPeak = 0;
            _erleBits = 0;
            _staleRun = 0;
            ResetControlBlock();
            _betterRun = 0;
            _worseRun = 0;
        }

        private void Shift(int[] h, int delta)
        {
            int taps = _taps;
            if (delta >= 0)
            {
                for (int k = 0; k < taps; k++) { h[k] = k + delta < taps ? h[k + delta] : 0; }
            }
            else
            {
                for (int k = taps - 1; k >= 0; k--) { h[k] = k + delta >= 0 ? h[k + delta] : 0; }
            }
        }

        /// <summary>
        /// Cleans a block: <paramref name="cleaned"/>[i] = near end <paramref name="heard"/>[i]
        /// minus the echo of far end <paramref name="played"/>[i] (and what was played before),
        /// for i in [offset, offset + count). <paramref name="cleaned"/> may be <paramref name="heard"/>.
        /// </summary>
        public void Process(short[] played, short[] heard, short[] cleaned, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++) { cleaned[i] = Process(played[i], heard[i]); }
        }

        /// <summary>
        /// One sample: <paramref name="farEnd"/> is what the gateway plays now, <paramref name="nearEnd"/>
        /// what it hears now; returns the near end with the echo removed.
        /// </summary>
        public short Process(short farEnd, short nearEnd)
        {
            int taps = _taps;
            int pos = PushFar(farEnd);

            // Foreground: the output.
            long acc = _kernel.Convolve(_foreground, _far, pos, taps);
            int echo = (int)((acc + (1L << (CoefficientShift - 1))) >> CoefficientShift);
            int output = nearEnd - echo;
            int outputPre = output - ((PreEmphasisQ15 * _prevOut + (1 << 14)) >> 15);
            _prevOut = output;

            // Background, on the pre-emphasised signals.
            int nearPre = nearEnd - ((PreEmphasisQ15 * _prevNear + (1 << 14)) >> 15);
            _prevNear = nearEnd;
            acc = _kernel.Convolve(_background, _farPre, pos, taps);
            int error = nearPre - (int)((acc + (1L << (CoefficientShift - 1))) >> CoefficientShift);

            // Double talk: the residual detector once converged, else Geigel; with hangover.
            _outPower += ((long)outputPre * outputPre - _outPower) >> ShortPowerShift;
            _nearPower += ((long)nearPre * nearPre - _nearPower) >> ShortPowerShift;
            bool doubleTalk;
            if (_erleBits >= ResidualMinErleBits)
            {
                doubleTalk = _outPower << (_erleBits - ResidualMarginBits) > _nearPower;
                if (doubleTalk) { _residualDoubleTalkInBlock = true; }
            }
            else
            {
                int nearAbs = nearEnd < 0 ? -nearEnd : nearEnd;
                int peak = _windowPeak > _blockPeak ? _windowPeak : _blockPeak;
                doubleTalk = nearAbs > peak >> GeigelShift;
            }
            if (doubleTalk)
            {
                _hangover = HangoverSamples;
                _doubleTalkInBlock = true;
            }
            bool farActive = _farEnergy >= _minFarEnergy;
            if (_hangover > 0)
            {
                _hangover--;
                _frozenSamples++;
            }
            else if (farActive)
            {
                // NLMS: Δh = μ · e · x / (Σx² + δ), one division per sample.
                int limit = (ClipFactor * _errorScaleQ8) >> ScaleQ;
                if (limit > ErrorClamp) { limit = ErrorClamp; }
                if (limit < 1) { limit = 1; }
                int e = error > limit ? limit : error < -limit ? -limit : error;
                int magnitude = e < 0 ? -e : e;
                _errorScaleQ8 += ((magnitude << ScaleQ) - _errorScaleQ8) >> ScaleShift;
                long gain = ((long)e << (CoefficientShift + GainShift - StepShift)) / (_farEnergy + _regularisation);
                _kernel.Adapt(_background, _farPre, pos, taps, gain);
            }

            // Transfer control on 10 ms blocks.
            _backgroundResidual += (long)error * error;
            _foregroundResidual += (long)outputPre * outputPre;
            _nearEnergy += (long)nearPre * nearPre;
            if (farActive) { _farActiveInBlock = true; }
            if (++_controlFill == ControlBlockSamples) { EndControlBlock(); }

            return output > short.MaxValue ? short.MaxValue : output < short.MinValue ? short.MinValue : (short)output;
        }

        /// <summary>
        /// Feeds one far-end sample into the filters' history without producing an output or
        /// adapting: after <see cref="MoveWindow"/>, <see cref="TapCount"/> − 1 of these load the far
        /// end that precedes the next <see cref="Process(short, short)"/>.
        /// </summary>
        public void PrimeFarEnd(short farEnd)
        {
            PushFar(farEnd);
        }

        // Far end into the rings (doubled, so that the taps read one contiguous run); returns the ring position.
        private int PushFar(short farEnd)
        {
            int taps = _taps;
            int pos = _pos == 0 ? taps - 1 : _pos - 1;
            _pos = pos;
            int pre = farEnd - ((PreEmphasisQ15 * _prevFar + (1 << 14)) >> 15);
            _prevFar = farEnd;
            int leaving = _farPre[pos + taps];                // x(n − taps), pre-emphasised
            _farEnergy += (long)pre * pre - (long)leaving * leaving;
            _far[pos] = farEnd;
            _far[pos + taps] = farEnd;
            _farPre[pos] = pre;
            _farPre[pos + taps] = pre;
            TrackFarPeak(farEnd < 0 ? -farEnd : farEnd);
            return pos;
        }

        private void TrackFarPeak(int magnitude)
        {
            if (magnitude > _blockPeak) { _blockPeak = magnitude; }
            if (++_peakFill < PeakBlockSamples) { return; }
            _peakFill = 0;
            _peaks[_peakNext] = _blockPeak;
            _peakNext = _peakNext + 1 == _peaks.Length ? 0 : _peakNext + 1;
            _blockPeak = 0;
            int max = 0;
            for (int i = 0; i < _peaks.Length; i++) { if (_peaks[i] > max) { max = _peaks[i]; } }
            _windowPeak = max;
        }

        private void EndControlBlock()
        {
            if (_farActiveInBlock)
            {
                _staleRun = _residualDoubleTalkInBlock ? _staleRun + 1 : 0;
                if (_staleRun >= StaleBlocks)
                {
                    _erleBits = 0;
                    _staleRun = 0;
                }
            }
            if (_farActiveInBlock && !_doubleTalkInBlock)
            {
                // Long-term ERLE: one step per block toward this block's.
                int bits = 0;
                while (bits < MaxErleBits && _foregroundResidual << (bits + 1) <= _nearEnergy) { bits++; }
                if (bits > _erleBits) { _erleBits++; } else if (bits < _erleBits) { _erleBits--; }
                long b = _backgroundResidual;
                long f = _foregroundResidual;
                bool better = b * BetterDenominator < f * BetterNumerator && b < _nearEnergy;
                _betterRun = better ? _betterRun + 1 : 0;
                if (_betterRun >= TransferBlocks)
                {
                    System.Array.Copy(_background, _foreground, _taps);
                    _transfers++;
                    _betterRun = 0;
                }
                bool worse = b > f * WorseFactor;
                _worseRun = worse ? _worseRun + 1 : 0;
                if (_worseRun >= TransferBlocks)
                {
                    System.Array.Copy(_foreground, _background, _taps);
                    _restores++;
                    _worseRun = 0;
                }
            }
            ResetControlBlock();
        }

        private void ResetControlBlock()
        {
            _controlFill = 0;
            _backgroundResidual = 0;
            _foregroundResidual = 0;
            _nearEnergy = 0;
            _doubleTalkInBlock = false;
            _residualDoubleTalkInBlock = false;
            _farActiveInBlock = false;
        }
    }
}
