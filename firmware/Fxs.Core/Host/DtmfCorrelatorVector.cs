using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fxs.Core.Dsp
{
    // .NET-only part of DtmfCorrelator (Host/ is excluded from the nanoFramework build).
    public partial class DtmfCorrelator
    {
        static partial void CreateAccelerated(ref DtmfCorrelator? correlator)
        {
            DtmfVectorCorrelator.Kind best = DtmfVectorCorrelator.Best;
            if (best != DtmfVectorCorrelator.Kind.None) { correlator = new DtmfVectorCorrelator(best); }
        }
    }

    /// <summary>
    /// <see cref="DtmfCorrelator"/> with SIMD, for .NET hosts: the same int32 sums, bit for bit.
    /// Integer sums do not depend on their order, and every product and partial sum here wraps
    /// exactly as the portable code's int arithmetic does (no saturating instruction is used).
    /// <para>
    /// x64 with AVX2 (<see cref="Kind.Avx2"/>): per sample pair p, the int32 made of
    /// (x[2p], x[2p+1]) is broadcast to every lane and pmaddwd'ed with the pair's coefficients
    /// (the tones' 16 lanes of <see cref="DtmfCorrelator.Coefficients"/>: two vectors), into
    /// accumulators held in registers; Σx, Σ(2n−39)·x and Σ(x &gt;&gt; 3)² are pmaddwd'ed down the
    /// samples and reduced together. A window's probes are correlated the same way from its kept
    /// samples, the four sub-blocks side by side (one group of 4 bins, 8 lanes, per vector), then
    /// rotated as the tones are. (A 512-bit AVX-512BW variant measured 5-10 % slower on Zen 4,
    /// which splits 512-bit operations in two, and NativeAOT cannot choose it at run time.)
    /// </para>
    /// <para>
    /// Elsewhere (arm64; x64 without AVX2) <see cref="Kind.Vector128"/> uses the cross-platform
    /// Vector128 API: x[n] broadcast as int32 times the sample's coefficients pre-widened to
    /// int32, 4 lanes per multiply, 16 lanes per pass over the samples.
    /// </para>
    /// </summary>
    public sealed class DtmfVectorCorrelator : DtmfCorrelator
    {
        /// <summary>Instruction set an instance uses.</summary>
        public enum Kind
        {
            /// <summary>None available: use the portable <see cref="DtmfCorrelator"/>.</summary>
            None = 0,
            /// <summary>Cross-platform Vector128 (int32 multiply-add): arm64, x64 without AVX2.</summary>
            Vector128 = 1,
            /// <summary>AVX2 pmaddwd on 256-bit vectors.</summary>
            Avx2 = 2,
        }

        private const int Pairs = SubBlockSamples / 2;

        // Pair layout of Coefficients' tone lanes alone, the AVX2 kernel's two vectors (the 8 tones'
        // real parts, then their imaginary parts): pair p, lane j (re 0-7, im 8-15),
        // sample 2p+k at (p·16 + j)·2 + k.
        private static readonly short[] TonePairs = PadPairs(2 * Tones);

        // GroupCoefficients widened to int32 a sample at a time, for Vector128: group g, sample n,
        // lane j (4 real parts, then 4 imaginary) at (g·40 + n)·8 + j.
        private static readonly int[] GroupSamples8 = WidenGroups();

        // 2n − 39 for n = 0..39 (the trend lane's coefficients), then zeros to a whole vector.
        private static readonly short[] TrendCoefficients = BuildTrend();

        // Vector128 layout, int32: group g of 16 lanes, sample n, lane 16g+i at (g·40 + n)·16 + i.
        private const int Groups16 = (Lanes + 15) / 16;
        private static readonly int[] Samples16 = WidenSamples();

        // Rotations widened to int64 lanes for pmuldq (the value sign-extended, pmuldq reads its
        // low half): sub-block k, bin b at k·RotationRow + b; zeros past the last bin, so that 4
        // lanes from any bin stay within the row and give 0 there.
        private const int RotationRow = Bins + 3;
        private static readonly long[] WideRotationRe = WidenRotations(RotationRe);
        private static readonly long[] WideRotationIm = WidenRotations(RotationIm);

        private readonly Kind _kind;

        // The tables again, per instance: NativeAOT guards every read of a static field built at
        // run time with a check that the class is initialised, and the call that check may make
        // costs the kernels their registers. Instance fields need none.
        private readonly short[] _tonePairs = TonePairs;
        private readonly short[] _trendCoefficients = TrendCoefficients;
        private readonly short[] _groupCoefficients = GroupCoefficients;
        private readonly long[] _wideRotationRe = WideRotationRe;
        private readonly long[] _wideRotationIm = WideRotationIm;
        private readonly int[] _groupSamples8 = GroupSamples8;

        /// <summary>The fastest kind this host runs, or <see cref="Kind.None"/>.</summary>
        public static Kind Best
        {
            get
            {
                if (IsSupported(Kind.Avx2)) { return Kind.Avx2; }
                if (IsSupported(Kind.Vector128)) { return Kind.Vector128; }
                return Kind.None;
            }
        }

        /// <summary>Whether this host runs the given kind.</summary>
        public static bool IsSupported(Kind kind)
        {
            switch (kind)
            {
                case Kind.Vector128: return Vector128.IsHardwareAccelerated;
                case Kind.Avx2: return Avx2.IsSupported;
                default: return false;
            }
        }

        /// <summary>A correlator of the given kind, which this host must support.</summary>
        public DtmfVectorCorrelator(Kind kind)
        {
            if (!IsSupported(kind)) { throw new PlatformNotSupportedException("DtmfVectorCorrelator." + kind + " is not supported on this host"); }
            _kind = kind;
        }

        /// <summary>The instruction set in use.</summary>
        public Kind Using { get { return _kind; } }

        /// <inheritdoc />
        public override void Correlate(short[] samples, int offset, int[] sums, int first)
        {
            if (offset < 0 || offset > samples.Length - SubBlockSamples || first < 0 || first > sums.Length - Sums)
            {
                throw new IndexOutOfRangeException();
            }
            ref short x = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(samples), offset);
            ref int s = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sums), first);
            switch (_kind)
            {
                case Kind.Avx2: CorrelateAvx2(ref x, ref s, ref x); break;
                default: CorrelateVector128(ref x, ref s); break;
            }
        }

        /// <inheritdoc />
        public override void CorrelateAndKeep(short[] samples, int offset, short[] kept, int keptAt, int[] sums, int first)
        {
            if (offset < 0 || offset > samples.Length - SubBlockSamples || keptAt < 0 || keptAt > kept.Length - SubBlockSamples
                || first < 0 || first > sums.Length - Sums)
            {
                throw new IndexOutOfRangeException();
            }
            ref short x = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(samples), offset);
            ref short keep = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(kept), keptAt);
            ref int s = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sums), first);
            switch (_kind)
            {
                case Kind.Avx2: CorrelateAvx2(ref x, ref s, ref keep); break;
                default:
                    // Overlapping ranges are copied as Array.Copy copies them.
                    new ReadOnlySpan<short>(samples, offset, SubBlockSamples).CopyTo(new Span<short>(kept, keptAt, SubBlockSamples));
                    CorrelateVector128(ref keep, ref s);
                    break;
            }
        }

        /// <inheritdoc />
        public override long CoherentPowers(int[] ring, int oldestSlot, int firstBin, int sumShift, long[] powers)
        {
            if (_kind != Kind.Avx2)
            {
                return base.CoherentPowers(ring, oldestSlot, firstBin, sumShift, powers);
            }
            if (ring.Length < WindowSubBlocks * Sums || (firstBin != 0 && firstBin != GroupBins) || powers.Length < firstBin + GroupBins)
            {
                throw new IndexOutOfRangeException();
            }
            if (sumShift < 0 || sumShift > 31) { throw new ArgumentOutOfRangeException(nameof(sumShift)); } // as int >> would mask it
            Vector256<long> p = CoherentPowersAvx2(ref MemoryMarshal.GetArrayDataReference(ring), oldestSlot, firstBin, sumShift);
            p.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(powers), (nuint)firstBin);
            // The strongest: the larger of the two halves, then of the two lanes left (AVX2 has no
            // 64-bit max; a compare and a blend make one).
            Vector256<long> halves = Avx2.Permute4x64(p, 0b01_00_11_10);
            p = Avx2.BlendVariable(p, halves, Avx2.CompareGreaterThan(halves, p));
            Vector256<long> lanes = Avx2.Permute4x64(p, 0b10_11_00_01);
            p = Avx2.BlendVariable(p, lanes, Avx2.CompareGreaterThan(lanes, p));
            return p.ToScalar();
        }

        /// <inheritdoc />
        public override void CoherentPowersOfSamples(short[] window, int oldestSlot, int firstBin, int sumShift, long[] powers)
        {
            if (window.Length < WindowSubBlocks * SubBlockSamples || firstBin < 0 || firstBin >= Bins || firstBin % GroupBins != 0
                || powers.Length < GroupBins)
            {
                throw new IndexOutOfRangeException();
            }
            if (sumShift < 0 || sumShift > 31) { throw new ArgumentOutOfRangeException(nameof(sumShift)); }
            if (_kind == Kind.Avx2)
            {
                CoherentPowersOfSamplesAvx2(ref MemoryMarshal.GetArrayDataReference(window), oldestSlot, firstBin, sumShift)
                    .StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(powers));
                return;
            }
            CoherentPowersOfSamplesVector128(ref MemoryMarshal.GetArrayDataReference(window), oldestSlot, firstBin, sumShift, powers);
        }

        // Vector128 (arm64): each sub-block's 8 sums of the group (4 real parts, 4 imaginary), a
        // sample at a time times its coefficients widened to int32; then each bin rotated as the
        // portable code does.
        private void CoherentPowersOfSamplesVector128(ref short window, int oldestSlot, int firstBin, int sumShift, long[] powers)
        {
            ref int c = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_groupSamples8), firstBin / GroupBins * SubBlockSamples * 2 * GroupBins);
            Vector128<int> r0 = SubBlockSums(ref window, (oldestSlot & (WindowSubBlocks - 1)) * SubBlockSamples, ref c, out Vector128<int> i0);
            Vector128<int> r1 = SubBlockSums(ref window, ((oldestSlot + 1) & (WindowSubBlocks - 1)) * SubBlockSamples, ref c, out Vector128<int> i1);
            Vector128<int> r2 = SubBlockSums(ref window, ((oldestSlot + 2) & (WindowSubBlocks - 1)) * SubBlockSamples, ref c, out Vector128<int> i2);
            Vector128<int> r3 = SubBlockSums(ref window, ((oldestSlot + 3) & (WindowSubBlocks - 1)) * SubBlockSamples, ref c, out Vector128<int> i3);
            for (int i = 0; i < GroupBins; i++)
            {
                powers[i] = RotatedPower(firstBin + i, sumShift, r0.GetElement(i), i0.GetElement(i), r1.GetElement(i), i1.GetElement(i),
                    r2.GetElement(i), i2.GetElement(i), r3.GetElement(i), i3.GetElement(i));
            }
        }

        // The 4 real and 4 imaginary sums of one sub-block (from window[at]) by a group's widened coefficients.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> SubBlockSums(ref short window, int at, ref int c, out Vector128<int> im)
        {
            ref short x = ref Unsafe.Add(ref window, at);
            Vector128<int> re = Vector128<int>.Zero;
            im = Vector128<int>.Zero;
            ref int cn = ref c;
            for (int n = 0; n < SubBlockSamples; n++)
            {
                Vector128<int> xx = Vector128.Create((int)Unsafe.Add(ref x, n));
                re += xx * Vector128.LoadUnsafe(ref cn, 0);
                im += xx * Vector128.LoadUnsafe(ref cn, GroupBins);
                cn = ref Unsafe.Add(ref cn, 2 * GroupBins);
            }
            return re;
        }

        // The 4 tones from firstBin in the 4 int64 lanes: a slot's real parts from firstBin, the
        // imaginary parts ImaginaryLane further.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<long> CoherentPowersAvx2(ref int ring, int oldestSlot, int firstBin, int sumShift)
        {
            ref int bins = ref Unsafe.Add(ref ring, firstBin);
            ref int x0 = ref Unsafe.Add(ref bins, (oldestSlot & (WindowSubBlocks - 1)) * Sums);
            ref int x1 = ref Unsafe.Add(ref bins, ((oldestSlot + 1) & (WindowSubBlocks - 1)) * Sums);
            ref int x2 = ref Unsafe.Add(ref bins, ((oldestSlot + 2) & (WindowSubBlocks - 1)) * Sums);
            ref int x3 = ref Unsafe.Add(ref bins, ((oldestSlot + 3) & (WindowSubBlocks - 1)) * Sums);
            return Rotated(firstBin, sumShift,
                Vector128.LoadUnsafe(ref x0), Vector128.LoadUnsafe(ref x0, ImaginaryLane),
                Vector128.LoadUnsafe(ref x1), Vector128.LoadUnsafe(ref x1, ImaginaryLane),
                Vector128.LoadUnsafe(ref x2), Vector128.LoadUnsafe(ref x2, ImaginaryLane),
                Vector128.LoadUnsafe(ref x3), Vector128.LoadUnsafe(ref x3, ImaginaryLane));
        }

        // The 4 bins of the group at firstBin, correlated from each sub-block's samples (the four
        // sub-blocks side by side, sharing each coefficient load), then as CoherentPowersAvx2.
        private Vector256<long> CoherentPowersOfSamplesAvx2(ref short window, int oldestSlot, int firstBin, int sumShift)
        {
            ref short c = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_groupCoefficients), firstBin / GroupBins * Pairs * 4 * GroupBins);
            ref short w0 = ref Unsafe.Add(ref window, (oldestSlot & (WindowSubBlocks - 1)) * SubBlockSamples);
            ref short w1 = ref Unsafe.Add(ref window, ((oldestSlot + 1) & (WindowSubBlocks - 1)) * SubBlockSamples);
            ref short w2 = ref Unsafe.Add(ref window, ((oldestSlot + 2) & (WindowSubBlocks - 1)) * SubBlockSamples);
            ref short w3 = ref Unsafe.Add(ref window, ((oldestSlot + 3) & (WindowSubBlocks - 1)) * SubBlockSamples);
            Vector256<int> s0 = Vector256<int>.Zero, s1 = Vector256<int>.Zero, s2 = Vector256<int>.Zero, s3 = Vector256<int>.Zero;
            for (int pair = 0; pair < Pairs; pair++)
            {
                Vector256<short> cv = Vector256.LoadUnsafe(ref c);
                s0 = Avx2.Add(s0, Avx2.MultiplyAddAdjacent(Vector256.Create(Pair(ref w0, 0)).AsInt16(), cv));
                s1 = Avx2.Add(s1, Avx2.MultiplyAddAdjacent(Vector256.Create(Pair(ref w1, 0)).AsInt16(), cv));
                s2 = Avx2.Add(s2, Avx2.MultiplyAddAdjacent(Vector256.Create(Pair(ref w2, 0)).AsInt16(), cv));
                s3 = Avx2.Add(s3, Avx2.MultiplyAddAdjacent(Vector256.Create(Pair(ref w3, 0)).AsInt16(), cv));
                c = ref Unsafe.Add(ref c, 4 * GroupBins);
                w0 = ref Unsafe.Add(ref w0, 2);
                w1 = ref Unsafe.Add(ref w1, 2);
                w2 = ref Unsafe.Add(ref w2, 2);
                w3 = ref Unsafe.Add(ref w3, 2);
            }
            // Each sum vector: the 4 real parts, then the 4 imaginary parts.
            return Rotated(firstBin, sumShift, s0.GetLower(), s0.GetUpper(), s1.GetLower(), s1.GetUpper(),
                s2.GetLower(), s2.GetUpper(), s3.GetLower(), s3.GetUpper());
        }

        // |Σ_k X_k · R_k >> 16|² of 4 bins from firstBin, given each sub-block k's 4 real and 4
        // imaginary sums (before the shift by sumShift).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<long> Rotated(int firstBin, int sumShift,
            Vector128<int> r0, Vector128<int> i0, Vector128<int> r1, Vector128<int> i1,
            Vector128<int> r2, Vector128<int> i2, Vector128<int> r3, Vector128<int> i3)
        {
            ref long rotRe = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_wideRotationRe), firstBin);
            ref long rotIm = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_wideRotationIm), firstBin);
            // Sub-block 0's rotation is e^0 = 1 (Q14: 16384 + 0j), a shift.
            Vector256<long> re = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(r0, sumShift)), RotationShift);
            Vector256<long> im = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(i0, sumShift)), RotationShift);
            RotateAdd(ref re, ref im, r1, i1, sumShift, ref rotRe, ref rotIm, 1);
            RotateAdd(ref re, ref im, r2, i2, sumShift, ref rotRe, ref rotIm, 2);
            RotateAdd(ref re, ref im, r3, i3, sumShift, ref rotRe, ref rotIm, 3);
            // >> 16 (RotationShift and the sum of 4): AVX2 has no 64-bit arithmetic shift, but the
            // results lie within ±2^26, so a logical shift leaves the same low 32 bits, which is
            // all pmuldq reads when squaring.
            Vector256<int> sr = Avx2.ShiftRightLogical(re, RotationShift + 2).AsInt32();
            Vector256<int> si = Avx2.ShiftRightLogical(im, RotationShift + 2).AsInt32();
            return Avx2.Add(Avx2.Multiply(sr, sr), Avx2.Multiply(si, si));
        }

        // Adds sub-block k's 4 DFT values (real sums r, imaginary sums i), scaled down by sumShift
        // and rotated by rotation row k, to the sums.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void RotateAdd(ref Vector256<long> re, ref Vector256<long> im, Vector128<int> r, Vector128<int> i, int sumShift, ref long rotRe, ref long rotIm, int k)
        {
            Vector256<int> xr = Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(r, sumShift)).AsInt32();
            Vector256<int> xi = Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(i, sumShift)).AsInt32();
            Vector256<int> cr = Vector256.LoadUnsafe(ref rotRe, (nuint)(k * RotationRow)).AsInt32();
            Vector256<int> ci = Vector256.LoadUnsafe(ref rotIm, (nuint)(k * RotationRow)).AsInt32();
            re = Avx2.Add(re, Avx2.Subtract(Avx2.Multiply(xr, cr), Avx2.Multiply(xi, ci)));
            im = Avx2.Add(im, Avx2.Add(Avx2.Multiply(xr, ci), Avx2.Multiply(xi, cr)));
        }

        // (x[2p], x[2p+1]) as one int32.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Pair(ref short x, int pair)
        {
            return Unsafe.ReadUnaligned<int>(ref Unsafe.As<short, byte>(ref Unsafe.Add(ref x, 2 * pair)));
        }

        // The tones' 16 lanes as two vectors, a sample pair at a time (unrolled by 4: the loop's
        // own work would otherwise cost as much as the multiplies); then Σx, Σ(2n−39)·x and
        // Σ(x >> 3)² across the samples, three vectors reduced together. The samples are also
        // stored at keep (which may be x itself), from the registers those sums read them into.
        private void CorrelateAvx2(ref short x, ref int s, ref short keep)
        {
            ref short c = ref MemoryMarshal.GetArrayDataReference(_tonePairs);
            Vector256<int> re = Vector256<int>.Zero, im = Vector256<int>.Zero;
            ref short xp = ref x;
            for (int quad = 0; quad < Pairs / 4; quad++)
            {
                TonePair(ref xp, ref c, 0, ref re, ref im);
                TonePair(ref xp, ref c, 1, ref re, ref im);
                TonePair(ref xp, ref c, 2, ref re, ref im);
                TonePair(ref xp, ref c, 3, ref re, ref im);
                xp = ref Unsafe.Add(ref xp, 8);
                c = ref Unsafe.Add(ref c, 4 * 2 * 2 * Tones);
            }
            re.StoreUnsafe(ref s, 0);
            im.StoreUnsafe(ref s, ImaginaryLane);

            Vector256<short> x0 = Vector256.LoadUnsafe(ref x, 0);
            Vector256<short> x1 = Vector256.LoadUnsafe(ref x, 16);
            Vector128<short> x2 = Vector128.LoadUnsafe(ref x, 32);
            x0.StoreUnsafe(ref keep, 0);
            x1.StoreUnsafe(ref keep, 16);
            x2.StoreUnsafe(ref keep, 32);
            ref short t = ref MemoryMarshal.GetArrayDataReference(_trendCoefficients);
            Vector256<short> one = Vector256.Create((short)1);
            Vector256<int> m8 = Avx2.Add(Avx2.MultiplyAddAdjacent(x0, one), Avx2.MultiplyAddAdjacent(x1, one));
            Vector256<int> t8 = Avx2.Add(Avx2.MultiplyAddAdjacent(x0, Vector256.LoadUnsafe(ref t, 0)), Avx2.MultiplyAddAdjacent(x1, Vector256.LoadUnsafe(ref t, 16)));
            Vector256<short> e0 = Avx2.ShiftRightArithmetic(x0, EnergyShift);
            Vector256<short> e1 = Avx2.ShiftRightArithmetic(x1, EnergyShift);
            Vector128<short> e2 = Sse2.ShiftRightArithmetic(x2, EnergyShift);
            Vector256<int> e8 = Avx2.Add(Avx2.MultiplyAddAdjacent(e0, e0), Avx2.MultiplyAddAdjacent(e1, e1));
            Vector128<int> m = Sse2.Add(Sse2.Add(m8.GetLower(), m8.GetUpper()), Sse2.MultiplyAddAdjacent(x2, one.GetLower()));
            Vector128<int> tr = Sse2.Add(Sse2.Add(t8.GetLower(), t8.GetUpper()), Sse2.MultiplyAddAdjacent(x2, Vector128.LoadUnsafe(ref t, 32)));
            Vector128<int> e = Sse2.Add(Sse2.Add(e8.GetLower(), e8.GetUpper()), Sse2.MultiplyAddAdjacent(e2, e2));
            // (m, t, e, e) summed across: the mean, trend and energy lanes, which sit side by side.
            Vector128<int> mte = Ssse3.HorizontalAdd(Ssse3.HorizontalAdd(m, tr), Ssse3.HorizontalAdd(e, e));
            Unsafe.WriteUnaligned(ref Unsafe.As<int, byte>(ref Unsafe.Add(ref s, MeanLane)), mte.AsInt64().ToScalar());
            Unsafe.Add(ref s, EnergySum) = mte.GetElement(2);
        }

        // One sample pair's products with the tones' coefficients, added to the real and imaginary sums.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TonePair(ref short x, ref short c, int pair, ref Vector256<int> re, ref Vector256<int> im)
        {
            Vector256<short> xx = Vector256.Create(Pair(ref x, pair)).AsInt16();
            ref short cp = ref Unsafe.Add(ref c, pair * 2 * 2 * Tones);
            re = Avx2.Add(re, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 0)));
            im = Avx2.Add(im, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 2 * ImaginaryLane)));
        }

        // Writes the lanes of a vector that exist (from lane `at`); padding lanes are dropped.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(ref int s, int at, Vector128<int> v)
        {
            if (at + 4 <= Lanes) { v.StoreUnsafe(ref s, (nuint)at); return; }
            for (int i = 0; at + i < Lanes; i++) { Unsafe.Add(ref s, at + i) = v.GetElement(i); }
        }

        private static void CorrelateVector128(ref short x, ref int s)
        {
            ref int c = ref MemoryMarshal.GetArrayDataReference(Samples16);
            for (int group = 0; group < Groups16; group++)
            {
                ref int cg = ref Unsafe.Add(ref c, group * SubBlockSamples * 16);
                Vector128<int> a0 = Vector128<int>.Zero;
                Vector128<int> a1 = Vector128<int>.Zero;
                Vector128<int> a2 = Vector128<int>.Zero;
                Vector128<int> a3 = Vector128<int>.Zero;
                for (int n = 0; n < SubBlockSamples; n++)
                {
                    Vector128<int> xx = Vector128.Create((int)Unsafe.Add(ref x, n));
                    ref int cn = ref Unsafe.Add(ref cg, n * 16);
                    a0 += xx * Vector128.LoadUnsafe(ref cn, 0);
                    a1 += xx * Vector128.LoadUnsafe(ref cn, 4);
                    a2 += xx * Vector128.LoadUnsafe(ref cn, 8);
                    a3 += xx * Vector128.LoadUnsafe(ref cn, 12);
                }
                int at = group * 16;
                Store(ref s, at, a0);
                if (at + 4 < Lanes) { Store(ref s, at + 4, a1); }
                if (at + 8 < Lanes) { Store(ref s, at + 8, a2); }
                if (at + 12 < Lanes) { Store(ref s, at + 12, a3); }
            }

            Vector128<int> e = Vector128<int>.Zero;
            for (int n = 0; n < SubBlockSamples; n += 8)
            {
                Vector128<short> v = Vector128.ShiftRightArithmetic(Vector128.LoadUnsafe(ref x, (nuint)n), EnergyShift);
                Vector128<int> lo = Vector128.WidenLower(v);
                Vector128<int> hi = Vector128.WidenUpper(v);
                e += lo * lo + hi * hi;
            }
            Unsafe.Add(ref s, EnergySum) = Vector128.Sum(e);
        }

        private static long[] WidenRotations(int[] rotations)
        {
            long[] wide = new long[WindowSubBlocks * RotationRow];
            for (int bin = 0; bin < Bins; bin++)
            {
                for (int k = 0; k < WindowSubBlocks; k++) { wide[k * RotationRow + bin] = rotations[bin * WindowSubBlocks + k]; }
            }
            return wide;
        }

        private static short[] PadPairs(int paddedLanes)
        {
            short[] c = Coefficients;
            short[] padded = new short[Pairs * paddedLanes * 2];
            for (int pair = 0; pair < Pairs; pair++)
            {
                for (int lane = 0; lane < Lanes && lane < paddedLanes; lane++)
                {
                    padded[(pair * paddedLanes + lane) * 2] = c[(pair * Lanes + lane) * 2];
                    padded[(pair * paddedLanes + lane) * 2 + 1] = c[(pair * Lanes + lane) * 2 + 1];
                }
            }
            return padded;
        }

        private static int[] WidenGroups()
        {
            short[] c = GroupCoefficients;
            int[] wide = new int[Groups * SubBlockSamples * 2 * GroupBins];
            for (int g = 0; g < Groups; g++)
            {
                for (int n = 0; n < SubBlockSamples; n++)
                {
                    for (int lane = 0; lane < 2 * GroupBins; lane++)
                    {
                        wide[(g * SubBlockSamples + n) * 2 * GroupBins + lane] = c[((g * Pairs + n / 2) * 2 * GroupBins + lane) * 2 + (n & 1)];
                    }
                }
            }
            return wide;
        }

        private static short[] BuildTrend()
        {
            short[] t = new short[48];
            for (int n = 0; n < SubBlockSamples; n++) { t[n] = (short)(2 * n - (SubBlockSamples - 1)); }
            return t;
        }

        private static int[] WidenSamples()
        {
            short[] c = Coefficients;
            int[] wide = new int[Groups16 * SubBlockSamples * 16];
            for (int n = 0; n < SubBlockSamples; n++)
            {
                for (int lane = 0; lane < Lanes; lane++)
                {
                    wide[((lane / 16) * SubBlockSamples + n) * 16 + lane % 16] = c[((n / 2) * Lanes + lane) * 2 + (n & 1)];
                }
            }
            return wide;
        }
    }
}
