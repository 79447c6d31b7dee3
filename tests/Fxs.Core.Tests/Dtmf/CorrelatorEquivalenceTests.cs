using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Fxs.Core.Dsp;
using Xunit.Abstractions;

namespace Fxs.Core.Tests.Dtmf;

/// <summary>
/// The vectorised correlators (Host/) against the portable one: the same int32 sums, bit for bit,
/// on any block, and so the same receiver events.
/// </summary>
public class CorrelatorEquivalenceTests
{
    private const int N = DtmfCorrelator.SubBlockSamples;

    private readonly ITestOutputHelper _output;

    public CorrelatorEquivalenceTests(ITestOutputHelper output) { _output = output; }

    // Every kind this host runs (none where the runtime offers no SIMD).
    private static IEnumerable<DtmfVectorCorrelator.Kind> SupportedKinds()
    {
        foreach (DtmfVectorCorrelator.Kind kind in Enum.GetValues<DtmfVectorCorrelator.Kind>())
        {
            if (kind != DtmfVectorCorrelator.Kind.None && DtmfVectorCorrelator.IsSupported(kind)) { yield return kind; }
        }
    }

    // Blocks that reach the extremes of every product and sum, then random ones.
    private static IEnumerable<short[]> Blocks(int randomCount, int seed)
    {
        yield return Fill(_ => 0);
        yield return Fill(_ => short.MaxValue);
        yield return Fill(_ => short.MinValue);
        yield return Fill(n => n % 2 == 0 ? short.MaxValue : short.MinValue);
        yield return Fill(n => n % 2 == 0 ? short.MinValue : short.MaxValue);
        yield return Fill(n => (n / 2) % 2 == 0 ? short.MaxValue : short.MinValue);
        yield return Fill(n => -1);
        yield return Fill(n => n < N / 2 ? short.MinValue : short.MaxValue);
        for (int n = 0; n < N; n++)
        {
            int at = n;
            yield return Fill(i => i == at ? short.MinValue : 0);
            yield return Fill(i => i == at ? short.MaxValue : 0);
        }
        // Each lane's largest and smallest possible sum: samples at full scale with the signs of
        // (or against) its coefficients.
        for (int lane = 0; lane < DtmfCorrelator.Lanes; lane++)
        {
            int l = lane;
            yield return Fill(n => Coefficient(l, n) >= 0 ? short.MaxValue : short.MinValue);
            yield return Fill(n => Coefficient(l, n) >= 0 ? short.MinValue : short.MaxValue);
        }
        var random = new Random(seed);
        for (int i = 0; i < randomCount; i++)
        {
            switch (i % 4)
            {
                case 0: yield return Fill(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)); break;
                case 1: yield return Fill(_ => (short)random.Next(-64, 64)); break;
                case 2: yield return Fill(_ => random.Next(2) == 0 ? short.MinValue : short.MaxValue); break;
                default:
                    int amplitude = random.Next(1, 32768);
                    double hz = random.Next(100, 4000);
                    yield return Fill(n => (short)Math.Clamp(Math.Round(amplitude * Math.Sin(2 * Math.PI * hz * n / 8000)), short.MinValue, short.MaxValue));
                    break;
            }
        }
    }

    private static short[] Fill(Func<int, int> sample)
    {
        var block = new short[N];
        for (int n = 0; n < N; n++) { block[n] = (short)sample(n); }
        return block;
    }

    private static int Coefficient(int lane, int n)
    {
        return DtmfCorrelator.Coefficients[((n / 2) * DtmfCorrelator.Lanes + lane) * 2 + (n & 1)];
    }

    [Fact]
    public void Vector_sums_equal_portable_sums_on_every_block_and_offset()
    {
        foreach (DtmfVectorCorrelator.Kind kind in SupportedKinds())
        {
            _output.WriteLine($"checking {kind}");
            SumsMatch(kind);
        }
    }

    private static void SumsMatch(DtmfVectorCorrelator.Kind kind)
    {
        var portable = new DtmfCorrelator();
        var vector = new DtmfVectorCorrelator(kind);
        Assert.Equal(kind, vector.Using);
        var random = new Random(5);
        const int Length = 5 * DtmfCorrelator.Sums + 3;
        var expected = new int[Length];
        var actual = new int[Length];
        int blocks = 0;
        foreach (short[] block in Blocks(20000, seed: 6))
        {
            // Same garbage around the written range in both: neither may write outside it.
            for (int i = 0; i < Length; i++) { expected[i] = actual[i] = random.Next(); }
            int first = random.Next(Length - DtmfCorrelator.Sums + 1);
            short[] copy = (short[])block.Clone();
            portable.Correlate(block, expected, first);
            vector.Correlate(block, actual, first);
            Assert.Equal(copy, block);
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                Assert.Fail($"{kind}, first {first}, block [{string.Join(", ", block)}]:\n expected [{string.Join(", ", expected)}]\n actual   [{string.Join(", ", actual)}]");
            }
            blocks++;
        }
        Assert.True(blocks > 20000);
    }

    [Fact]
    public void CorrelateAndKeep_gives_the_sums_of_Correlate_and_keeps_the_samples()
    {
        var correlators = new List<DtmfCorrelator> { new DtmfCorrelator() };
        foreach (DtmfVectorCorrelator.Kind kind in SupportedKinds()) { correlators.Add(new DtmfVectorCorrelator(kind)); }
        var random = new Random(11);
        foreach (DtmfCorrelator correlator in correlators)
        {
            foreach (short[] block in Blocks(2000, seed: 12))
            {
                var samples = new short[N + 7];
                block.CopyTo(samples, 3);
                var expected = new int[DtmfCorrelator.Sums + 4];
                var actual = new int[DtmfCorrelator.Sums + 4];
                new DtmfCorrelator().Correlate(block, expected, 2);
                var kept = new short[4 * N];
                for (int i = 0; i < kept.Length; i++) { kept[i] = (short)random.Next(); }
                short[] around = (short[])kept.Clone();
                correlator.CorrelateAndKeep(samples, 3, kept, N, actual, 2);
                Assert.Equal(expected, actual);
                Assert.Equal(block, kept[N..(2 * N)]);
                Assert.Equal(around[..N], kept[..N]);          // nothing written outside the slot
                Assert.Equal(around[(2 * N)..], kept[(2 * N)..]);
            }
        }
    }

    // The coherent power of every bin, probes included, from the window's samples equals the
    // power of the same bin's sums: for the tones, from Correlate's own ring through CoherentPowers;
    // for every bin, by the definition (each sub-block's sums by the bin's cosine and sine
    // coefficients, shifted, rotated and summed) computed here in 64-bit arithmetic.
    [Fact]
    public void Coherent_powers_of_samples_equal_those_of_the_sums_on_every_bin_and_correlator()
    {
        var correlators = new List<DtmfCorrelator> { new DtmfCorrelator() };
        foreach (DtmfVectorCorrelator.Kind kind in SupportedKinds()) { correlators.Add(new DtmfVectorCorrelator(kind)); }
        var random = new Random(13);
        var blocks = new List<short[]>(Blocks(4000, seed: 14));
        const int SumShift = 6;
        var window = new short[4 * N];
        var ring = new int[4 * DtmfCorrelator.Sums];
        var powers = new long[DtmfCorrelator.Tones];
        int checkedWindows = 0;
        for (int w = 0; w < 3000; w++)
        {
            for (int slot = 0; slot < 4; slot++)
            {
                short[] block = blocks[random.Next(blocks.Count)];
                block.CopyTo(window, slot * N);
                new DtmfCorrelator().Correlate(block, ring, slot * DtmfCorrelator.Sums);
            }
            int oldest = random.Next(4);
            var expected = new long[4 * DtmfCorrelator.Groups];
            for (int bin = 0; bin < DtmfCorrelator.Bins; bin++) { expected[bin] = Definition(window, oldest, bin, SumShift); }
            foreach (DtmfCorrelator correlator in correlators)
            {
                long rows = correlator.CoherentPowers(ring, oldest, 0, SumShift, powers);
                long columns = correlator.CoherentPowers(ring, oldest, DtmfCorrelator.GroupBins, SumShift, powers);
                Assert.Equal(expected[..DtmfCorrelator.Tones], powers);
                Assert.Equal(Math.Max(Math.Max(powers[0], powers[1]), Math.Max(powers[2], powers[3])), rows);
                Assert.Equal(Math.Max(Math.Max(powers[4], powers[5]), Math.Max(powers[6], powers[7])), columns);
                for (int first = 0; first < DtmfCorrelator.Bins; first += DtmfCorrelator.GroupBins)
                {
                    var group = new long[DtmfCorrelator.GroupBins];
                    correlator.CoherentPowersOfSamples(window, oldest, first, SumShift, group);
                    Assert.Equal(expected[first..(first + DtmfCorrelator.GroupBins)], group);
                }
            }
            checkedWindows++;
        }
        Assert.Equal(3000, checkedWindows);
    }

    // The coherent power of one bin as the correlator documents it (0 past the last bin).
    private static long Definition(short[] window, int oldest, int bin, int sumShift)
    {
        if (bin >= DtmfCorrelator.Bins) { return 0; }
        long re = 0, im = 0;
        for (int k = 0; k < 4; k++)
        {
            int at = ((oldest + k) & 3) * N;
            long sr = 0, si = 0;
            for (int n = 0; n < N; n++)
            {
                int c = ((bin / 4 * (N / 2) + n / 2) * 8 + bin % 4) * 2 + (n & 1);
                sr += window[at + n] * DtmfCorrelator.GroupCoefficients[c];
                si += window[at + n] * DtmfCorrelator.GroupCoefficients[c + 8];
            }
            long xr = (int)sr >> sumShift, xi = (int)si >> sumShift;
            long cr = DtmfCorrelator.RotationRe[bin * 4 + k], ci = DtmfCorrelator.RotationIm[bin * 4 + k];
            re += xr * cr - xi * ci;
            im += xr * ci + xi * cr;
        }
        re >>= 16;
        im >>= 16;
        return re * re + im * im;
    }

    [Fact]
    public void Vector_correlators_refuse_ranges_outside_their_arrays()
    {
        foreach (DtmfVectorCorrelator.Kind kind in SupportedKinds())
        {
            var vector = new DtmfVectorCorrelator(kind);
            var sums = new int[DtmfCorrelator.Sums + 2];
            Assert.Throws<IndexOutOfRangeException>(() => vector.Correlate(new short[N], sums, 3));
            Assert.Throws<IndexOutOfRangeException>(() => vector.Correlate(new short[N], sums, -1));
            Assert.Throws<IndexOutOfRangeException>(() => vector.Correlate(new short[N - 1], sums, 0));
            vector.Correlate(new short[N], sums, 2);
        }
    }

    [Fact]
    public void Unsupported_kinds_are_refused()
    {
        Assert.Throws<PlatformNotSupportedException>(() => new DtmfVectorCorrelator(DtmfVectorCorrelator.Kind.None));
    }

    [Fact]
    public void CreateBest_is_the_vector_correlator_where_the_host_has_simd()
    {
        DtmfCorrelator best = DtmfCorrelator.CreateBest();
        if (Avx2.IsSupported)
        {
            var vector = Assert.IsType<DtmfVectorCorrelator>(best);
            Assert.Equal(DtmfVectorCorrelator.Best, vector.Using);
            Assert.True(vector.Using >= DtmfVectorCorrelator.Kind.Avx2, $"uses {vector.Using} on an AVX2 host");
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Assert.IsType<DtmfVectorCorrelator>(best);
        }
        else
        {
            Assert.IsType<DtmfCorrelator>(best);
        }
    }

    [Fact]
    public void Receivers_with_portable_and_vector_correlators_report_identical_events()
    {
        // A minute: 40 s of plain digits, then 20 s of marginal ones (short, quiet, twisted, off
        // frequency) that exercise every decision boundary; noise, a dial tone and a loud clipped
        // burst over it all.
        var random = new Random(9);
        const string Keys = "0123456789*#ABCD";
        var line = new LineSignal().Silence(100);
        int sent = 0;
        while (line.Length < 40 * LineSignal.Rate)
        {
            int level = random.Next(-250, -50);
            line.Digit(Keys[random.Next(16)], random.Next(45, 90), level, level + 20, random.Next(-150, 150), random.Next(-150, 150))
                .Silence(random.Next(45, 150));
            sent++;
        }
        while (line.Length < 59 * LineSignal.Rate)
        {
            int low = random.Next(-400, -30);
            int high = Math.Min(low + random.Next(-100, 100), 0);
            line.Digit(Keys[random.Next(16)], random.Next(25, 90), low, high, random.Next(-300, 300), random.Next(-300, 300))
                .Silence(random.Next(15, 150));
            sent++;
        }
        short[] audio = line.Silence(200).AddNoise(-200, 20, seed: 10).AddSine(425, -250).ToLine();
        for (int i = 8000 * 50; i < 8000 * 51; i++) { audio[i] = (short)Math.Clamp(audio[i] * 40, short.MinValue, short.MaxValue); }

        var reference = Run(audio, new DtmfCorrelator());
        _output.WriteLine($"{sent} digits sent, {reference.Events.Count} decoded; best correlator {DtmfCorrelator.CreateBest().GetType().Name} {DtmfVectorCorrelator.Best}");
        Assert.InRange(reference.Events.Count, sent / 4, sent + 50); // not a vacuous comparison
        Assert.Equal(reference.Events, Run(audio, DtmfCorrelator.CreateBest()).Events);
        foreach (DtmfVectorCorrelator.Kind kind in SupportedKinds())
        {
            Assert.Equal(reference.Events, Run(audio, new DtmfVectorCorrelator(kind)).Events);
        }
    }

    private static Decoded Run(short[] audio, DtmfCorrelator correlator)
    {
        var decoded = new Decoded();
        var receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), decoded, correlator);
        for (int at = 0; at < audio.Length; at += 160)
        {
            receiver.Process(audio, at, Math.Min(160, audio.Length - at));
        }
        receiver.Flush();
        return decoded;
    }
}
