using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fxs.Core.Dsp.Echo
{
    // .NET-only part of EchoFilterKernel (Host/ is excluded from the nanoFramework build).
    public partial class EchoFilterKernel
    {
        static partial void CreateAccelerated(ref EchoFilterKernel? kernel)
        {
            EchoFilterKernelVector.Kind best = EchoFilterKernelVector.Best;
            if (best != EchoFilterKernelVector.Kind.None) { kernel = new EchoFilterKernelVector(best); }
        }
    }

    /// <summary>
    /// <see cref="EchoFilterKernel"/> with SIMD, for .NET hosts: the same results, bit for bit.
    /// <para>
    /// The FIR sums: every product h·x is exact in an int64 (|h| &lt; 2^31, |x| &lt; 2^31) and the
    /// sum of the products is the same in any order (int64 addition, no rounding, and the
    /// canceller's sums stay far from 2^63). AVX2 (<see cref="Kind.Avx2"/>) forms the products
    /// with pmuldq, int32 × int32 → int64 on the even lanes, and once more on the odd lanes moved
    /// down by a 64-bit shift; <see cref="Kind.Vector128"/> widens both to int64 and multiplies.
    /// </para>
    /// <para>
    /// The NLMS update rounds each coefficient's term on its own, (gain · x + 2^15) &gt;&gt; 16 then the
    /// low 32 bits, exactly as the portable code. AVX2 has no int64 multiply, so the gain is split:
    /// gain = g1 · 2^16 + g0 with g0 in [0, 2^16); then (gain·x + 2^15) &gt;&gt; 16 = g1·x + ((g0·x + 2^15) &gt;&gt; 16)
    /// exactly (g1·x·2^16 is a multiple of 2^16), and its low 32 bits are low32(g1·x) (pmulld) plus
    /// bits 16-47 of g0·x + 2^15 (pmuldq, then a logical 64-bit shift: only the low 32 bits of the
    /// shifted value are kept, so arithmetic and logical shifts agree). The split needs g1 to fit
    /// an int32; gains beyond ±2^40 (never seen by the canceller, whose gain stays under 2^33) take
    /// the portable loop.
    /// </para>
    /// </summary>
    public sealed class EchoFilterKernelVector : EchoFilterKernel
    {
        /// <summary>Instruction set an instance uses.</summary>
        public enum Kind
        {
            /// <summary>None available: use the portable <see cref="EchoFilterKernel"/>.</summary>
            None = 0,
            /// <summary>Cross-platform Vector128 with int64 lanes: arm64, x64 without AVX2.</summary>
            Vector128 = 1,
            /// <summary>AVX2: pmuldq / pmulld on 256-bit vectors.</summary>
            Avx2 = 2,
        }

        private const long MaxSplitGain = 1L << 40;

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
                case Kind.Avx2: return Avx2.IsSupported;
                default: return false;
            }
        }

        /// <summary>A kernel of the given kind, which this host must support.</summary>
        public EchoFilterKernelVector(Kind kind)
        {
            if (!IsSupported(kind)) { throw new PlatformNotSupportedException("EchoFilterKernelVector." + kind + " is not supported on this host"); }
            _kind = kind;
        }

        /// <summary>The instruction set in use.</summary>
        public Kind Using { get { return _kind; } }

        private static void Check(int hLength, int xLength, int offset, int taps)
        {
            if (taps < 0 || taps > hLength || offset < 0 || offset > xLength - taps) { throw new IndexOutOfRangeException(); }
        }

        /// <inheritdoc />
        public override long Convolve(int[] h, short[] x, int offset, int taps)
        {
            Check(h.Length, x.Length, offset, taps);
            ref int hr = ref MemoryMarshal.GetArrayDataReference(h);
            ref short xr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), offset);
            long acc = 0;
            int k = 0;
            if (_kind == Kind.Avx2)
            {
                Vector256<long> a0 = Vector256<long>.Zero, a1 = Vector256<long>.Zero;
                for (; k <= taps - 8; k += 8)
                {
                    Vector256<int> hv = Vector256.LoadUnsafe(ref hr, (nuint)k);
                    Vector256<int> xv = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref xr, (nuint)k));
                    a0 = Avx2.Add(a0, Avx2.Multiply(hv, xv));
                    a1 = Avx2.Add(a1, Avx2.Multiply(Avx2.ShiftRightLogical(hv.AsInt64(), 32).AsInt32(), Avx2.ShiftRightLogical(xv.AsInt64(), 32).AsInt32()));
                }
                acc = Vector256.Sum(Avx2.Add(a0, a1));
            }
            else
            {
                Vector128<long> a0 = Vector128<long>.Zero, a1 = Vector128<long>.Zero;
                for (; k <= taps - 4; k += 4)
                {
                    Vector128<int> hv = Vector128.LoadUnsafe(ref hr, (nuint)k);
                    Vector128<int> xv = Vector128.Create(
                        (int)Unsafe.Add(ref xr, k), Unsafe.Add(ref xr, k + 1), Unsafe.Add(ref xr, k + 2), Unsafe.Add(ref xr, k + 3));
                    a0 += Vector128.WidenLower(hv) * Vector128.WidenLower(xv);
                    a1 += Vector128.WidenUpper(hv) * Vector128.WidenUpper(xv);
                }
                acc = Vector128.Sum(a0 + a1);
            }
            for (; k < taps; k++) { acc += (long)Unsafe.Add(ref hr, k) * Unsafe.Add(ref xr, k); }
            return acc;
        }

        /// <inheritdoc />
        public override long Convolve(int[] h, int[] x, int offset, int taps)
        {
            Check(h.Length, x.Length, offset, taps);
            ref int hr = ref MemoryMarshal.GetArrayDataReference(h);
            ref int xr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), offset);
            long acc = 0;
            int k = 0;
            if (_kind == Kind.Avx2)
            {
                Vector256<long> a0 = Vector256<long>.Zero, a1 = Vector256<long>.Zero;
                for (; k <= taps - 8; k += 8)
                {
                    Vector256<int> hv = Vector256.LoadUnsafe(ref hr, (nuint)k);
                    Vector256<int> xv = Vector256.LoadUnsafe(ref xr, (nuint)k);
                    a0 = Avx2.Add(a0, Avx2.Multiply(hv, xv));
                    a1 = Avx2.Add(a1, Avx2.Multiply(Avx2.ShiftRightLogical(hv.AsInt64(), 32).AsInt32(), Avx2.ShiftRightLogical(xv.AsInt64(), 32).AsInt32()));
                }
                acc = Vector256.Sum(Avx2.Add(a0, a1));
            }
            else
            {
                Vector128<long> a0 = Vector128<long>.Zero, a1 = Vector128<long>.Zero;
                for (; k <= taps - 4; k += 4)
                {
                    Vector128<int> hv = Vector128.LoadUnsafe(ref hr, (nuint)k);
                    Vector128<int> xv = Vector128.LoadUnsafe(ref xr, (nuint)k);
                    a0 += Vector128.WidenLower(hv) * Vector128.WidenLower(xv);
                    a1 += Vector128.WidenUpper(hv) * Vector128.WidenUpper(xv);
                }
                acc = Vector128.Sum(a0 + a1);
            }
            for (; k < taps; k++) { acc += (long)Unsafe.Add(ref hr, k) * Unsafe.Add(ref xr, k); }
            return acc;
        }

        /// <inheritdoc />
        /// <remarks>
        /// |x| ≤ 2^15 and |y| ≤ 2^15, so each product fits an int32 exactly: formed with pmulld
        /// (or int32 lanes), then widened to int64 and added, the very sums of the portable loop.
        /// </remarks>
        public override void Correlate(long[] r, short[] x, int offset, int count, int y)
        {
            if (count < 0 || count > r.Length || offset < 0 || offset > x.Length - count) { throw new IndexOutOfRangeException(); }
            if (y > MaxCorrelateFactor || y < -MaxCorrelateFactor)
            {
                base.Correlate(r, x, offset, count, y);
                return;
            }
            ref long rr = ref MemoryMarshal.GetArrayDataReference(r);
            ref short xr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), offset);
            int j = 0;
            if (_kind == Kind.Avx2)
            {
                Vector256<int> yv = Vector256.Create(y);
                for (; j <= count - 8; j += 8)
                {
                    Vector256<int> p = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref xr, (nuint)j)), yv);
                    Vector256<long> lo = Avx2.ConvertToVector256Int64(p.GetLower());
                    Vector256<long> hi = Avx2.ConvertToVector256Int64(p.GetUpper());
                    Avx2.Add(Vector256.LoadUnsafe(ref rr, (nuint)j), lo).StoreUnsafe(ref rr, (nuint)j);
                    Avx2.Add(Vector256.LoadUnsafe(ref rr, (nuint)(j + 4)), hi).StoreUnsafe(ref rr, (nuint)(j + 4));
                }
            }
            else
            {
                Vector128<int> yv = Vector128.Create(y);
                for (; j <= count - 4; j += 4)
                {
                    Vector128<int> xv = Vector128.Create(
                        (int)Unsafe.Add(ref xr, j), Unsafe.Add(ref xr, j + 1), Unsafe.Add(ref xr, j + 2), Unsafe.Add(ref xr, j + 3));
                    Vector128<int> p = xv * yv;
                    (Vector128.LoadUnsafe(ref rr, (nuint)j) + Vector128.WidenLower(p)).StoreUnsafe(ref rr, (nuint)j);
                    (Vector128.LoadUnsafe(ref rr, (nuint)(j + 2)) + Vector128.WidenUpper(p)).StoreUnsafe(ref rr, (nuint)(j + 2));
                }
            }
            for (; j < count; j++) { Unsafe.Add(ref rr, j) += (long)Unsafe.Add(ref xr, j) * y; }
        }

        /// <inheritdoc />
        public override void Adapt(int[] h, int[] x, int offset, int taps, long gain)
        {
            Check(h.Length, x.Length, offset, taps);
            if (gain > MaxSplitGain || gain < -MaxSplitGain)
            {
                base.Adapt(h, x, offset, taps, gain);
                return;
            }
            const long Half = 1L << (GainShift - 1);
            ref int hr = ref MemoryMarshal.GetArrayDataReference(h);
            ref int xr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), offset);
            int k = 0;
            if (_kind == Kind.Avx2)
            {
                Vector256<int> g1 = Vector256.Create((int)(gain >> GainShift));
                Vector256<int> g0 = Vector256.Create((int)(gain & ((1L << GainShift) - 1)));
                Vector256<long> half = Vector256.Create(Half);
                for (; k <= taps - 8; k += 8)
                {
                    Vector256<int> xv = Vector256.LoadUnsafe(ref xr, (nuint)k);
                    Vector256<int> high = Avx2.MultiplyLow(g1, xv);
                    // Even lanes: bits 16-47 land in the low dword; odd lanes: in the high dword.
                    Vector256<long> even = Avx2.ShiftRightLogical(Avx2.Add(Avx2.Multiply(g0, xv), half), GainShift);
                    Vector256<long> odd = Avx2.ShiftLeftLogical(
                        Avx2.Add(Avx2.Multiply(g0, Avx2.ShiftRightLogical(xv.AsInt64(), 32).AsInt32()), half), 32 - GainShift);
                    Vector256<int> low = Avx2.Blend(even.AsInt32(), odd.AsInt32(), 0b10101010);
                    Vector256<int> hv = Vector256.LoadUnsafe(ref hr, (nuint)k);
                    Avx2.Add(hv, Avx2.Add(high, low)).StoreUnsafe(ref hr, (nuint)k);
                }
            }
            else
            {
                Vector128<long> g = Vector128.Create(gain);
                Vector128<long> half = Vector128.Create(Half);
                for (; k <= taps - 4; k += 4)
                {
                    Vector128<int> xv = Vector128.LoadUnsafe(ref xr, (nuint)k);
                    Vector128<long> lo = Vector128.ShiftRightArithmetic(g * Vector128.WidenLower(xv) + half, GainShift);
                    Vector128<long> hi = Vector128.ShiftRightArithmetic(g * Vector128.WidenUpper(xv) + half, GainShift);
                    Vector128<int> hv = Vector128.LoadUnsafe(ref hr, (nuint)k);
                    (hv + Vector128.Narrow(lo, hi)).StoreUnsafe(ref hr, (nuint)k);
                }
            }
            for (; k < taps; k++) { Unsafe.Add(ref hr, k) += (int)((gain * Unsafe.Add(ref xr, k) + Half) >> GainShift); }
        }
    }
}
