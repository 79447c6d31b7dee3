namespace Fxs.Core.Dsp
{
    /// <summary>
    /// Streaming DTMF (PB) receiver for 8 kHz linear audio, integer arithmetic only.
    /// <para>
    /// How it hears a key: every 5 ms sub-block gives the complex DFT value of each of the 8 tones
    /// (<see cref="DtmfCorrelator"/>). Four sub-blocks combine coherently into a 20 ms window
    /// (50 Hz resolution, enough to tell 697 from 770 Hz), evaluated every 5 ms. A window "hits" a
    /// digit when, for one row and one column tone: the level is high enough, the twist is within
    /// limits, each tone stands clear of the other tones of its group, its frequency (from the
    /// phase advance between sub-blocks) is within tolerance, and it is steady across the four
    /// sub-blocks. A digit starts after <see cref="DtmfReceiverProfile.StartWindows"/> agreeing
    /// windows and ends after <see cref="DtmfReceiverProfile.EndSubBlocks"/> sub-blocks without its
    /// tones. No measure compares the tones with the total energy, so noise, dial tone and echo
    /// that sit between or outside the tones do not mask a key.
    /// </para>
    /// All state is allocated by the constructor; <see cref="Process"/> never allocates.
    /// </summary>
    public sealed class DtmfReceiver
    {
        private const int SubBlock = DtmfCorrelator.SubBlockSamples;
        private const int Tones = DtmfCorrelator.Tones;
        private const int Bins = DtmfCorrelator.Bins;
        private const int Window = 4;          // sub-blocks per 20 ms window
        private const int SumShift = 6;        // correlator sums → stored values: 2^31 → 2^25
        private const int RotationShift = 14;  // rotations in Q14
        private const int NoDigit = -1;
        private const int Stride = DtmfCorrelator.Sums;
        private const int ImOffset = Bins;

        private readonly IDtmfListener _listener;
        private readonly DtmfCorrelator _correlator;

        // Fixed per-profile constants, derived once.
        private static readonly int[] RotationRe = new int[Bins * Window];  // e^{-jω M k}, Q14, k = 0..3
        private static readonly int[] RotationIm = BuildRotations(RotationRe);
        private readonly int[] _tanSquaredQ12 = new int[Tones];         // frequency tolerance per tone
        private readonly int _minLevelMb;
        private readonly long _minWindowPower;   // the same threshold as a sum of 4 sub-block powers
        private readonly int _maxHighOverLowMb;
        private readonly int _maxLowOverHighMb;
        private readonly int _inGroupMarginMb;
        private readonly int _steadinessMb;
        private readonly int _presenceMb;
        private readonly int _toneShareMb;
        private readonly int _probeMarginMb;
        // |X|² of a tone (stored scale) over the energy it adds in (x >> 3)² units: (320 A)² / (20 A² / 64).
        private readonly int _toneToEnergyMb = Millibels.FromPower(327680);

        // Per-line state.
        private readonly short[] _block = new short[SubBlock];
        // Ring of the last 4 sub-blocks, each the correlator's sums (Stride ints): DFT values
        // (real parts, then imaginary parts, scaled down by SumShift), mean and trend lanes, and
        // in the energy slot the energy left after removing mean and trend.
        private readonly int[] _ring = new int[Window * Stride];
        private int _blockFill;
        private int _ringNext;          // ring slot the next sub-block goes to
        private long _subBlocksSeen;
        private readonly int[] _hits;   // the digit each of the last windows held
        private int _hitNext;
        private int _digit = NoDigit;   // the digit sounding now
        private long _digitOnset;
        private int _digitRowRefMb;
        private int _digitColRefMb;
        private int _absentRun;
        private long _firstAbsentSample;

        /// <summary>Creates a receiver with the given profile (thresholds) and listener.</summary>
        public DtmfReceiver(DtmfReceiverProfile profile, IDtmfListener listener)
            : this(profile, listener, DtmfCorrelator.CreateBest())
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

            _minLevelMb = ToneLevelMb(profile.MinLevelDeciDbm0);
            _minWindowPower = Millibels.PowerAtLeast(_minLevelMb) * Window;
            _maxHighOverLowMb = Millibels.FromDeciDb(profile.MaxHighOverLowDeciDb);
            _maxLowOverHighMb = Millibels.FromDeciDb(profile.MaxLowOverHighDeciDb);
            _inGroupMarginMb = Millibels.FromDeciDb(profile.InGroupMarginDeciDb);
            _steadinessMb = Millibels.FromDeciDb(profile.SubBlockSteadinessDeciDb);
            _presenceMb = Millibels.FromDeciDb(profile.PresenceDeciDb);
            _toneShareMb = Millibels.FromDeciDb(profile.ToneShareDeciDb);
            _probeMarginMb = Millibels.FromDeciDb(profile.ProbeMarginDeciDb);
            _hits = new int[profile.StartWindowsOf];
            ClearHits();
        }

        /// <summary>The thresholds in force.</summary>
        public DtmfReceiverProfile Profile { get; }

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
                return _block.Length * 2
                    + (_ring.Length + _tanSquaredQ12.Length + _hits.Length) * 4;
            }
        }

        /// <summary>Feeds linear 16-bit samples at 8 kHz; any chunk size.</summary>
        public void Process(short[] samples, int offset, int count)
        {
            int end = offset + count;
            while (offset < end)
            {
                int take = SubBlock - _blockFill;
                if (take > end - offset) { take = end - offset; }
                System.Array.Copy(samples, offset, _block, _blockFill, take);
                _blockFill += take;
                offset += take;
                if (_blockFill == SubBlock)
                {
                    _blockFill = 0;
                    AnalyseSubBlock();
                }
            }
        }

        /// <summary>Ends a digit still sounding at the end of the stream.</summary>
        public void Flush()
        {
            if (_digit != NoDigit)
            {
                long end = _absentRun > 0 ? _firstAbsentSample : SamplesSeen;
                EndDigit(end);
            }
        }

        /// <summary>Forgets all state; sample positions restart at 0.</summary>
        public void Reset()
        {
            System.Array.Clear(_ring, 0, _ring.Length);
            _blockFill = 0;
            _ringNext = 0;
            _subBlocksSeen = 0;
            ClearHits();
            _digit = NoDigit;
            _absentRun = 0;
        }

        private void AnalyseSubBlock()
        {
            int slot = _ringNext;
            int first = slot * Stride;
            _correlator.Correlate(_block, _ring, first);
            _ring[first + DtmfCorrelator.EnergySum] = (int)ResidualEnergy(first); // ≤ 40 · 4096², fits
            for (int lane = 0; lane < 2 * Bins; lane++) { _ring[first + lane] >>= SumShift; }
            _ringNext = (slot + 1) % Window;
            long subBlockStart = _subBlocksSeen * SubBlock;
            _subBlocksSeen++;

            if (_digit != NoDigit) { TrackDigit(slot, subBlockStart); }
            if (_subBlocksSeen < Window) { return; }

            int hit = EvaluateWindow();
            long windowStart = (_subBlocksSeen - Window) * SubBlock;
            _hits[_hitNext] = hit;
            _hitNext = (_hitNext + 1) % _hits.Length;
            if (hit == NoDigit || hit == _digit) { return; }

            // Accept a new digit when it holds StartWindows of the last StartWindowsOf windows: a
            // window or two spoiled by noise do not restart the count, and a tone still needs
            // StartWindows full windows (at least 30 ms) of its own.
            int agreeing = 0;
            long onset = windowStart;
            for (int age = 0; age < _hits.Length; age++)
            {
                int i = (_hitNext - 1 - age + _hits.Length) % _hits.Length;
                if (_hits[i] == hit)
                {
                    agreeing++;
                    onset = windowStart - (long)age * SubBlock;
                }
            }
            if (agreeing < Profile.StartWindows) { return; }
            if (_digit != NoDigit) { EndDigit(onset); }
            StartDigit(hit, onset);
        }

        // The sub-block's energy after removing its mean and linear trend, which takes out DC and
        // most of any mains hum (50 Hz turns only a quarter cycle in 5 ms), in (x >> 3)² units.
        private long ResidualEnergy(int first)
        {
            long mean = _ring[first + DtmfCorrelator.MeanLane];
            long trend = _ring[first + DtmfCorrelator.TrendLane];
            const int Scale = 1 << (2 * DtmfCorrelator.EnergyShift);
            long residual = _ring[first + DtmfCorrelator.EnergySum]
                - mean * mean / (SubBlock * Scale)
                - trend * trend / ((long)DtmfCorrelator.TrendNorm * Scale);
            return residual;
        }

        // The digit a 20 ms window holds, or NoDigit.
        private int EvaluateWindow()
        {
            // Cheap gate first: most windows (silence, quiet speech) hold no tone loud enough.
            if (!GroupLoudEnough(0) || !GroupLoudEnough(4)) { return NoDigit; }
            int row = StrongestTone(0);
            int col = StrongestTone(4);
            if (row < 0 || col < 0) { return NoDigit; }

            int rowMb = WindowLevelMb(row);
            int colMb = WindowLevelMb(col);
            if (rowMb < _minLevelMb || colMb < _minLevelMb) { return NoDigit; }
            if (colMb - rowMb > _maxHighOverLowMb || rowMb - colMb > _maxLowOverHighMb) { return NoDigit; }
            if (!IsSteady(row, rowMb) || !IsSteady(col, colMb)) { return NoDigit; }
            if (!IsOnFrequency(row) || !IsOnFrequency(col)) { return NoDigit; }
            if (!DominatesBand(row, col)) { return NoDigit; }
            if (ProbeClearanceMb(row, col) < _probeMarginMb) { return NoDigit; }
           
            return row * 4 + (col - 4);
        }

        // Whether any tone of a group reaches the minimum level in the window (sum of the four
        // sub-blocks' powers against the same threshold WindowLevelMb is held to).
        private bool GroupLoudEnough(int first)
        {
            for (int tone = first; tone < first + 4; tone++)
            {
                long sum = 0;
                for (int k = 0; k < Window; k++)
                {
                    int at = k * Stride + tone;
                    sum += (long)_ring[at] * _ring[at] + (long)_ring[at + ImOffset] * _ring[at + ImOffset];
                }
                if (sum >= _minWindowPower) { return true; }
            }
            return false;
        }

        // The tone of a group (first = 0 rows, 4 columns) whose coherent 20 ms power beats each
        // other tone of the group by the in-group margin; -1 if none does.
        // How far the tones stand above the probes, millibels. Probes below the row band (where
        // voiced speech has its pitch and first formant) are held against the weaker tone; the
        // others against the tone of their own band, so that twist does not move them. Voiced
        // speech that imitates a key has more harmonics there; a key has nothing.
        private int ProbeClearanceMb(int row, int col)
        {
            // The tones' own level from the sub-blocks, which a frequency offset does not lower.
            int rowMb = WindowLevelMb(row);
            int colMb = WindowLevelMb(col);
            int worst = int.MaxValue;
            for (int bin = Tones; bin < Bins; bin++)
            {
                int hz = DtmfCorrelator.BinHz(bin);
                int reference = hz < DtmfCorrelator.LowBandTopHz ? (rowMb < colMb ? rowMb : colMb)
                    : hz < DtmfCorrelator.RowBandTopHz ? rowMb : colMb;
                int m = reference - CoherentLevelMb(bin);
                if (m < worst) { worst = m; }
            }
            return worst;
        }
        private int StrongestTone(int first)
        {
            int best = -1;
            int bestMb = Millibels.OfZero;
            int secondMb = Millibels.OfZero;
            for (int tone = first; tone < first + 4; tone++)
            {
                int mb = CoherentLevelMb(tone);
                if (mb > bestMb) { secondMb = bestMb; bestMb = mb; best = tone; }
                else if (mb > secondMb) { secondMb = mb; }
            }
            return bestMb - secondMb >= _inGroupMarginMb ? best : -1;
        }

        // Power of the coherent sum of the window's 4 sub-blocks (a 160-sample DFT), millibels.
        private int CoherentLevelMb(int tone)
        {
            long re = 0;
            long im = 0;
            int oldest = _ringNext; // after a write, the next slot holds the oldest sub-block
            for (int k = 0; k < Window; k++)
            {
                int at = ((oldest + k) % Window) * Stride + tone;
                long cr = RotationRe[tone * Window + k];
                long ci = RotationIm[tone * Window + k];
                re += _ring[at] * cr - _ring[at + ImOffset] * ci;
                im += _ring[at] * ci + _ring[at + ImOffset] * cr;
            }
            re >>= RotationShift + 2; // and /4: the sum of 4 sub-blocks back to one sub-block's scale
            im >>= RotationShift + 2;
            return Millibels.FromPower(re * re + im * im);
        }

        // Mean power of the tone per sub-block over the window (robust to frequency offset).
        private int WindowLevelMb(int tone)
        {
            long sum = 0;
            for (int k = 0; k < Window; k++)
            {
                int at = k * Stride + tone;
                sum += (long)_ring[at] * _ring[at] + (long)_ring[at + ImOffset] * _ring[at + ImOffset];
            }
            return Millibels.FromPower(sum / Window);
        }

        // The two tones must carry a fair share of the window's (detrended) energy. Speech puts
        // most of its energy below 1 kHz and in many harmonics; white noise at 0 dB SNR leaves
        // the tones two thirds of it.
        private bool DominatesBand(int row, int col)
        {
            long tones = 0;
            long residual = 0;
            for (int k = 0; k < Window; k++)
            {
                int r = k * Stride + row;
                int c = k * Stride + col;
                tones += (long)_ring[r] * _ring[r] + (long)_ring[r + ImOffset] * _ring[r + ImOffset] + (long)_ring[c] * _ring[c] + (long)_ring[c + ImOffset] * _ring[c + ImOffset];
                residual += _ring[k * Stride + DtmfCorrelator.EnergySum];
            }
            return Millibels.FromPower(tones) - _toneToEnergyMb - Millibels.FromPower(residual) >= _toneShareMb;
        }

        // Power of one bin in one sub-block of the ring, millibels.
        private int SubLevelMb(int at)
        {
            return Millibels.FromPower((long)_ring[at] * _ring[at] + (long)_ring[at + ImOffset] * _ring[at + ImOffset]);
        }

        private bool IsSteady(int tone, int meanMb)
        {
            for (int k = 0; k < Window; k++)
            {
                if (SubLevelMb(k * Stride + tone) - meanMb < _steadinessMb) { return false; }
            }
            return true;
        }

        // Phase advance between the three overlapping 10 ms halves of the window, against the
        // nominal advance: within ±θ (the profile's tolerance) the tone is on frequency.
        private bool IsOnFrequency(int tone)
        {
            int oldest = _ringNext;
            long r1 = RotationRe[tone * Window + 1];
            long i1 = RotationIm[tone * Window + 1];
            long dRe = 0;
            long dIm = 0;
            long prevRe = 0;
            long prevIm = 0;
            for (int h = 0; h < Window - 1; h++)
            {
                int a = ((oldest + h) % Window) * Stride + tone;
                int b = ((oldest + h + 1) % Window) * Stride + tone;
                // 10 ms half starting at sub-block h: X_h + e^{-jωM}·X_{h+1}, Q14.
                long hRe = ((long)_ring[a] << RotationShift) + _ring[b] * r1 - _ring[b + ImOffset] * i1;
                long hIm = ((long)_ring[a + ImOffset] << RotationShift) + _ring[b] * i1 + _ring[b + ImOffset] * r1;
                hRe >>= RotationShift;
                hIm >>= RotationShift;
                if (h > 0)
                {
                    // this · conj(previous)
                    dRe += hRe * prevRe + hIm * prevIm;
                    dIm += hIm * prevRe - hRe * prevIm;
                }
                prevRe = hRe;
                prevIm = hIm;
            }
            // Remove the nominal advance: multiply by e^{-jω M}.
            while (Abs(dRe) >= (1L << 40) || Abs(dIm) >= (1L << 40)) { dRe >>= 1; dIm >>= 1; }
            long offRe = (dRe * r1 - dIm * i1) >> RotationShift;
            long offIm = (dRe * i1 + dIm * r1) >> RotationShift;
            if (offRe <= 0) { return false; }
            while (offRe >= (1L << 20) || Abs(offIm) >= (1L << 20)) { offRe >>= 1; offIm >>= 1; }
            return (offIm * offIm << 12) <= _tanSquaredQ12[tone] * offRe * offRe;
        }

        private void TrackDigit(int slot, long subBlockStart)
        {
            int row = _digit / 4;
            int col = 4 + _digit % 4;
            bool present = SubLevelMb(slot * Stride + row) >= _digitRowRefMb + _presenceMb
                && SubLevelMb(slot * Stride + col) >= _digitColRefMb + _presenceMb;
            if (present)
            {
                _absentRun = 0;
                return;
            }
            if (_absentRun == 0) { _firstAbsentSample = subBlockStart; }
            _absentRun++;
            if (_absentRun >= Profile.EndSubBlocks)
            {
                EndDigit(_firstAbsentSample);
                ClearHits();
            }
        }

        private void StartDigit(int digit, long onset)
        {
            _digit = digit;
            _digitOnset = onset;
            _digitRowRefMb = WindowLevelMb(digit / 4);
            _digitColRefMb = WindowLevelMb(4 + digit % 4);
            _absentRun = 0;
            _listener.DigitStarted(DtmfDigits.Matrix[digit], onset);
        }

        private void EndDigit(long end)
        {
            int digit = _digit;
            _digit = NoDigit;
            _absentRun = 0;
            _listener.DigitEnded(DtmfDigits.Matrix[digit], _digitOnset, end);
        }

        private int ToneLevelMb(int deciDbm0)
        {
            // A tone of amplitude A gives |X| = A · 1024 · 40 / 2 per sub-block, then >> SumShift;
            // 0 dBm0 as ToneLevel defines it (G.711), A in Q16.
            long x = ((long)ToneLevel.ZeroDbm0AmplitudeQ16 << DtmfCorrelator.CoefficientShift) * (SubBlock / 2) >> (16 + SumShift);
            return Millibels.FromPower(x * x) + Millibels.FromDeciDb(deciDbm0);
        }

        // e^{-jω_b M k} for every bin b and k = 0..3, Q14: the phase of sub-block k's local origin.
        private static int[] BuildRotations(int[] real)
        {
            int[] imaginary = new int[Bins * Window];
            for (int bin = 0; bin < Bins; bin++)
            {
                uint step = unchecked(ToneOscillator.PhaseStep(DtmfCorrelator.BinHz(bin), 0) * (uint)SubBlock);
                for (int k = 0; k < Window; k++)
                {
                    uint phase = unchecked((uint)(step * (ulong)k));
                    real[bin * Window + k] = (SineTable.Cos(phase) + 1) >> 1;
                    imaginary[bin * Window + k] = (-SineTable.Sin(phase) + 1) >> 1;
                }
            }
            return imaginary;
        }

        private void ClearHits()
        {
            for (int i = 0; i < _hits.Length; i++) { _hits[i] = NoDigit; }
        }

        private static long Abs(long v) { return v < 0 ? -v : v; }
    }
}
