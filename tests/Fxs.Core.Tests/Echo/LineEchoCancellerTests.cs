using System;
using System.Text;
using Fxs.Core.Dsp;
using Fxs.Core.Dsp.Echo;
using Fxs.Core.Tests.Dtmf;
using Xunit.Abstractions;

namespace Fxs.Core.Tests.Echo;

/// <summary>
/// The line echo canceller on the real path: guidance played, echoed 6 dB down through an echo
/// path of up to 8 ms, keys pressed over it, µ-law on the line, then canceller, then the DTMF
/// receiver; and its own figures (convergence, double talk, echo path change, cost).
/// </summary>
public class LineEchoCancellerTests
{
    private const int Rate = EchoScene.Rate;
    private readonly ITestOutputHelper _output;

    public LineEchoCancellerTests(ITestOutputHelper output) { _output = output; }

    public static TheoryData<string> Paths => new() { "dispersive", "delay+pole", "flat delay" };

    private static double[] PathNamed(string name) => name switch
    {
        "dispersive" => EchoScene.DispersivePath(),
        "delay+pole" => EchoScene.DelayAndPolePath(),
        _ => EchoScene.FlatDelayPath(),
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_thousand_keys_over_the_guidance_echo_give_at_most_one_error(string pathName)
    {
        // 1000 random keys, 50 ms on / 50 ms off at −20 dBm0 per tone, from 1 s into the guidance.
        var rng = new Random(3);
        var digits = new StringBuilder();
        var keys = new LineSignal().Silence(1000);
        for (int i = 0; i < 1000; i++)
        {
            char d = DtmfDigits.All[rng.Next(16)];
            digits.Append(d);
            keys.Digit(d, 50, -200, -200).Silence(50);
        }
        keys.Silence(200);
        short[] played = EchoScene.Guidance(keys.Length, seed: 11);
        double[] echo = EchoScene.Echo(played, PathNamed(pathName));
        short[] heard = keys.Add(Round(echo)).ToLine();
        string sent = digits.ToString();

        int without = Decoded.From(heard).ErrorsAgainst(sent);
        short[] cleaned = EchoScene.Cancel(played, heard);
        Decoded with = Decoded.From(cleaned);
        int errors = with.ErrorsAgainst(sent);
        double erle = EchoScene.Erle(echo, heard, cleaned, 2 * Rate, heard.Length);
        _output.WriteLine($"{pathName}: errors in 1000 keys without canceller {without}, with {errors}; ERLE under the keys after 2 s {erle:F1} dB");
        Assert.True(errors <= 1, $"{errors} errors with the canceller ({without} without)");
        // The second-generation receiver hears most keys over this echo even uncancelled (issue
        // #11), so the canceller proves itself by what it removes under the keys, not by errors.
        Assert.True(erle >= 15, $"ERLE under the keys {erle:F1} dB: the canceller should remove the echo, else this test proves nothing");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_guidance_echo_alone_gives_no_digit(string pathName)
    {
        short[] played = EchoScene.Guidance(120 * Rate, seed: 23);
        double[] echo = EchoScene.Echo(played, PathNamed(pathName));
        short[] heard = EchoScene.Heard(echo);
        Decoded raw = Decoded.From(heard);
        Decoded cleaned = Decoded.From(EchoScene.Cancel(played, heard));
        _output.WriteLine($"{pathName}: digits from 2 min of echo alone: without canceller {raw.Events.Count} '{raw.Digits}', with {cleaned.Events.Count}");
        Assert.Equal("", cleaned.Digits);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Converges_within_a_second_of_guidance(string pathName)
    {
        short[] played = EchoScene.Guidance(4 * Rate, seed: 5);
        double[] echo = EchoScene.Echo(played, PathNamed(pathName));
        short[] heard = EchoScene.Heard(echo);
        var ec = new LineEchoCanceller(64);
        var cleaned = new short[heard.Length];
        ec.Process(played, heard, cleaned, 0, heard.Length);
        _output.WriteLine($"frozen {100.0 * ec.FrozenSamples / heard.Length:F0} %, transfers {ec.Transfers}, restores {ec.Restores}");
        var by = new StringBuilder();
        for (int s = 0; s < 4 * Rate; s += Rate / 4) { by.Append($"{EchoScene.Erle(echo, heard, cleaned, s, s + Rate / 4):F0} "); }
        double afterOne = EchoScene.Erle(echo, heard, cleaned, Rate, 2 * Rate);
        _output.WriteLine($"{pathName}: ERLE over 1-2 s {afterOne:F1} dB; per 250 ms: {by}");
        Assert.True(afterOne >= 20, $"ERLE {afterOne:F1} dB after 1 s");
    }

    [Fact]
    public void Double_talk_does_not_spoil_the_cancellation()
    {
        // 4 s of echo alone, then 3 s in which keys and a second voice (as loud as the guidance
        // itself, 6 dB above its echo) sound over it, then 3 s of echo alone again.
        int length = 10 * Rate;
        short[] played = EchoScene.Guidance(length, seed: 41);
        double[] echo = EchoScene.Echo(played, EchoScene.DispersivePath());
        short[] voice = EchoScene.Guidance(length, seed: 97, activeDbm0: -15);
        var keys = new LineSignal().Silence(4000 + 25);
        var rng = new Random(8);
        while (keys.Length < 7 * Rate - 800) { keys.Digit(DtmfDigits.All[rng.Next(16)], 60, -200, -200).Silence(40); }
        var keysLine = keys.Silence(10000).ToLine();
        var near = new double[length];
        for (int i = 4 * Rate; i < 7 * Rate; i++) { near[i] = keysLine[i] + (i >= 5 * Rate + 4000 ? voice[i] : 0); }
        short[] heard = EchoScene.Heard(echo, near);

        var ec = new LineEchoCanceller(64);
        var cleaned = new short[length];
        ec.Process(played, heard, cleaned, 0, length);
        double before = EchoScene.Erle(echo, heard, cleaned, 3 * Rate, 4 * Rate);
        double during = EchoScene.Erle(echo, heard, cleaned, 4 * Rate, 7 * Rate);
        double after = EchoScene.Erle(echo, heard, cleaned, 7 * Rate, 8 * Rate);
        _output.WriteLine($"ERLE before {before:F1} dB, during double talk {during:F1} dB, in the second after {after:F1} dB; transfers {ec.Transfers}, restores {ec.Restores}");
        Assert.True(during >= before - 6, $"ERLE fell from {before:F1} to {during:F1} dB during double talk");
        Assert.True(after >= before - 3, $"ERLE fell from {before:F1} to {after:F1} dB after double talk");
        Assert.True(after >= 25);
    }

    [Fact]
    public void Recovers_from_an_echo_path_change()
    {
        int length = 8 * Rate, change = 4 * Rate;
        short[] played = EchoScene.Guidance(length, seed: 77);
        double[] a = EchoScene.Echo(played, EchoScene.DispersivePath());
        double[] b = EchoScene.Echo(played, EchoScene.DelayAndPolePath());
        var echo = new double[length];
        for (int i = 0; i < length; i++) { echo[i] = i < change ? a[i] : b[i]; }
        short[] heard = EchoScene.Heard(echo);
        short[] cleaned = EchoScene.Cancel(played, heard);
        var by = new StringBuilder();
        for (int s = change - Rate / 2; s < length; s += Rate / 4) { by.Append($"{EchoScene.Erle(echo, heard, cleaned, s, s + Rate / 4):F0} "); }
        double before = EchoScene.Erle(echo, heard, cleaned, change - Rate, change);
        // The residual detector first takes the new echo for double talk; after 250 ms of it the
        // canceller falls back to Geigel and learns the new path.
        double recovered = EchoScene.Erle(echo, heard, cleaned, change + 3 * Rate / 2, change + 5 * Rate / 2);
        _output.WriteLine($"ERLE before the change {before:F1} dB, 1.5-2.5 s after {recovered:F1} dB; per 250 ms from 0.5 s before: {by}");
        Assert.True(before >= 20, $"ERLE {before:F1} dB before the change");
        Assert.True(recovered >= 20, $"ERLE {recovered:F1} dB 1.5-2.5 s after the echo path changed");
    }

    [Fact]
    public void Silence_and_a_far_end_alone_pass_the_near_end_through()
    {
        // No far end: the canceller must not touch the near end (nothing to cancel, no adaptation).
        var ec = new LineEchoCanceller(64);
        short[] near = EchoScene.Guidance(2 * Rate, seed: 3);
        var zeros = new short[near.Length];
        var cleaned = new short[near.Length];
        ec.Process(zeros, near, cleaned, 0, near.Length);
        Assert.Equal(near, cleaned);
        Assert.Equal(0, ec.Transfers);
    }

    [Fact]
    public void Per_sample_and_block_calls_are_bit_exact_and_repeatable()
    {
        short[] played = EchoScene.Guidance(3 * Rate, seed: 9);
        short[] heard = EchoScene.Heard(EchoScene.Echo(played, EchoScene.DispersivePath()), null);
        short[] first = EchoScene.Cancel(played, heard);
        Assert.Equal(first, EchoScene.Cancel(played, heard));

        var ec = new LineEchoCanceller(64);
        var single = new short[heard.Length];
        for (int i = 0; i < heard.Length; i++) { single[i] = ec.Process(played[i], heard[i]); }
        Assert.Equal(first, single);

        ec.Reset();
        var chunked = new short[heard.Length];
        for (int at = 0; at < heard.Length; at += 37) { ec.Process(played, heard, chunked, at, Math.Min(37, heard.Length - at)); }
        Assert.Equal(first, chunked);

        // In place (cleaned = heard).
        var inPlace = (short[])heard.Clone();
        new LineEchoCanceller(64).Process(played, inPlace, inPlace, 0, inPlace.Length);
        Assert.Equal(first, inPlace);

        // A fingerprint of the output, so that any change of arithmetic shows up.
        long hash = 17;
        foreach (short s in first) { hash = hash * 31 + s; }
        _output.WriteLine($"output fingerprint {hash}");
    }

    [Fact]
    public void Processing_allocates_nothing()
    {
        short[] played = EchoScene.Guidance(Rate, seed: 2);
        short[] heard = EchoScene.Heard(EchoScene.Echo(played, EchoScene.DispersivePath()), null);
        var cleaned = new short[heard.Length];
        var ec = new LineEchoCanceller(128);
        ec.Process(played, heard, cleaned, 0, heard.Length); // JIT, tiering
        ec.Process(played[0], heard[0]);
        long allocated = Allocations.During(() =>
        {
            for (int round = 0; round < 3; round++)
            {
                ec.Process(played, heard, cleaned, 0, heard.Length);
                for (int i = 0; i < heard.Length; i++) { cleaned[i] = ec.Process(played[i], heard[i]); }
            }
            ec.Reset();
        });
        Assert.Equal(0, allocated);
    }

    // Speed is a benchmark's business (shared machines make timed tests flaky); this checks the
    // state the canceller holds per line, which boards budget for.
    [Fact]
    public void State_grows_with_the_tap_count_only()
    {
        foreach (int taps in new[] { 64, 128 })
        {
            var ec = new LineEchoCanceller(taps);
            _output.WriteLine($"{taps} taps: {ec.StateBytes} B of state");
            Assert.Equal(taps * 2 * 2 + (taps * 2 + 2 * taps + (taps / 16 + 1)) * 4, ec.StateBytes);
        }
    }

    [Fact]
    public void Refuses_tap_counts_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineEchoCanceller(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineEchoCanceller(2048));
        Assert.Equal(64, new LineEchoCanceller(64).TapCount);
    }

    private static short[] Round(double[] x)
    {
        var y = new short[x.Length];
        for (int i = 0; i < x.Length; i++) { y[i] = EchoScene.Saturate(x[i]); }
        return y;
    }
}
