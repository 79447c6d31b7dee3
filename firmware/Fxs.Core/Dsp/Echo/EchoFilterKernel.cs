namespace Fxs.Core.Dsp.Echo
{
    /// <summary>
    /// The line echo canceller's per-sample inner loops over the taps: the two FIR outputs and the
    /// NLMS coefficient update, integer arithmetic only. This class is the portable version (every
    /// target); on .NET hosts <see cref="CreateBest"/> returns a vectorised subclass (Host/) that
    /// gives the very same results bit for bit: the sums are of exact int64 products without any
    /// intermediate rounding (so their order does not matter), and each coefficient's rounding
    /// step is done per coefficient exactly as here.
    /// </summary>
    public partial class EchoFilterKernel
    {
        /// <summary>
        /// Extra bits of the NLMS gain: <see cref="Adapt"/> adds (gain · x + 2^(GainShift−1)) &gt;&gt; GainShift.
        /// </summary>
        public const int GainShift = 16;

        /// <summary>Σ h[k] · x[offset + k] for k in [0, taps), exact in an int64.</summary>
        public virtual long Convolve(int[] h, short[] x, int offset, int taps)
        {
            long acc = 0;
            for (int k = 0; k < taps; k++) { acc += (long)h[k] * x[offset + k]; }
            return acc;
        }

        /// <summary>Σ h[k] · x[offset + k] for k in [0, taps), exact in an int64.</summary>
        public virtual long Convolve(int[] h, int[] x, int offset, int taps)
        {
            long acc = 0;
            for (int k = 0; k < taps; k++) { acc += (long)h[k] * x[offset + k]; }
            return acc;
        }

        /// <summary>
        /// NLMS update: h[k] += (int)((gain · x[offset + k] + 2^(GainShift−1)) &gt;&gt; GainShift) for k
        /// in [0, taps); each term rounded on its own (arithmetic shift, then the low 32 bits).
        /// </summary>
        public virtual void Adapt(int[] h, int[] x, int offset, int taps, long gain)
        {
            const long Half = 1L << (GainShift - 1);
            for (int k = 0; k < taps; k++) { h[k] += (int)((gain * x[offset + k] + Half) >> GainShift); }
        }

        /// <summary>Largest |y| <see cref="Correlate"/> takes: 2^15, so that every product x · y fits an int32.</summary>
        public const int MaxCorrelateFactor = 32768;

        /// <summary>
        /// The bulk-delay estimator's update: r[j] += x[offset + j] · y for j in [0, count), each
        /// product exact (|y| ≤ <see cref="MaxCorrelateFactor"/>).
        /// </summary>
        public virtual void Correlate(long[] r, short[] x, int offset, int count, int y)
        {
            for (int j = 0; j < count; j++) { r[j] += (long)x[offset + j] * y; }
        }

        /// <summary>The portable kernel, on every target.</summary>
        public static EchoFilterKernel CreatePortable()
        {
            return new EchoFilterKernel();
        }

        /// <summary>The fastest kernel this build offers (portable, or vectorised on .NET hosts).</summary>
        public static EchoFilterKernel CreateBest()
        {
            EchoFilterKernel? accelerated = null;
            CreateAccelerated(ref accelerated);
            return accelerated ?? new EchoFilterKernel();
        }

        // Implemented only in the .NET build (Host/), absent on nanoFramework.
        static partial void CreateAccelerated(ref EchoFilterKernel? kernel);
    }
}
