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
    /// (the layout of <see cref="DtmfCorrelator.Coefficients"/>, lanes padded with zeros to whole
    /// vectors), 8 lanes per instruction, into accumulators held in registers. The energy is
    /// pmaddwd of (x &gt;&gt; 3) with itself, summed across. (A 512-bit AVX-512BW variant measured
    /// 5-10 % slower on Zen 4, which splits 512-bit operations in two, and was dropped.)
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

        // The AVX2 path keeps one accumulator per 8 lanes in registers, written out for up to 8
        // vectors: 64 lanes, 31 bins. Beyond that it reports itself unsupported and Vector128,
        // which takes any lane count, is used.
        private const int MaxAvx2Lanes = 64;

        // Pair layout of Coefficients with the lanes padded with zeros to a multiple of 8:
        // pair p, lane j, sample 2p+k at (p·Lanes8 + j)·2 + k.
        private const int Lanes8 = (Lanes + 7) / 8 * 8;
        private static readonly short[] Pairs8 = PadPairs(Lanes8);

        // Vector128 layout, int32: group g of 16 lanes, sample n, lane 16g+i at (g·40 + n)·16 + i.
        private const int Groups = (Lanes + 15) / 16;
        private static readonly int[] Samples16 = WidenSamples();

        // Rotations widened to int64 lanes for pmuldq (the value sign-extended, pmuldq reads its
        // low half): sub-block k, bin b at k·RotationRow + b; zeros past the last bin, so that 4
        // lanes from any bin stay within the row and give 0 there.
        private const int RotationRow = Bins + 3;
        private static readonly long[] WideRotationRe = WidenRotations(RotationRe);
        private static readonly long[] WideRotationIm = WidenRotations(RotationIm);

        private readonly Kind _kind;

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
                case Kind.Avx2: return Avx2.IsSupported && Lanes <= MaxAvx2Lanes;
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
                case Kind.Avx2: CorrelateAvx2(ref x, ref s); break;
                default: CorrelateVector128(ref x, ref s); break;
            }
        }

        /// <inheritdoc />
        public override void CoherentPowers(int[] ring, int oldestSlot, int firstBin, int sumShift, out long p0, out long p1, out long p2, out long p3)
        {
            if (_kind != Kind.Avx2)
            {
                base.CoherentPowers(ring, oldestSlot, firstBin, sumShift, out p0, out p1, out p2, out p3);
                return;
            }
            if (ring.Length < WindowSubBlocks * Sums || firstBin < 0 || firstBin >= Bins)
            {
                throw new IndexOutOfRangeException();
            }
            if (sumShift < 0 || sumShift > 31) { throw new ArgumentOutOfRangeException(nameof(sumShift)); } // as int >> would mask it
            Vector256<long> p = CoherentPowersAvx2(ref MemoryMarshal.GetArrayDataReference(ring), oldestSlot, firstBin, sumShift);
            p0 = p.GetElement(0);
            p1 = p.GetElement(1);
            p2 = p.GetElement(2);
            p3 = p.GetElement(3);
        }

        // The 4 bins in the 4 int64 lanes. A slot's 4 lanes from firstBin (≤ Bins - 1) end within
        // the slot (Sums = 2 · Bins + 3), past the last bin in lanes whose rotations are 0.
        private static Vector256<long> CoherentPowersAvx2(ref int ring, int oldestSlot, int firstBin, int sumShift)
        {
            ref long rotRe = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(WideRotationRe), firstBin);
            ref long rotIm = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(WideRotationIm), firstBin);
            ref int bins = ref Unsafe.Add(ref ring, firstBin);
            // Sub-block 0's rotation is e^0 = 1 (Q14: 16384 + 0j), a shift.
            ref int x0 = ref Unsafe.Add(ref bins, (oldestSlot & (WindowSubBlocks - 1)) * Sums);
            Vector256<long> re = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(Vector128.LoadUnsafe(ref x0), sumShift)), RotationShift);
            Vector256<long> im = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(Vector128.LoadUnsafe(ref x0, Bins), sumShift)), RotationShift);
            RotateAdd(ref re, ref im, ref Unsafe.Add(ref bins, ((oldestSlot + 1) & (WindowSubBlocks - 1)) * Sums), sumShift, ref rotRe, ref rotIm, 1);
            RotateAdd(ref re, ref im, ref Unsafe.Add(ref bins, ((oldestSlot + 2) & (WindowSubBlocks - 1)) * Sums), sumShift, ref rotRe, ref rotIm, 2);
            RotateAdd(ref re, ref im, ref Unsafe.Add(ref bins, ((oldestSlot + 3) & (WindowSubBlocks - 1)) * Sums), sumShift, ref rotRe, ref rotIm, 3);
            // >> 16 (RotationShift and the sum of 4): AVX2 has no 64-bit arithmetic shift, but the
            // results lie within ±2^26, so a logical shift leaves the same low 32 bits, which is
            // all pmuldq reads when squaring.
            Vector256<int> sr = Avx2.ShiftRightLogical(re, RotationShift + 2).AsInt32();
            Vector256<int> si = Avx2.ShiftRightLogical(im, RotationShift + 2).AsInt32();
            return Avx2.Add(Avx2.Multiply(sr, sr), Avx2.Multiply(si, si));
        }

        // Adds sub-block k's 4 DFT values (x: real parts, imaginary parts Bins further), scaled
        // down by sumShift and rotated by rotation row k, to the sums.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void RotateAdd(ref Vector256<long> re, ref Vector256<long> im, ref int x, int sumShift, ref long rotRe, ref long rotIm, int k)
        {
            Vector256<int> xr = Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(Vector128.LoadUnsafe(ref x), sumShift)).AsInt32();
            Vector256<int> xi = Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(Vector128.LoadUnsafe(ref x, Bins), sumShift)).AsInt32();
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

        // The tests on the constant lane count (V) are meant: the JIT drops the vectors not needed.
