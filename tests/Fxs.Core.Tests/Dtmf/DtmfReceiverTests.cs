using System;
using System.Linq;
using Fxs.Core.Dsp;

namespace Fxs.Core.Tests.Dtmf;

/// <summary>
/// The receiver requirements of issue #2, each through the real path: generated line audio
/// (µ-law round trip) in, decided digits out. Levels in tenths of dBm0 per tone.
/// </summary>
public class DtmfReceiverTests
{
    private static readonly string AllDigits = DtmfDigits.All;

    private static Decoded One(char digit, int lowDeciDbm0 = -100, int highDeciDbm0 = -100, int lowOffset = 0, int highOffset = 0, int toneMs = 60)
    {
        var line = new LineSignal().Silence(50).Digit(digit, toneMs, lowDeciDbm0, highDeciDbm0, lowOffset, highOffset).Silence(80);
        return Decoded.From(line.ToLine());
    }

    // ±(1.5 % + 2 Hz) of a tone, in hundredths of a percent, rounded away from zero.
    private static int ToleranceCentiPercent(int hz) => 150 + (20000 + hz - 1) / hz;

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Accepts_every_digit_with_the_low_tone_off_by_1_5_percent_plus_2_Hz(int sign)
    {
        foreach (char digit in AllDigits)
        {
            int offset = sign * ToleranceCentiPercent(DtmfDigits.RowHz[DtmfDigits.RowOf(digit)]);
            Assert.Equal(digit.ToString(), One(digit, lowOffset: offset).Digits);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Accepts_every_digit_with_the_high_tone_off_by_1_5_percent_plus_2_Hz(int sign)
    {
        foreach (char digit in AllDigits)
        {
            int offset = sign * ToleranceCentiPercent(DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(digit)]);
            Assert.Equal(digit.ToString(), One(digit, highOffset: offset).Digits);
        }
    }

    [Fact]
    public void Accepts_both_tones_off_by_1_5_percent_plus_2_Hz_in_the_same_direction()
    {
        foreach (int sign in new[] { 1, -1 })
        {
            foreach (char digit in AllDigits)
            {
                int low = sign * ToleranceCentiPercent(DtmfDigits.RowHz[DtmfDigits.RowOf(digit)]);
                int high = sign * ToleranceCentiPercent(DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(digit)]);
                Assert.Equal(digit.ToString(), One(digit, lowOffset: low, highOffset: high).Digits);
            }
        }
    }

    // Opposite offsets are a phone's right (issue #11): its dividers put the tones up to 1.5 %
    // apart, and a tester checks the corners, 3.4 % apart. What is refused is further apart than
    // any phone (DtmfReceiverProfile.PairToleranceCentiPercent). A '*' pulled to 4 : 5, the ratio of
    // two neighbouring harmonics of a voice (HarmonicBandCentiPercent), is heard here: its row does
    // not stand over its column and nothing sounds where the voice's other harmonics would
    // (DtmfRealWorldTests.A_star_whose_tones_stand_at_a_voices_4_to_5_is_a_key_unless_its_row_stands_over_its_column).
    [Theory]
    [InlineData(120, -110, "0123456789*#ABCD")]  // 2.3 % apart
    [InlineData(140, -138, "0123456789*#ABCD")]  // 2.8 % apart: '*' is 941 : 1209 pulled to 4 : 5
    [InlineData(150, -150, "0123456789*#ABCD")]  // 3.0 % apart: still in the band around 4 : 5
    [InlineData(-160, 160, "0123456789*#ABCD")]  // 3.2 % apart the other way: far from any harmonic
    [InlineData(-210, 210, "")]                  // 4.2 % apart: no phone
    public void Takes_tones_off_in_opposite_directions_as_far_apart_as_a_phone_sends_them(int lowOffset, int highOffset, string accepted)
    {
        var decided = new System.Text.StringBuilder();
        foreach (char digit in AllDigits) { decided.Append(One(digit, lowOffset: lowOffset, highOffset: highOffset).Digits); }
        Assert.Equal(accepted, decided.ToString());
    }

    [Theory]
    [InlineData(350)]
    [InlineData(-350)]
    [InlineData(450)]
    [InlineData(-450)]
    [InlineData(600)]
    [InlineData(-600)]
    public void Gives_nothing_with_either_tone_off_by_3_5_percent_or_more(int offsetCentiPercent)
    {
        foreach (char digit in AllDigits)
        {
            Assert.Empty(One(digit, lowOffset: offsetCentiPercent).Events);
            Assert.Empty(One(digit, highOffset: offsetCentiPercent).Events);
        }
    }

