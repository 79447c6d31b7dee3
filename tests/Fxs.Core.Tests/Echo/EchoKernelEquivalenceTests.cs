using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;
using Fxs.Core.Dsp.Echo;
using Fxs.Core.Tests.Dtmf;
using Xunit.Abstractions;

namespace Fxs.Core.Tests.Echo;

/// <summary>
/// The echo canceller's output does not depend on its kernel: the committed implementation
/// (<see cref="ReferenceLineEchoCanceller"/>, kept verbatim), the portable kernel and every vector
/// kernel this host runs give the same samples, coefficients and counters, bit for bit, on long
/// varied scenes (speech-like guidance through several echo paths, double talk with keys and a
/// second voice, echo path changes, full-scale and clipped signals, noise, silence) and tap counts
/// that are and are not multiples of the vector width; and the kernels' loops agree on random
/// operands over their whole ranges.
/// </summary>
public class EchoKernelEquivalenceTests
{
    private const int Rate = EchoScene.Rate;
    private readonly ITestOutputHelper _output;

    public EchoKernelEquivalenceTests(ITestOutputHelper output) { _output = output; }

    private static List<(string Name, EchoFilterKernel Kernel)> Kernels()
    {
        var list = new List<(string, EchoFilterKernel)> { ("portable", EchoFilterKernel.CreatePortable()) };
        foreach (EchoFilterKernelVector.Kind kind in new[] { EchoFilterKernelVector.Kind.Vector128, EchoFilterKernelVector.Kind.Avx2 })
        {
            if (EchoFilterKernelVector.IsSupported(kind)) { list.Add((kind.ToString(), new EchoFilterKernelVector(kind))); }
        }
        return list;
    }

    [Fact]
    public void The_best_kernel_is_vectorised_where_the_host_allows()
    {
        EchoFilterKernel best = EchoFilterKernel.CreateBest();
        _output.WriteLine($"best: {best.GetType().Name} {(best as EchoFilterKernelVector)?.Using}; kernels tested: {string.Join(", ", Kernels().ConvertAll(k => k.Name))}");
        if (EchoFilterKernelVector.Best != EchoFilterKernelVector.Kind.None)
        {
            Assert.Equal(EchoFilterKernelVector.Best, Assert.IsType<EchoFilterKernelVector>(best).Using);
        }
    }

    [Fact]
    public void Kernels_agree_on_random_operands()
    {
        var rng = new Random(20261125);
        var kernels = Kernels();
        EchoFilterKernel portable = kernels[0].Kernel;
        for (int trial = 0; trial < 3000; trial++)
        {
            int taps = trial % 3 == 0 ? rng.Next(0, 40) : rng.Next(16, 1025);
            int offset = rng.Next(0, 64);
            int range = trial % 4 switch { 0 => int.MaxValue, 1 => 1 << 24, 2 => 1 << 16, _ => 1 << 8 };
            var h = new int[taps + rng.Next(0, 3)];
            var x = new int[offset + taps + rng.Next(0, 3)];
            var xs = new short[x.Length];
            for (int i = 0; i < h.Length; i++) { h[i] = Extreme(rng, range); }
            for (int i = 0; i < x.Length; i++)
            {
                // The canceller's pre-emphasised far end lies within ±61,440; the kernels take any int.
                x[i] = trial % 5 == 0 ? Extreme(rng, int.MaxValue) : Extreme(rng, 61441);
                xs[i] = (short)Extreme(rng, 32768);
            }
            long gain = trial % 7 switch
            {
                0 => rng.NextInt64(-(1L << 45), 1L << 45),   // beyond the split: the portable fallback
                1 => rng.Next(-3, 4),
                2 => (1L << 40) - rng.Next(2) * 1,
                3 => -(1L << 40),
                _ => rng.NextInt64(-(1L << 36), 1L << 36),
            };
            if (trial % 5 == 0 && (gain > 1L << 31 || gain < -(1L << 31))) { gain >>= 16; } // keep gain·x within int64 as the canceller does
            long fg = portable.Convolve(h, xs, offset, taps);
            long bg = portable.Convolve(h, x, offset, taps);
            var adapted = (int[])h.Clone();
            portable.Adapt(adapted, x, offset, taps, gain);
            foreach (var (name, kernel) in kernels)
            {
                Assert.True(fg == kernel.Convolve(h, xs, offset, taps), $"{name} Convolve(short) trial {trial}, taps {taps}");
                Assert.True(bg == kernel.Convolve(h, x, offset, taps), $"{name} Convolve(int) trial {trial}, taps {taps}");
                var mine = (int[])h.Clone();
                kernel.Adapt(mine, x, offset, taps, gain);
                Assert.True(adapted.AsSpan().SequenceEqual(mine), $"{name} Adapt trial {trial}, taps {taps}, gain {gain}");
            }
        }
    }

    // Uniform in [-range, range) most of the time, else one of the extremes.
    private static int Extreme(Random rng, int range)
    {
        return rng.Next(10) switch
        {
            0 => -range,
            1 => range - 1,
            2 => 0,
            _ => (int)rng.NextInt64(-(long)range, range),
        };
    }

    public static TheoryData<int> TapCounts => new() { 16, 64, 100, 128, 131 };

