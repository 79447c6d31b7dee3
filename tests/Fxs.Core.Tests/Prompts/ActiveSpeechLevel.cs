using System;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Core.Tests.Prompts
{
    /// <summary>
    /// Active speech level, ITU-T P.56 method B, in dBm0 (test-side meter, written apart from the
    /// renderer's in prompts/render.cake so that each checks the other): a 30 ms two-pole envelope of
    /// |x|, 15 thresholds 2^0..2^14 (16-bit LSB), 200 ms hangover; the level is the mean square
    /// over the active samples at the threshold that lies 15.9 dB under it (linear interpolation
    /// between the two thresholds around that point).
    /// </summary>
    internal static class ActiveSpeechLevel
    {
        private const int Rate = 8000;
        private const double MarginDb = 15.9;
        private const int Thresholds = 15;

        /// <summary>Mean square of a 0 dBm0 sine, 16-bit units: peak 22,656.7 (ToneLevel), squared, halved.</summary>
        public static readonly double ZeroDbm0MeanSquare =
            (ToneLevel.ZeroDbm0AmplitudeQ16 / 65536.0) * (ToneLevel.ZeroDbm0AmplitudeQ16 / 65536.0) / 2;

        /// <summary>Active level in dBm0 and the activity factor (0..1).</summary>
        public static double Dbm0(short[] x, out double activity)
        {
            double g = Math.Exp(-1.0 / (Rate * 0.03));
            int hangover = (int)(0.2 * Rate);
            var count = new long[Thresholds];
            var hang = new int[Thresholds];
            for (int j = 0; j < Thresholds; j++) { hang[j] = hangover; }
            double p = 0, q = 0, energy = 0;
            foreach (short s in x)
            {
                energy += (double)s * s;
                p = g * p + (1 - g) * Math.Abs((double)s);
                q = g * q + (1 - g) * p;
                for (int j = 0; j < Thresholds; j++)
                {
                    if (q >= Math.Pow(2, j)) { count[j]++; hang[j] = 0; }
                    else if (hang[j] < hangover) { count[j]++; hang[j]++; }
                }
            }

            activity = 0;
            if (energy == 0) { return double.NegativeInfinity; }
            double reference = 10 * Math.Log10(ZeroDbm0MeanSquare);
            double lastLevel = 0, lastExcess = 0, lastCount = 0;
            for (int j = 0; j < Thresholds && count[j] > 0; j++)
            {
                double level = 10 * Math.Log10(energy / count[j]);
                double excess = level - 20 * Math.Log10(Math.Pow(2, j));
                if (excess <= MarginDb)
                {
                    if (j == 0) { activity = (double)count[0] / x.Length; return level - reference; }
                    double t = (lastExcess - MarginDb) / (lastExcess - excess);
                    activity = (lastCount + t * (count[j] - lastCount)) / x.Length;
                    return lastLevel + t * (level - lastLevel) - reference;
                }
                lastLevel = level;
                lastExcess = excess;
                lastCount = count[j];
            }
            activity = lastCount / x.Length;
            return lastLevel - reference;
        }
    }
}