    [Theory]
    [InlineData(-160, -100)] // high group 6 dB stronger (Japanese phones: up to 5 dB)
    [InlineData(-100, -180)] // low group 8 dB stronger
    public void Accepts_the_twist_a_phone_may_send(int lowDeciDbm0, int highDeciDbm0)
    {
        foreach (char digit in AllDigits)
        {
            Assert.Equal(digit.ToString(), One(digit, lowDeciDbm0, highDeciDbm0).Digits);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    [InlineData(-200)]
    [InlineData(-300)]
    [InlineData(-360)]
    public void Accepts_levels_from_0_down_to_minus_36_dBm0(int deciDbm0)
    {
        foreach (char digit in AllDigits)
        {
            Assert.Equal(digit.ToString(), One(digit, deciDbm0, deciDbm0).Digits);
        }
    }

    [Theory]
    [InlineData(-450)]
    [InlineData(-500)]
    [InlineData(-600)]
    public void Gives_nothing_at_minus_45_dBm0_and_below(int deciDbm0)
    {
        foreach (char digit in AllDigits)
        {
            Assert.Empty(One(digit, deciDbm0, deciDbm0).Events);
        }
    }

    [Fact]
    public void Accepts_40_ms_tones_with_25_ms_pauses_including_repeated_digits()
    {
        const string sent = "0123456789*#ABCD11223344##";
        var line = new LineSignal().Silence(40);
        foreach (char digit in sent) { line.Digit(digit, 40).Silence(25); }
        Assert.Equal(sent, Decoded.From(line.ToLine()).Digits);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(15)]
    [InlineData(10)]
    public void Gives_nothing_for_tones_of_20_ms_or_less(int toneMs)
    {
        for (int phase = 0; phase < 40; phase += 5)
        {
            var line = new LineSignal().Silence(50).Silence(0);
            line.Digit('5', 0); // no-op: keeps the generator's phase handling exercised
            for (int i = 0; i < phase; i++) { line.Silence(0); }
            var samples = new LineSignal().Silence(50 + phase / 8).Digit(AllDigits[phase % 16], toneMs).Silence(100).ToLine();
            Assert.Empty(Decoded.From(samples).Events);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public void Does_not_split_a_tone_on_a_dropout_of_up_to_10_ms(int dropoutMs)
    {
        foreach (char digit in AllDigits)
        {
            var line = new LineSignal().Silence(50).Digit(digit, 50).Silence(dropoutMs).Digit(digit, 50).Silence(80);
            Assert.Equal(digit.ToString(), Decoded.From(line.ToLine()).Digits);
        }
    }

    [Fact]
    public void Reports_onset_and_end_within_10_ms_of_the_tone()
    {
        var line = new LineSignal().Silence(100).Digit('7', 80).Silence(100);
        var e = Assert.Single(Decoded.From(line.ToLine()).Events);
        Assert.InRange(e.Onset, LineSignal.Ms(100) - LineSignal.Ms(10), LineSignal.Ms(100) + LineSignal.Ms(10));
        Assert.InRange(e.End, LineSignal.Ms(180) - LineSignal.Ms(10), LineSignal.Ms(180) + LineSignal.Ms(20));
    }

    internal static string RandomDigits(int count, int seed)
    {
        var random = new Random(seed);
        return new string(Enumerable.Range(0, count).Select(_ => AllDigits[random.Next(16)]).ToArray());
    }

    /// <summary>1000 random digits, 50 ms on, 50 ms off, −20 dBm0 per tone.</summary>
    internal static LineSignal ThousandDigits(string digits)
    {
        var line = new LineSignal().Silence(50);
        foreach (char digit in digits) { line.Digit(digit, 50, -200, -200).Silence(50); }
        return line.Silence(50);
    }

    [Theory]
    [InlineData(6.0, 0)]
    [InlineData(0.0, 1)]
    public void Makes_at_most_the_allowed_errors_in_1000_digits_under_white_noise(double snrDb, int allowedErrors)
    {
        string sent = RandomDigits(1000, seed: 2);
        var line = ThousandDigits(sent).AddNoise(-200, snrDb, seed: 7);
        Assert.InRange(Decoded.From(line.ToLine()).ErrorsAgainst(sent), 0, allowedErrors);
    }

    [Fact]
    public void Makes_no_error_under_a_minus_25_dBm0_dial_tone()
    {
        string sent = RandomDigits(1000, seed: 3);
        var line = ThousandDigits(sent);
        var dialTone = new short[line.Length];
        var generator = new CallProgressToneGenerator { LevelDeciDbm0 = -250 };
        generator.Start(CallProgressTone.Dial);
        generator.Fill(dialTone, 0, dialTone.Length);
        Assert.Equal(0, Decoded.From(line.Add(dialTone).ToLine()).ErrorsAgainst(sent));
    }

    [Fact]
    public void Makes_no_error_under_minus_10_dBm0_mains_hum()
    {
        string sent = RandomDigits(1000, seed: 4);
        var line = ThousandDigits(sent).AddSine(50, -100);
        Assert.Equal(0, Decoded.From(line.ToLine()).ErrorsAgainst(sent));
    }

    [Fact]
    public void Makes_no_error_when_clipped_at_minus_6_dBFS()
    {
        string sent = RandomDigits(1000, seed: 5);
        var line = new LineSignal().Silence(50);
        foreach (char digit in sent) { line.Digit(digit, 50, -30, -30).Silence(50); } // −3 dBm0 tones, peaks well past −6 dBFS
        Assert.Equal(0, Decoded.From(line.Clip(16384).ToLine()).ErrorsAgainst(sent));
    }
}