    [Theory]
    [MemberData(nameof(TapCounts))]
    public void Cancellers_agree_bit_for_bit_with_the_committed_one(int taps)
    {
        int scenes = 0;
        long samples = 0;
        foreach (var (name, played, heard) in Scenes(taps))
        {
            var reference = new ReferenceLineEchoCanceller(taps);
            var expected = new short[heard.Length];
            reference.Process(played, heard, expected, 0, heard.Length);
            var refCoefficients = new int[taps];
            reference.CopyCoefficients(refCoefficients);
            Assert.True(reference.Transfers > 0 || name.StartsWith("silence", StringComparison.Ordinal) || name.StartsWith("near", StringComparison.Ordinal),
                $"{name}: the reference never adapted (a weak scene)");

            foreach (var (kernelName, kernel) in Kernels())
            {
                var ec = new LineEchoCanceller(taps, kernel);
                var cleaned = new short[heard.Length];
                // Blocks of varied length, and now and then single samples, as callers do.
                for (int at = 0, i = 0; at < heard.Length; i++)
                {
                    int n = Math.Min(heard.Length - at, (i % 3) switch { 0 => 80, 1 => 37, _ => 1 });
                    if (n == 1) { cleaned[at] = ec.Process(played[at], heard[at]); }
                    else { ec.Process(played, heard, cleaned, at, n); }
                    at += n;
                }
                int diff = FirstDifference(expected, cleaned);
                Assert.True(diff < 0, $"{kernelName}, {taps} taps, scene {name}: first differing sample {diff}");
                var coefficients = new int[taps];
                ec.CopyCoefficients(coefficients);
                Assert.Equal(refCoefficients, coefficients);
                Assert.Equal(reference.Transfers, ec.Transfers);
                Assert.Equal(reference.Restores, ec.Restores);
                Assert.Equal(reference.FrozenSamples, ec.FrozenSamples);
                Assert.Equal(reference.DoubleTalk, ec.DoubleTalk);
            }
            scenes++;
            samples += heard.Length;
        }
        _output.WriteLine($"{taps} taps: {scenes} scenes, {samples / (double)Rate:F0} s of audio, identical on {string.Join(", ", Kernels().ConvertAll(k => k.Name))}");
    }

    private static int FirstDifference(short[] a, short[] b)
    {
        for (int i = 0; i < a.Length; i++) { if (a[i] != b[i]) { return i; } }
        return -1;
    }

    private static IEnumerable<(string, short[], short[])> Scenes(int taps)
    {
        double[][] paths = { EchoScene.DispersivePath(), EchoScene.DelayAndPolePath(), EchoScene.FlatDelayPath() };
        int seed = 1000 + taps;

        // Guidance echo alone, each path, at two losses and two levels.
        for (int p = 0; p < paths.Length; p++)
        {
            short[] played = EchoScene.Guidance(6 * Rate, seed: seed + p, activeDbm0: p == 1 ? -6 : -15);
            yield return ($"echo path {p}", played, EchoScene.Heard(EchoScene.Echo(played, paths[p], p == 2 ? 3 : 6)));
        }

        // Double talk: keys and a second voice over the guidance echo, then an echo path change.
        {
            int length = 12 * Rate;
            short[] played = EchoScene.Guidance(length, seed: seed + 10);
            double[] a = EchoScene.Echo(played, paths[0]);
            double[] b = EchoScene.Echo(played, paths[1], 10);
            short[] voice = EchoScene.Guidance(length, seed: seed + 11, activeDbm0: -12);
            var keys = new LineSignal().Silence(3000);
            var rng = new Random(seed);
            while (keys.Length < 6 * Rate) { keys.Digit(DtmfDigits.All[rng.Next(16)], rng.Next(40, 100), -rng.Next(50, 250), -rng.Next(50, 250)).Silence(rng.Next(40, 200)); }
            short[] keysLine = keys.ToLine();
            var echo = new double[length];
            var near = new double[length];
            for (int i = 0; i < length; i++)
            {
                echo[i] = i < 8 * Rate ? a[i] : b[i];
                near[i] = (i < keysLine.Length ? keysLine[i] : 0) + (i >= 4 * Rate && i < 6 * Rate ? voice[i] : 0);
            }
            yield return ("double talk + path change", played, EchoScene.Heard(echo, near));
        }

        // Full scale: a clipped square-ish far end, a loud echo that saturates the line, noise bursts.
        {
            int length = 5 * Rate;
            var rng = new Random(seed + 20);
            var played = new short[length];
            for (int i = 0; i < length; i++)
            {
                int segment = i / 2000 % 4;
                played[i] = segment switch
                {
                    0 => (short)((i / 13 % 2 == 0) ? 32767 : -32768),
                    1 => (short)rng.Next(-32768, 32768),
                    2 => EchoScene.Saturate(40000 * Math.Sin(2 * Math.PI * 697 * i / Rate)),
                    _ => (short)(rng.Next(5) == 0 ? rng.Next(-32768, 32768) : 0),
                };
            }
            double[] echo = EchoScene.Echo(played, paths[0], 0);
            var near = new double[length];
            for (int i = 0; i < length; i++) { near[i] = i % 3000 < 400 ? rng.Next(-30000, 30000) : 0; }
            yield return ("full scale", played, EchoScene.Heard(echo, near));
        }

        // Silence on both sides, then a near end alone (nothing to cancel).
        yield return ("silence", new short[Rate], new short[Rate]);
        {
            short[] voice = EchoScene.Guidance(2 * Rate, seed: seed + 30);
            yield return ("near end alone", new short[voice.Length], voice);
        }
    }
}
