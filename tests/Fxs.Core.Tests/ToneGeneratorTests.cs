using System;
using Fxs.Core.Dsp;
using Xunit.Abstractions;
using Fxs.Hal;

namespace Fxs.Core.Tests
{
    /// <summary>
    /// DTMF and call-progress generators measured on the host with doubles: least-squares sine
    /// fits for level and frequency, sample-exact comparison with a floating-point model for
    /// cadences, chunking invariance and allocation checks.
    /// </summary>
    public class ToneGeneratorTests
    {
        private const double Rate = 8000.0;

        // 0 dBm0 sine amplitude, 16-bit units, from G.711 (see ToneLevel): 32636 / 10^(3.17/20).
        private static readonly double ZeroDbm0 = 32636.0 / Math.Pow(10.0, 3.17 / 20.0);

        private readonly ITestOutputHelper _output;

        public ToneGeneratorTests(ITestOutputHelper output) { _output = output; }

        [Fact]
        public void ZeroDbm0ConstantMatchesItsDerivation()
        {
            Assert.Equal(ToneLevel.ZeroDbm0AmplitudeQ16, ZeroDbm0 * 65536.0, 0);
        }

        // G.711 table 5: the µ-law digital milliwatt, a 1 kHz sine at 0 dBm0.
        [Fact]
        public void DigitalMilliwattIsZeroDbm0()
        {
            byte[] codes = { 0x1E, 0x0B, 0x0B, 0x1E, 0x9E, 0x8B, 0x8B, 0x9E };
            double power = 0;
            foreach (byte c in codes) { double x = G711.MuLawToLinear(c); power += x * x; }
            double dbm0 = 10 * Math.Log10(power / codes.Length / (ZeroDbm0 * ZeroDbm0 / 2));
            _output.WriteLine($"digital milliwatt: {dbm0:F4} dBm0");
            Assert.InRange(dbm0, -0.01, 0.01);
        }

        [Fact]
        public void LevelTableMatchesTheFormulaToTenPartsPerBillion()
        {
            for (int deci = ToneLevel.SilentAtOrBelowDeciDbm0 + 1; deci <= ToneLevel.MaxDeciDbm0; deci++)
            {
                double exact = ZeroDbm0 * Math.Pow(10, deci / 200.0) * 65536.0;
                int actual = ToneLevel.AmplitudeQ16(deci);
                Assert.True(Math.Abs(actual - exact) <= 1 + 1e-8 * exact, $"{deci / 10.0} dBm0: {actual}, exact {exact:F1}");
            }
            Assert.Equal(0, ToneLevel.AmplitudeQ16(ToneLevel.SilentAtOrBelowDeciDbm0));
            Assert.Equal(0, ToneLevel.AmplitudeQ16(int.MinValue));
            Assert.Throws<ArgumentOutOfRangeException>(() => ToneLevel.AmplitudeQ16(ToneLevel.MaxDeciDbm0 + 1));
        }

        [Fact]
        public void EveryDigitHasItsTwoFrequenciesAtTheRequestedLevels()
        {
            foreach (char digit in DtmfDigits.All)
            {
                double low = DtmfDigits.RowHz[DtmfDigits.RowOf(digit)];
                double high = DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(digit)];
                double[] x = Dtmf(digit, -80, -60, 0, 0, 8000);

                ToneFit fit = ToneFit.Of(x, low, high);
                AssertLevel(-8.0, fit.Amplitude[0], $"{digit} low");
                AssertLevel(-6.0, fit.Amplitude[1], $"{digit} high");
                Assert.True(fit.ResidualRms < 0.5, $"{digit}: residual {fit.ResidualRms:F3} LSB rms");

                double lowHz = ToneFit.Frequency(x, low, high, 0);
                double highHz = ToneFit.Frequency(x, low, high, 1);
                Assert.True(Math.Abs(lowHz - low) < 0.001, $"{digit}: low {lowHz:F5} Hz");
                Assert.True(Math.Abs(highHz - high) < 0.001, $"{digit}: high {highHz:F5} Hz");

                // The six other DTMF frequencies are absent.
                foreach (int other in DtmfDigits.RowHz) { if (other != low) { AssertAbsent(x, other, digit); } }
                foreach (int other in DtmfDigits.ColumnHz) { if (other != high) { AssertAbsent(x, other, digit); } }
            }
        }