#pragma warning disable CS0162 // unreachable code
        private static void CorrelateAvx2(ref short x, ref int s)
        {
            const int V = Lanes8 / 8; // vectors of 8 lanes; the branches on V fold away
            ref short c = ref MemoryMarshal.GetArrayDataReference(Pairs8);
            Vector256<int> a0 = Vector256<int>.Zero, a1 = Vector256<int>.Zero, a2 = Vector256<int>.Zero, a3 = Vector256<int>.Zero;
            Vector256<int> a4 = Vector256<int>.Zero, a5 = Vector256<int>.Zero, a6 = Vector256<int>.Zero, a7 = Vector256<int>.Zero;
            for (int pair = 0; pair < Pairs; pair++)
            {
                Vector256<short> xx = Vector256.Create(Pair(ref x, pair)).AsInt16();
                ref short cp = ref Unsafe.Add(ref c, pair * Lanes8 * 2);
                a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 0)));
                if (V > 1) { a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 16))); }
                if (V > 2) { a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 32))); }
                if (V > 3) { a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 48))); }
                if (V > 4) { a4 = Avx2.Add(a4, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 64))); }
                if (V > 5) { a5 = Avx2.Add(a5, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 80))); }
                if (V > 6) { a6 = Avx2.Add(a6, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 96))); }
                if (V > 7) { a7 = Avx2.Add(a7, Avx2.MultiplyAddAdjacent(xx, Vector256.LoadUnsafe(ref cp, 112))); }
            }
            Store(ref s, 0, a0);
            if (V > 1) { Store(ref s, 8, a1); }
            if (V > 2) { Store(ref s, 16, a2); }
            if (V > 3) { Store(ref s, 24, a3); }
            if (V > 4) { Store(ref s, 32, a4); }
            if (V > 5) { Store(ref s, 40, a5); }
            if (V > 6) { Store(ref s, 48, a6); }
            if (V > 7) { Store(ref s, 56, a7); }
            Unsafe.Add(ref s, EnergySum) = Energy(ref x);
        }

#pragma warning restore CS0162

        // Writes the lanes of a vector that exist (from lane `at`); padding lanes are dropped.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(ref int s, int at, Vector256<int> v)
        {
            if (at + 8 <= Lanes) { v.StoreUnsafe(ref s, (nuint)at); return; }
            for (int i = 0; at + i < Lanes; i++) { Unsafe.Add(ref s, at + i) = v.GetElement(i); }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(ref int s, int at, Vector128<int> v)
        {
            if (at + 4 <= Lanes) { v.StoreUnsafe(ref s, (nuint)at); return; }
            for (int i = 0; at + i < Lanes; i++) { Unsafe.Add(ref s, at + i) = v.GetElement(i); }
        }

        // Σ (x >> 3)² over the 40 samples (16 + 16 + 8), AVX2.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Energy(ref short x)
        {
            Vector256<short> e0 = Vector256.ShiftRightArithmetic(Vector256.LoadUnsafe(ref x, 0), EnergyShift);
            Vector256<short> e1 = Vector256.ShiftRightArithmetic(Vector256.LoadUnsafe(ref x, 16), EnergyShift);
            Vector128<short> e2 = Vector128.ShiftRightArithmetic(Vector128.LoadUnsafe(ref x, 32), EnergyShift);
            Vector256<int> e = Avx2.Add(Avx2.MultiplyAddAdjacent(e0, e0), Avx2.MultiplyAddAdjacent(e1, e1));
            Vector128<int> f = Sse2.Add(Sse2.Add(e.GetLower(), e.GetUpper()), Sse2.MultiplyAddAdjacent(e2, e2));
            f = Sse2.Add(f, Sse2.Shuffle(f, 0b01_00_11_10));
            f = Sse2.Add(f, Sse2.Shuffle(f, 0b10_11_00_01));
            return f.ToScalar();
        }

        private static void CorrelateVector128(ref short x, ref int s)
        {
            ref int c = ref MemoryMarshal.GetArrayDataReference(Samples16);
            for (int group = 0; group < Groups; group++)
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
                for (int lane = 0; lane < Lanes; lane++)
                {
                    padded[(pair * paddedLanes + lane) * 2] = c[(pair * Lanes + lane) * 2];
                    padded[(pair * paddedLanes + lane) * 2 + 1] = c[(pair * Lanes + lane) * 2 + 1];
                }
            }
            return padded;
        }

        private static int[] WidenSamples()
        {
            short[] c = Coefficients;
            int[] wide = new int[Groups * SubBlockSamples * 16];
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
