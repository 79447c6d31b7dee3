namespace Fxs.Core.Dsp
{
    /// <summary>
    /// The receiver's only per-sample work: the complex DFT value of each of the 8 DTMF tones over
    /// one 5 ms sub-block (40 samples at 8 kHz), as int32 sums of int16 × int16 products. The
    /// probes' DFT values are needed only for the few windows that are judged or sampled for the
    /// background, so they are correlated then, from the window's samples (the receiver keeps
    /// them), never per sub-block.
    /// Integer sums do not depend on their order, so every implementation (this portable one, or
    /// a vectorised one on .NET hosts) gives the same bits.
    /// </summary>
    public partial class DtmfCorrelator
    {
        /// <summary>Samples per sub-block: 5 ms at 8 kHz.</summary>
        public const int SubBlockSamples = 40;

        /// <summary>DTMF tones correlated: 4 low-group (row) then 4 high-group (column), bins 0-7.</summary>
        public const int Tones = 8;

        /// <summary>Frequency bins correlated: the 8 tones, then the <see cref="ProbeHz"/> probes.</summary>
        public const int Bins = Tones + 15;

        /// <summary>
        /// Probe frequencies, Hz, where a key puts nothing and voiced speech, whose harmonics are
        /// what imitates a key, puts its other harmonics: below the row band (pitch and first
        /// formant; multiples of 50 Hz, the nulls of a 20 ms window for a 400 Hz dial tone, so the
        /// dial tone does not leak into them), around the row band, between and around the column
        /// tones, and at the rows' second harmonics (1394, 1540, 1704, 1882 Hz).
        /// </summary>
        public static readonly int[] ProbeHz = { 150, 200, 250, 300, 350, 450, 500, 600, 1030, 1130, 1272, 1400, 1550, 1710, 1880 };

        /// <summary>Probes below this frequency, Hz, are held against the weaker tone.</summary>
        public const int LowBandTopHz = 590;

        /// <summary>Probes from <see cref="LowBandTopHz"/> below this, Hz, are held against the row tone; above, the column tone.</summary>
        public const int RowBandTopHz = 1100;

        /// <summary>
        /// Lanes correlated per sub-block: the real parts of the <see cref="Tones"/>, their
        /// imaginary parts, then Σx and Σ(2n−39)·x.
        /// </summary>
        public const int Lanes = 2 * Tones + 2;

        /// <summary>Sums written per sub-block: the <see cref="Lanes"/>, then the energy Σ(x/8)².</summary>
        public const int Sums = Lanes + 1;

        /// <summary>Offset of a tone's imaginary part from its real part in the sums.</summary>
        public const int ImaginaryLane = Tones;

        /// <summary>Index of Σx (the sub-block's mean, times 40) in the sums.</summary>
        public const int MeanLane = 2 * Tones;

        /// <summary>Index of Σ(2n−39)·x (the sub-block's linear trend) in the sums.</summary>
        public const int TrendLane = 2 * Tones + 1;

        /// <summary>Index of the energy Σ(x &gt;&gt; 3)² in the sums (x scaled so 40 squares fit in int32).</summary>
        public const int EnergySum = Lanes;

        /// <summary>Right shift applied to samples before squaring them for the energy.</summary>
        public const int EnergyShift = 3;

        /// <summary>Σ(2n−39)² over the sub-block: the trend lane's norm.</summary>
        public const int TrendNorm = 21320;

        /// <summary>Coefficient scale: Q10 (1024 = 1.0), so that 40 full-scale products fit in int32.</summary>
        public const int CoefficientShift = 10;

        /// <summary>
        /// Coefficients laid out for pairwise multiply-add: for each sample pair p and lane j, the
        /// two coefficients of samples 2p and 2p+1 sit side by side at ((p·<see cref="Lanes"/>)+j)·2.
        /// Lane j &lt; 8 is cos(ω_j n), lane 8+j is −sin(ω_j n), in Q10; then 1 and 2n−39.
        /// </summary>
        public static readonly short[] Coefficients = BuildCoefficients();

        /// <summary>Bins correlated together from samples (<see cref="CoherentPowersOfSamples"/>).</summary>
        public const int GroupBins = 4;

        /// <summary>Groups of <see cref="GroupBins"/> bins from bin 0; bins past the last are zeros.</summary>
        public const int Groups = (Bins + GroupBins - 1) / GroupBins;

        /// <summary>
        /// The coefficients of each group of 4 bins, laid out for pairwise multiply-add as
        /// <see cref="Coefficients"/>: group g, sample pair p, lane j at ((g·20 + p)·8 + j)·2, where
        /// lane j &lt; 4 is cos(ω n) of bin 4g+j and lane 4+j its −sin(ω n), in Q10 (the same values).
        /// </summary>
        public static readonly short[] GroupCoefficients = BuildGroupCoefficients();

        /// <summary>Sub-blocks a window combines coherently (20 ms); a power of two.</summary>
        public const int WindowSubBlocks = 4;

        /// <summary>Scale of <see cref="RotationRe"/> and <see cref="RotationIm"/>: Q14.</summary>
        public const int RotationShift = 14;

        /// <summary>
        /// e^{-jω_b M k} for bin b and the window's sub-block k = 0..3 (M = 40 samples), at
        /// b·4 + k, in Q14: turns sub-block k's DFT value to the phase origin of the window.
        /// </summary>
        public static readonly int[] RotationRe = new int[Bins * WindowSubBlocks];

        /// <summary>The imaginary parts that go with <see cref="RotationRe"/>.</summary>
        public static readonly int[] RotationIm = BuildRotations(RotationRe);

        /// <summary>The frequency of bin j (0-3 rows, 4-7 columns, then probes), Hz.</summary>
        public static int BinHz(int bin)
        {
            if (bin < 4) { return DtmfDigits.RowHz[bin]; }
            return bin < Tones ? DtmfDigits.ColumnHz[bin - 4] : ProbeHz[bin - Tones];
        }

        /// <summary>
        /// Writes the sums of one sub-block (40 samples from block[0]) into
        /// sums[first .. first + <see cref="Sums"/> - 1].
        /// </summary>
        public void Correlate(short[] block, int[] sums, int first)
        {
            Correlate(block, 0, sums, first);
        }

        /// <summary>
        /// Writes the sums of one sub-block (40 samples from samples[offset]) into
        /// sums[first .. first + <see cref="Sums"/> - 1]. The receiver hands whole sub-blocks of
        /// its caller's buffer straight in, copying only the samples that straddle two calls.
        /// Overridden on hosts by a vector implementation with identical results.
        /// </summary>
        public virtual void Correlate(short[] samples, int offset, int[] sums, int first)
        {
            short[] c = Coefficients;
            for (int lane = 0; lane < Lanes; lane++) { sums[first + lane] = 0; }
            int energy = 0;
            for (int pair = 0; pair < SubBlockSamples / 2; pair++)
            {
                int x0 = samples[offset + 2 * pair];
                int x1 = samples[offset + 2 * pair + 1];
                int e0 = x0 >> EnergyShift;
                int e1 = x1 >> EnergyShift;
                energy += e0 * e0 + e1 * e1;
                int at = pair * Lanes * 2;
                for (int lane = 0; lane < Lanes; lane++)
                {
                    sums[first + lane] += x0 * c[at] + x1 * c[at + 1];
                    at += 2;
                }
            }
            sums[first + EnergySum] = energy;
        }

        /// <summary>
        /// <see cref="Correlate"/> of the 40 samples from samples[offset], which are also copied to
        /// kept[keptAt ..]: the receiver keeps its window's samples for the probes, and a vector
        /// implementation stores them from the registers it reads them into.
        /// </summary>
        public virtual void CorrelateAndKeep(short[] samples, int offset, short[] kept, int keptAt, int[] sums, int first)
        {
            System.Array.Copy(samples, offset, kept, keptAt, SubBlockSamples);
            Correlate(kept, keptAt, sums, first);
        }

        /// <summary>
        /// The coherent power over a 20 ms window of each of the 4 tones of a group (firstBin 0:
        /// the rows, 4: the columns), into powers[firstBin ..]: |Σ_k X_k · R_k &gt;&gt; 16|², the
        /// 160-sample DFT at one sub-block's scale
        /// (the Q14 rotations <see cref="RotationRe"/>, <see cref="RotationIm"/> and the sum of 4
        /// taken out by the shift). <paramref name="ring"/> holds the window's
        /// <see cref="WindowSubBlocks"/> sub-blocks as <see cref="Correlate"/> writes them (slot s
        /// at s · <see cref="Sums"/>), the oldest in <paramref name="oldestSlot"/>, slots wrapping.
        /// The DFT values X_k are its sums shifted right by <paramref name="sumShift"/>, which must
        /// bring them within ±2^25 (6 does for any block) so that every product and sum fits in 64
        /// bits. Returns the strongest of the four (a silent group needs no more). Overridden on
        /// hosts by a vector implementation with identical results.
        /// </summary>
        public virtual long CoherentPowers(int[] ring, int oldestSlot, int firstBin, int sumShift, long[] powers)
        {
            long strongest = 0;
            for (int bin = firstBin; bin < firstBin + GroupBins; bin++)
            {
                long p = CoherentPower(ring, oldestSlot, bin, sumShift);
                powers[bin] = p;
                if (p > strongest) { strongest = p; }
            }
            return strongest;
        }

        /// <summary>
        /// The coherent powers (as <see cref="CoherentPowers"/>) of the 4 bins from
        /// <paramref name="firstBin"/> (a multiple of <see cref="GroupBins"/>; any bin, probes
        /// included) into powers[0 .. 3], correlated here from the window's samples:
        /// <paramref name="window"/> holds its <see cref="WindowSubBlocks"/> sub-blocks of
        /// <see cref="SubBlockSamples"/> samples (slot s at s · 40), the oldest in
        /// <paramref name="oldestSlot"/>, slots wrapping. The powers are those of the same bins'
        /// sums from <see cref="Correlate"/>, bit for bit; bins past the last give 0.
        /// Overridden on hosts by a vector implementation with identical results.
        /// </summary>
        public virtual void CoherentPowersOfSamples(short[] window, int oldestSlot, int firstBin, int sumShift, long[] powers)
        {
            for (int i = 0; i < GroupBins; i++) { powers[i] = CoherentPowerOfSamples(window, oldestSlot, firstBin + i, sumShift); }
        }

        // One bin of CoherentPowers (0 past the tones).
        private static long CoherentPower(int[] ring, int oldestSlot, int bin, int sumShift)
        {
            if (bin >= Tones) { return 0; }
            int at0 = (oldestSlot & (WindowSubBlocks - 1)) * Sums + bin;
            int at1 = ((oldestSlot + 1) & (WindowSubBlocks - 1)) * Sums + bin;
            int at2 = ((oldestSlot + 2) & (WindowSubBlocks - 1)) * Sums + bin;
            int at3 = ((oldestSlot + 3) & (WindowSubBlocks - 1)) * Sums + bin;
            return RotatedPower(bin, sumShift, ring[at0], ring[at0 + ImaginaryLane], ring[at1], ring[at1 + ImaginaryLane],
                ring[at2], ring[at2 + ImaginaryLane], ring[at3], ring[at3 + ImaginaryLane]);
        }

        // One bin of CoherentPowersOfSamples (0 past the last bin): each sub-block's sums as
        // Correlate makes them, then as CoherentPower.
        private static long CoherentPowerOfSamples(short[] window, int oldestSlot, int bin, int sumShift)
        {
            if (bin >= Bins) { return 0; }
            return RotatedPower(bin, sumShift,
                SampleSum(window, oldestSlot, 0, bin, 0), SampleSum(window, oldestSlot, 0, bin, GroupBins),
                SampleSum(window, oldestSlot, 1, bin, 0), SampleSum(window, oldestSlot, 1, bin, GroupBins),
                SampleSum(window, oldestSlot, 2, bin, 0), SampleSum(window, oldestSlot, 2, bin, GroupBins),
                SampleSum(window, oldestSlot, 3, bin, 0), SampleSum(window, oldestSlot, 3, bin, GroupBins));
        }

        // One sum of sub-block k of the window (k = 0 the oldest): the bin's real part (part 0) or
        // imaginary part (part GroupBins), by the group coefficients.
        private static int SampleSum(short[] window, int oldestSlot, int k, int bin, int part)
        {
            short[] c = GroupCoefficients;
            int x = ((oldestSlot + k) & (WindowSubBlocks - 1)) * SubBlockSamples;
            int at = ((bin / GroupBins * (SubBlockSamples / 2)) * 2 * GroupBins + bin % GroupBins + part) * 2;
            int sum = 0;
            for (int pair = 0; pair < SubBlockSamples / 2; pair++)
            {
                sum += window[x + 2 * pair] * c[at] + window[x + 2 * pair + 1] * c[at + 1];
                at += 2 * 2 * GroupBins;
            }
            return sum;
        }

        /// <summary>
        /// The coherent power of one bin (0 past the last) from its four sub-blocks' real and
        /// imaginary sums as <see cref="Correlate"/> makes them, the oldest first: each shifted
        /// right by <paramref name="sumShift"/>, turned to the window's phase origin and summed.
        /// The one rule every implementation's powers come from.
        /// </summary>
        protected static long RotatedPower(int bin, int sumShift, int re0, int im0, int re1, int im1, int re2, int im2, int re3, int im3)
        {
            if (bin >= Bins) { return 0; }
            long re = 0;
            long im = 0;
            RotateAdd(bin, 0, re0 >> sumShift, im0 >> sumShift, ref re, ref im);
            RotateAdd(bin, 1, re1 >> sumShift, im1 >> sumShift, ref re, ref im);
            RotateAdd(bin, 2, re2 >> sumShift, im2 >> sumShift, ref re, ref im);
            RotateAdd(bin, 3, re3 >> sumShift, im3 >> sumShift, ref re, ref im);
            return Power(re, im);
        }

        // Adds sub-block k's DFT value (xr, xi), turned to the window's phase origin, to (re, im).
        private static void RotateAdd(int bin, int k, long xr, long xi, ref long re, ref long im)
        {
            long cr = RotationRe[bin * WindowSubBlocks + k];
            long ci = RotationIm[bin * WindowSubBlocks + k];
            re += xr * cr - xi * ci;
            im += xr * ci + xi * cr;
        }

        // |Σ|² at one sub-block's scale: >> 14 for the Q14 rotations, >> 2 for the sum of 4.
        private static long Power(long re, long im)
        {
            re >>= RotationShift + 2;
            im >>= RotationShift + 2;
            return re * re + im * im;
        }

        /// <summary>The fastest correlator this build offers (portable, or vectorised on .NET hosts).</summary>
        public static DtmfCorrelator CreateBest()
        {
            DtmfCorrelator? accelerated = null;
            CreateAccelerated(ref accelerated);
            return accelerated ?? new DtmfCorrelator();
        }

        /// <summary>
        /// The fastest correlator (<see cref="CreateBest"/>), one for all lines: a correlator holds
        /// only its shared tables, never a line's state, so every receiver may use the same one.
        /// </summary>
        public static DtmfCorrelator Shared
        {
            get
            {
                // Made on first use; two lines racing here make two, either of which serves.
                if (_shared == null) { _shared = CreateBest(); }
                return _shared;
            }
        }

        private static DtmfCorrelator? _shared;

        // Implemented only in the .NET build (Host/), absent on nanoFramework.
        static partial void CreateAccelerated(ref DtmfCorrelator? correlator);

        private static short[] BuildCoefficients()
        {
            short[] c = new short[SubBlockSamples * Lanes];
            for (int tone = 0; tone < Tones; tone++)
            {
                for (int n = 0; n < SubBlockSamples; n++)
                {
                    int at = ((n / 2) * Lanes) * 2 + (n & 1);
                    c[at + 2 * tone] = Cosine(tone, n);
                    c[at + 2 * (ImaginaryLane + tone)] = MinusSine(tone, n);
                }
            }
            for (int n = 0; n < SubBlockSamples; n++)
            {
                int at = ((n / 2) * Lanes) * 2 + (n & 1);
                c[at + 2 * MeanLane] = 1;
                c[at + 2 * TrendLane] = (short)(2 * n - (SubBlockSamples - 1));
            }
            return c;
        }

        private static short[] BuildGroupCoefficients()
        {
            const int Pairs = SubBlockSamples / 2;
            short[] c = new short[Groups * Pairs * 2 * GroupBins * 2];
            for (int bin = 0; bin < Bins; bin++)
            {
                int group = bin / GroupBins;
                int lane = bin % GroupBins;
                for (int n = 0; n < SubBlockSamples; n++)
                {
                    int at = ((group * Pairs + n / 2) * 2 * GroupBins + lane) * 2 + (n & 1);
                    c[at] = Cosine(bin, n);
                    c[at + 2 * GroupBins] = MinusSine(bin, n);
                }
            }
            return c;
        }

        // cos(ω n) and −sin(ω n) of a bin in Q10, ω from the tone generator's phase step (so the
        // correlator and the generator agree on every frequency).
        private static short Cosine(int bin, int n)
        {
            return ToQ10(SineTable.Cos(unchecked(ToneOscillator.PhaseStep(BinHz(bin), 0) * (uint)n)));
        }

        private static short MinusSine(int bin, int n)
        {
            return ToQ10(-SineTable.Sin(unchecked(ToneOscillator.PhaseStep(BinHz(bin), 0) * (uint)n)));
        }

        // e^{-jω_b M k} for every bin b and k = 0..3, Q14: the phase of sub-block k's local origin.
        private static int[] BuildRotations(int[] real)
        {
            int[] imaginary = new int[Bins * WindowSubBlocks];
            for (int bin = 0; bin < Bins; bin++)
            {
                uint step = unchecked(ToneOscillator.PhaseStep(BinHz(bin), 0) * (uint)SubBlockSamples);
                for (int k = 0; k < WindowSubBlocks; k++)
                {
                    uint phase = unchecked((uint)(step * (ulong)k));
                    real[bin * WindowSubBlocks + k] = (SineTable.Cos(phase) + 1) >> 1;
                    imaginary[bin * WindowSubBlocks + k] = (-SineTable.Sin(phase) + 1) >> 1;
                }
            }
            return imaginary;
        }

        private static short ToQ10(int q15)
        {
            return (short)((q15 + 16) >> 5);
        }
    }
}