        [Theory]
        [InlineData(30)]
        [InlineData(0)]
        [InlineData(-35)]
        [InlineData(-100)]
        [InlineData(-154)]
        [InlineData(-200)]
        [InlineData(-300)]
        [InlineData(-421)]
        [InlineData(-500)]
        [InlineData(-600)]
        public void LevelIsWithinATenthOfADecibel(int deciDbm0)
        {
            // One tone at the level under test, the other at -60 dBm0 so that the sum never clips.
            double[] lowUnderTest = Dtmf('5', deciDbm0, -600, 0, 0, 8000);
            double[] highUnderTest = Dtmf('5', -600, deciDbm0, 0, 0, 8000);
            AssertLevel(deciDbm0 / 10.0, ToneFit.Of(lowUnderTest, 770, 1336).Amplitude[0], "low");
            AssertLevel(deciDbm0 / 10.0, ToneFit.Of(highUnderTest, 770, 1336).Amplitude[1], "high");
        }

        [Theory]
        [InlineData('1', 150, -150)]
        [InlineData('5', -150, 150)]
        [InlineData('9', 350, -350)]
        [InlineData('D', -350, 1000)]
        [InlineData('0', 5000, -5000)]
        public void FrequencyOffsetsAreApplied(char digit, int lowOffset, int highOffset)
        {
            double low = DtmfDigits.RowHz[DtmfDigits.RowOf(digit)] * (1 + lowOffset / 10000.0);
            double high = DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(digit)] * (1 + highOffset / 10000.0);
            double[] x = Dtmf(digit, -100, -100, lowOffset, highOffset, 8000);
            double lowHz = ToneFit.Frequency(x, low, high, 0);
            double highHz = ToneFit.Frequency(x, low, high, 1);
            _output.WriteLine($"{digit}: {lowHz:F4} Hz (want {low:F4}), {highHz:F4} Hz (want {high:F4})");
            Assert.True(Math.Abs(lowHz - low) < 0.001, $"low {lowHz:F5}, want {low:F5}");
            Assert.True(Math.Abs(highHz - high) < 0.001, $"high {highHz:F5}, want {high:F5}");
            ToneFit fit = ToneFit.Of(x, low, high);
            AssertLevel(-10.0, fit.Amplitude[0], "low");
            AssertLevel(-10.0, fit.Amplitude[1], "high");
            Assert.True(fit.ResidualRms < 0.5, $"residual {fit.ResidualRms:F3} LSB rms");
        }

        [Theory]
        [InlineData(-150, -100)] // high group 5 dB stronger (forward twist, allowed in Japan)
        [InlineData(-100, -180)] // low group 8 dB stronger (reverse twist)
        public void TwistIsApplied(int lowDeci, int highDeci)
        {
            ToneFit fit = ToneFit.Of(Dtmf('8', lowDeci, highDeci, 0, 0, 8000), 852, 1336);
            double twist = 20 * Math.Log10(fit.Amplitude[1] / fit.Amplitude[0]);
            Assert.Equal((highDeci - lowDeci) / 10.0, twist, 2);
        }

        [Fact]
        public void SumAboveFullScaleSaturatesInsteadOfWrapping()
        {
            double[] x = Dtmf('D', 30, 30, 0, 0, 800);
            double a = Amplitude(30);
            int clipped = 0;
            for (int n = 0; n < x.Length; n++)
            {
                double model = a * Math.Sin(2 * Math.PI * 941 * n / Rate) + a * Math.Sin(2 * Math.PI * 1633 * n / Rate);
                double expected = Math.Clamp(Math.Round(model), short.MinValue, short.MaxValue);
                Assert.True(Math.Abs(x[n] - expected) <= 2, $"n={n}: {x[n]}, model {expected}");
                if (Math.Abs(x[n]) >= short.MaxValue) { clipped++; }
            }
            Assert.True(clipped > 0);
        }

        [Fact]
        public void SetDigitStartsAtPhaseZero()
        {
            var generator = new DtmfGenerator();
            var first = new short[333];
            var second = new short[333];
            generator.SetDigit('3', -70, -70, 0, 0);
            generator.Fill(first, 0, first.Length);
            generator.SetDigit('3', -70, -70, 0, 0);
            generator.Fill(second, 0, second.Length);
            Assert.Equal(0, first[0]);
            Assert.Equal(first, second);
            Assert.True(generator.IsSounding);
            Assert.Equal('3', generator.Digit);
            generator.SetDigit('b', -70, -70, 0, 0);
            Assert.Equal('B', generator.Digit);
        }

        [Fact]
        public void SilenceWritesZerosOnlyInsideTheRange()
        {
            var generator = new DtmfGenerator();
            var buffer = new short[50];
            generator.Fill(buffer, 0, 50); // silent from construction
            Assert.All(buffer, s => Assert.Equal(0, s));

            generator.SetDigit('7', -50, -50, 0, 0);
            generator.Fill(buffer, 0, 50);
            generator.Silence();
            Assert.False(generator.IsSounding);
            Array.Fill(buffer, (short)1234);
            generator.Fill(buffer, 10, 30);
            for (int i = 0; i < 50; i++) { Assert.Equal(i >= 10 && i < 40 ? 0 : 1234, buffer[i]); }
        }

        [Fact]
        public void BadArgumentsThrow()
        {
            var generator = new DtmfGenerator();
            Assert.Throws<ArgumentException>(() => generator.SetDigit('E', -100, -100, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.SetDigit('1', 31, -100, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.SetDigit('1', -100, -100, 0, 5001));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CallProgressToneGenerator().LevelDeciDbm0 = 31);
        }

        [Fact]
        public void RejectedSetDigitLeavesTheSoundingDigitUntouched()
        {
            var reference = new DtmfGenerator();
            reference.SetDigit('1', -100, -100, 0, 0);
            var expected = new short[200];
            reference.Fill(expected, 0, 200);

            var generator = new DtmfGenerator();
            generator.SetDigit('1', -100, -100, 0, 0);
            var actual = new short[200];
            generator.Fill(actual, 0, 100);
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.SetDigit('2', -100, 31, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.SetDigit('2', -100, -100, 0, -5001));
            generator.Fill(actual, 100, 100);
            Assert.Equal(expected, actual);
            Assert.Equal('1', generator.Digit);
        }

        [Fact]
        public void DtmfOutputDoesNotDependOnChunking()
        {
            var whole = new DtmfGenerator();
            whole.SetDigit('#', -30, -20, 120, -80);
            var expected = new short[20000];
            whole.Fill(expected, 0, expected.Length);

            var random = new Random(711);
            var chunked = new DtmfGenerator();
            chunked.SetDigit('#', -30, -20, 120, -80);
            Assert.Equal(expected, FillInChunks(chunked.Fill, expected.Length, random));
        }

        [Fact]
        public void FillDoesNotAllocate()
        {
            var dtmf = new DtmfGenerator();
            var tones = new CallProgressToneGenerator();
            var buffer = new short[160];
            dtmf.SetDigit('1', -100, -100, 0, 0);
            tones.Start(CallProgressTone.Ringback);
            dtmf.Fill(buffer, 0, 160); // JIT outside the measurement
            tones.Fill(buffer, 0, 160);

            long allocated = Allocations.During(() =>
            {
                for (int i = 0; i < 100; i++)
                {
                    dtmf.Fill(buffer, 0, 160);
                    tones.Fill(buffer, 0, 160);
                }
                dtmf.Silence();
                dtmf.Fill(buffer, 0, 160);
                tones.Start(CallProgressTone.Dial);
                tones.Fill(buffer, 0, 160);
                tones.Start(CallProgressTone.Busy);
                tones.Fill(buffer, 0, 160);
                tones.Start(CallProgressTone.None);
                tones.Fill(buffer, 0, 160);
            });
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void DialToneIsContinuous400HzAtMinus20Dbm0ByDefault()
        {
            var generator = new CallProgressToneGenerator();
            Assert.Equal(-200, generator.LevelDeciDbm0);
            generator.Start(CallProgressTone.Dial);
            Assert.Equal(CallProgressTone.Dial, generator.Tone);
            double[] x = Fill(generator, 3 * 8000);
            AssertMatchesModel(x, n => Amplitude(-200) * Math.Sin(2 * Math.PI * 400 * n / Rate), 1.0);
            ToneFit fit = ToneFit.Of(x, 400);
            AssertLevel(-20.0, fit.Amplitude[0], "dial");
            Assert.True(Math.Abs(ToneFit.Frequency(x, 400) - 400) < 0.001);
        }

        [Fact]
        public void LevelPropertyTakesEffectAtOnce()
        {
            var generator = new CallProgressToneGenerator();
            generator.Start(CallProgressTone.Dial);
            generator.LevelDeciDbm0 = -190;
            AssertLevel(-19.0, ToneFit.Of(Fill(generator, 8000), 400).Amplitude[0], "dial at -19");
        }

        [Fact]
        public void BusyToneCadenceIsExactToTheSample()
        {
            var generator = new CallProgressToneGenerator();
            generator.Start(CallProgressTone.Busy);
            double[] x = Fill(generator, 3 * 8000 + 123);
            double a = Amplitude(CallProgressToneGenerator.DefaultLevelDeciDbm0);
            AssertMatchesModel(x, n =>
            {
                int within = n % 8000;
                return within < 4000 ? a * Math.Sin(2 * Math.PI * 400 * within / Rate) : 0.0;
            }, 1.0);
            for (int period = 0; period < 3; period++)
            {
                for (int n = 4000; n < 8000; n++) { Assert.Equal(0.0, x[period * 8000 + n]); }
                Assert.NotEqual(0.0, x[period * 8000 + 1]);
                Assert.NotEqual(0.0, x[period * 8000 + 3999]); // last on-sample: sin(-2π/20)
            }
        }

        [Fact]
        public void RingbackIs400HzModulatedBy16HzOneSecondOnTwoOff()
        {
            var generator = new CallProgressToneGenerator();
            generator.Start(CallProgressTone.Ringback);
            double[] x = Fill(generator, 2 * 24000 + 500);
            double a = Amplitude(CallProgressToneGenerator.DefaultLevelDeciDbm0);
            AssertMatchesModel(x, n =>
            {
                int within = n % 24000;
                if (within >= 8000) { return 0.0; }
                double envelope = (1 - Math.Cos(2 * Math.PI * 16 * within / Rate)) / 2;
                return a * envelope * Math.Sin(2 * Math.PI * 400 * within / Rate);
            }, 1.5);
            for (int n = 8000; n < 24000; n++) { Assert.Equal(0.0, x[n]); Assert.Equal(0.0, x[24000 + n]); }

            // Spectrum of an on-period: carrier and the two 16 Hz sidebands at -6 dB each.
            double[] on = new double[8000];
            Array.Copy(x, on, 8000);
            ToneFit fit = ToneFit.Of(on, 384, 400, 416);
            AssertLevel(-20.0, fit.Amplitude[1] * 2, "carrier (×2 for 100 % AM)");
            AssertLevel(-20.0 - 6.02, fit.Amplitude[0] * 2, "lower sideband");
            AssertLevel(-20.0 - 6.02, fit.Amplitude[2] * 2, "upper sideband");
        }

        [Fact]
        public void StartRestartsTheCadenceAndNoneIsSilent()
        {
            var generator = new CallProgressToneGenerator();
            var silent = new short[100];
            Array.Fill(silent, (short)99);
            generator.Fill(silent, 0, 100);
            Assert.All(silent, s => Assert.Equal(0, s));

            generator.Start(CallProgressTone.Busy);
            double[] first = Fill(generator, 5000);
            generator.Start(CallProgressTone.Busy);
            Assert.Equal(first, Fill(generator, 5000));
            generator.Start(CallProgressTone.None);
            Assert.All(Fill(generator, 100), s => Assert.Equal(0.0, s));
        }

        [Theory]
        [InlineData(CallProgressTone.Dial)]
        [InlineData(CallProgressTone.Busy)]
        [InlineData(CallProgressTone.Ringback)]
        public void CallProgressOutputDoesNotDependOnChunking(CallProgressTone tone)
        {
            var whole = new CallProgressToneGenerator();
            whole.Start(tone);
            var expected = new short[50000];
            whole.Fill(expected, 0, expected.Length);

            var chunked = new CallProgressToneGenerator();
            chunked.Start(tone);
            Assert.Equal(expected, FillInChunks(chunked.Fill, expected.Length, new Random((int)tone)));
        }

        private static short[] FillInChunks(Action<short[], int, int> fill, int length, Random random)
        {
            // Chunk sizes 0..400 (0, 1 and odd sizes included), at varying offsets of one buffer.
            var result = new short[length];
            int done = 0;
            while (done < length)
            {
                int chunk = Math.Min(length - done, random.Next(0, 8) == 0 ? random.Next(0, 3) : random.Next(1, 401));
                fill(result, done, chunk);
                done += chunk;
            }
            return result;
        }

        private static double[] Dtmf(char digit, int low, int high, int lowOffset, int highOffset, int samples)
        {
            var generator = new DtmfGenerator();
            generator.SetDigit(digit, low, high, lowOffset, highOffset);
            var buffer = new short[samples];
            generator.Fill(buffer, 0, samples);
            return Array.ConvertAll(buffer, s => (double)s);
        }

        private static double[] Fill(CallProgressToneGenerator generator, int samples)
        {
            var buffer = new short[samples];
            generator.Fill(buffer, 0, samples);
            return Array.ConvertAll(buffer, s => (double)s);
        }

        // Peak amplitude of a sine at a level, 16-bit units; the Q15 sine table peaks at 32767/32768.
        private static double Amplitude(int deciDbm0) { return ZeroDbm0 * Math.Pow(10, deciDbm0 / 200.0) * 32767.0 / 32768.0; }

        private static void AssertLevel(double wantDbm0, double amplitude, string what)
        {
            double dbm0 = 20 * Math.Log10(amplitude / ZeroDbm0);
            Assert.True(Math.Abs(dbm0 - wantDbm0) <= 0.1, $"{what}: {dbm0:F3} dBm0, want {wantDbm0:F2}");
        }

        private static void AssertAbsent(double[] x, double hz, char digit)
        {
            double amplitude = ToneFit.Of(x, hz).Amplitude[0];
            Assert.True(amplitude < 0.5, $"{digit}: {hz} Hz present at {amplitude:F2} LSB");
        }

        private static void AssertMatchesModel(double[] x, Func<int, double> model, double toleranceLsb)
        {
            for (int n = 0; n < x.Length; n++)
            {
                double expected = model(n);
                Assert.True(Math.Abs(x[n] - expected) <= toleranceLsb, $"n={n}: {x[n]}, model {expected:F2}");
            }
        }

        /// <summary>Least-squares fit of sines at given frequencies (sin and cos per frequency).</summary>
        private sealed class ToneFit
        {
            public double[] Amplitude = Array.Empty<double>();
            public double[] Phase = Array.Empty<double>();
            public double ResidualRms;

            public static ToneFit Of(double[] x, params double[] hz) { return OfRange(x, 0, x.Length, hz); }

            public static ToneFit OfRange(double[] x, int start, int length, double[] hz)
            {
                int k = 2 * hz.Length;
                var normal = new double[k, k + 1];
                var basis = new double[k];
                for (int n = start; n < start + length; n++)
                {
                    Basis(n, hz, basis);
                    for (int i = 0; i < k; i++)
                    {
                        for (int j = 0; j < k; j++) { normal[i, j] += basis[i] * basis[j]; }
                        normal[i, k] += basis[i] * x[n];
                    }
                }
                double[] c = Solve(normal, k);
                var fit = new ToneFit { Amplitude = new double[hz.Length], Phase = new double[hz.Length] };
                for (int t = 0; t < hz.Length; t++)
                {
                    fit.Amplitude[t] = Math.Sqrt(c[2 * t] * c[2 * t] + c[2 * t + 1] * c[2 * t + 1]);
                    fit.Phase[t] = Math.Atan2(c[2 * t + 1], c[2 * t]);
                }
                double residual = 0;
                for (int n = start; n < start + length; n++)
                {
                    Basis(n, hz, basis);
                    double model = 0;
                    for (int i = 0; i < k; i++) { model += c[i] * basis[i]; }
                    residual += (x[n] - model) * (x[n] - model);
                }
                fit.ResidualRms = Math.Sqrt(residual / length);
                return fit;
            }

            /// <summary>Frequency of tone <paramref name="which"/>: the nominal one corrected by the
            /// phase drift between fits over the first and second half of the signal.</summary>
            public static double Frequency(double[] x, double hz0, double hz1, int which) { return FrequencyOf(x, new[] { hz0, hz1 }, which); }

            public static double Frequency(double[] x, double hz) { return FrequencyOf(x, new[] { hz }, 0); }

            private static double FrequencyOf(double[] x, double[] hz, int which)
            {
                int half = x.Length / 2;
                double first = OfRange(x, 0, half, hz).Phase[which];
                double second = OfRange(x, half, half, hz).Phase[which];
                double drift = Math.IEEERemainder(second - first, 2 * Math.PI);
                return hz[which] + drift / (2 * Math.PI * half / Rate);
            }

            private static void Basis(int n, double[] hz, double[] basis)
            {
                for (int t = 0; t < hz.Length; t++)
                {
                    double w = 2 * Math.PI * hz[t] * n / Rate;
                    basis[2 * t] = Math.Sin(w);
                    basis[2 * t + 1] = Math.Cos(w);
                }
            }

            private static double[] Solve(double[,] m, int k)
            {
                for (int col = 0; col < k; col++)
                {
                    int pivot = col;
                    for (int r = col + 1; r < k; r++) { if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) { pivot = r; } }
                    for (int j = 0; j <= k; j++) { (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]); }
                    for (int r = 0; r < k; r++)
                    {
                        if (r == col) { continue; }
                        double f = m[r, col] / m[col, col];
                        for (int j = col; j <= k; j++) { m[r, j] -= f * m[col, j]; }
                    }
                }
                var c = new double[k];
                for (int i = 0; i < k; i++) { c[i] = m[i, k] / m[i, i]; }
                return c;
            }
        }
    }
}
