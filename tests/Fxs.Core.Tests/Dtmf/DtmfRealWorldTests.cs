using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;

namespace Fxs.Core.Tests.Dtmf;

/// <summary>
/// The receiver's second generation (issue #11) on keys shaped as real phones, rooms and lines
/// shape them, each through the real path (µ-law line audio in, decided digits out).
/// </summary>
public class DtmfRealWorldTests
{
    private static string RandomDigits(int count, int seed)
    {
        var random = new Random(seed);
        var digits = new char[count];
        for (int i = 0; i < count; i++) { digits[i] = DtmfDigits.All[random.Next(16)]; }
        return new string(digits);
    }

    // ±(1.5 % + 2 Hz) of a tone, as a fraction.
    private static double Tolerance(int hz) => 0.015 + 2.0 / hz;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, -1)]
    [InlineData(-1, 1)]
    [InlineData(-1, -1)]
    public void Accepts_every_digit_with_both_tones_off_by_1_5_percent_plus_2_Hz_in_any_directions(int lowSign, int highSign)
    {
        var line = new RealKeySignal(1).Silence(100);
        foreach (char d in DtmfDigits.All)
        {
            double low = lowSign * Tolerance(DtmfDigits.RowHz[DtmfDigits.RowOf(d)]);
            double high = highSign * Tolerance(DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(d)]);
            line.Key(d, 60, -10, lowOffset: low, highOffset: high).Silence(60);
        }
        Assert.Equal(DtmfDigits.All, Decoded.From(line.ToLine()).Digits);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, -1)]
    [InlineData(-1, 1)]
    [InlineData(-1, -1)]
    public void Refuses_keys_with_both_tones_off_by_3_5_percent(int lowSign, int highSign)
    {
        var line = new RealKeySignal(2).Silence(100);
        foreach (char d in DtmfDigits.All) { line.Key(d, 60, -10, lowOffset: lowSign * 0.035, highOffset: highSign * 0.035).Silence(60); }
        Assert.Equal("", Decoded.From(line.ToLine()).Digits);
    }

    // A voice at 185 Hz: its 5th and 8th harmonics (925 and 1480 Hz) are a '#' whose row is 1.7 %
    // low, inside a phone's tolerance; its other harmonics sit 8 dB under them, as in the one
    // talk-off the recorded corpus gave (an Asterisk prompt, 19 min 40 s into the bench's corpus).
    // The same two tones alone, with nothing between them, are a key a tester may send.
    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "#")]
    public void A_voice_whose_5th_and_8th_harmonics_make_a_key_is_no_digit_but_the_two_tones_alone_are(bool otherHarmonics, string decided)
    {
        const double F0Hz = 185;
        var line = new LineSignal().Silence(150);
        for (int harmonic = 1; harmonic <= 10; harmonic++)
        {
            int deciDbm0 = harmonic == 5 || harmonic == 8 ? -200 : harmonic >= 4 && harmonic <= 9 ? -280 : -320;
            if (otherHarmonics || harmonic == 5 || harmonic == 8) { line.AddSine(harmonic * F0Hz, deciDbm0); }
        }
        Assert.Equal(decided, Decoded.From(line.ToLine()).Digits);
    }

    // 300 keys (50 ms on, 50 ms off, −20 dBm0 per tone) under a voice 2 dB under one tone: a
    // harmonic series whose pitch (90-250 Hz) and two formants (F1 400-900 Hz, F2 1-2.2 kHz)
    // move from one 100-300 ms syllable to the next, a fifth of them silent. The voice is
    // strongest among the rows, where it moves the row's frequency estimate and lifts its level,
    // and leaves the column steady. The receiver lost 36 keys (28 since the clean-column rule,
    // Keys_under_a_voice_at_their_level_are_heard_by_their_clean_column); without the steady-column rule
    // (WeakSteadyColumnSpreadCentiPercent) 43, without three-window weak starts
    // (WeakFewStartWindows) 40, without counting a weak start over 7 windows (WeakStartWindowsOf)
    // 41. The voice alone, 6 dB louder, gives no digit.
    [Fact]
    public void Keys_under_a_voice_at_their_level_are_heard_by_their_steady_column()
    {
        (short[] line, short[] alone, string sent) = KeysUnderAVoice(3, -2);
        Assert.InRange(Decoded.From(line).ErrorsAgainst(sent), 0, 38);
        Assert.Equal("", Decoded.From(alone).Digits);
    }

    // The same 300 keys under the same voice raised to their level (0 dB under one tone). Speech
    // lifts the row's neighbours and makes the row waver, and leaves the column's band alone: a
    // window whose column stands clean (the full in-group margin, its band's probes clear) is
    // heard with a row only 2 dB over its neighbours (CleanColumnRowInGroupMarginDeciDb), as a
    // weak hit that never starts a key on fewer than 4 windows. The receiver loses 65 keys, 78
    // without the rule (the disabled profile is checked to lose them, so the test fails without
    // it); at 2 dB under, 28 and 36. The voice alone, 6 dB louder, gives no digit.
    [Fact]
    public void Keys_under_a_voice_at_their_level_are_heard_by_their_clean_column()
    {
        (short[] line, short[] alone, string sent) = KeysUnderAVoice(3, 0);
        var without = DtmfReceiverProfile.CreateDefault();
        without.CleanColumnRowInGroupMarginDeciDb = without.WeakInGroupMarginDeciDb;
        Assert.InRange(Decoded.From(line).ErrorsAgainst(sent), 0, 68);
        Assert.InRange(Decoded.From(line, without).ErrorsAgainst(sent), 75, 300);
        Assert.Equal("", Decoded.From(alone).Digits);
    }

    // 300 random keys (50 ms on, 50 ms off, −20 dBm0 per tone) under Voice at `underDb` under
    // one tone; and that voice alone, 6 dB louder.
    private static (short[] Line, short[] Alone, string Sent) KeysUnderAVoice(int seed, double underDb)
    {
        var random = new Random(seed);
        const int On = 400, Off = 400, Lead = 800, Keys = 300;
        int n = Lead + Keys * (On + Off);
        var keys = new double[n];
        double amplitude = LineSignal.ZeroDbm0Amplitude * Math.Pow(10, -20 / 20.0);
        var sent = new char[Keys];
        for (int k = 0, at = Lead; k < Keys; k++, at += On + Off)
        {
            char d = DtmfDigits.All[random.Next(16)];
            sent[k] = d;
            double row = DtmfDigits.RowHz[DtmfDigits.RowOf(d)], col = DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(d)];
            double p1 = random.NextDouble() * 6.283, p2 = random.NextDouble() * 6.283;
            for (int i = 0; i < On; i++)
            {
                keys[at + i] = amplitude * (Math.Sin(2 * Math.PI * row * i / 8000 + p1) + Math.Sin(2 * Math.PI * col * i / 8000 + p2));
            }
        }
        double[] voice = Voice(random, n);
        double power = 0;
        foreach (double v in voice) { power += v * v; }
        double gain = amplitude / Math.Sqrt(2) * Math.Pow(10, underDb / 20.0) / Math.Sqrt(power / n);
        var line = new double[n];
        var alone = new double[n];
        for (int i = 0; i < n; i++)
        {
            line[i] = keys[i] + gain * voice[i];
            alone[i] = 2 * gain * voice[i];
        }
        return (LineSignal.ToLine(line), LineSignal.ToLine(alone), new string(sent));
    }

    // A voice's harmonic series under two formants, its pitch and formants gliding towards new
    // targets every 100-300 ms, a fifth of the syllables silent.
    private static double[] Voice(Random random, int n)
    {
        var voice = new double[n];
        double f0 = 150, phase = 0, f1 = 700, f2 = 1500, f1To = 700, f2To = 1500, f0To = 150, level = 0, levelTo = 1;
        int syllable = 0;
        for (int i = 0; i < n; i++)
        {
            if (--syllable <= 0)
            {
                syllable = 800 + random.Next(1600);
                f1To = 400 + random.NextDouble() * 500;
                f2To = 1000 + random.NextDouble() * 1200;
                f0To = 90 + random.NextDouble() * 160;
                levelTo = random.NextDouble() < 0.2 ? 0 : 0.5 + random.NextDouble();
            }
            f1 += (f1To - f1) * 0.002;
            f2 += (f2To - f2) * 0.002;
            f0 += (f0To - f0) * 0.001;
            level += (levelTo - level) * 0.003;
            phase += 2 * Math.PI * f0 / 8000;
            double s = 0;
            for (int h = 1; h * f0 < 3800; h++)
            {
                double f = h * f0;
                double a = 1 / (1 + Math.Pow((f - f1) / 150, 2)) + 0.4 / (1 + Math.Pow((f - f2) / 200, 2)) + 0.05;
                s += a * Math.Sin(h * phase);
            }
            voice[i] = s * level;
        }
        return voice;
    }

    [Fact]
    public void A_held_key_whose_level_wanders_10_dB_and_dips_20_dB_for_20_ms_is_one_digit()
    {
        var random = new Random(3);
        var line = new RealKeySignal(3).Silence(100);
        string sent = RandomDigits(100, 3);
        foreach (char d in sent)
        {
            double ms = 300 + random.NextDouble() * 1700;
            int n = RealKeySignal.Samples(ms);
            double f1 = 0.5 + random.NextDouble() * 2.5, f2 = 0.5 + random.NextDouble() * 2.5;
            double p1 = random.NextDouble() * 6.3, p2 = random.NextDouble() * 6.3;
            int dipAt = random.Next(n / 8, n - n / 8 - 160);
            line.Key(d, ms, -16, i =>
            {
                double db = 5 * Math.Sin(2 * Math.PI * f1 * i / 8000 + p1) + 5 * Math.Sin(2 * Math.PI * f2 * i / 8000 + p2);
                if (i >= dipAt && i < dipAt + 160) { db -= 20; }
                return Math.Pow(10, db / 20);
            }).Silence(150);
        }
        Assert.Equal(sent, Decoded.From(line.ToLine()).Digits);
    }

    [Fact]
    public void The_same_key_pressed_twice_30_ms_apart_is_two_digits()
    {
        var line = new RealKeySignal(4).Silence(100);
        string sent = RandomDigits(100, 4);
        foreach (char d in sent) { line.Key(d, 100, -10).Silence(30).Key(d, 100, -10).Silence(150); }
        string twice = string.Concat(Array.ConvertAll(sent.ToCharArray(), c => new string(c, 2)));
        Assert.Equal(twice, Decoded.From(line.ToLine()).Digits);
    }

    [Theory]
    [InlineData(-6, 25)]
    [InlineData(-6, 30)]
    [InlineData(-6, 40)]
    [InlineData(-20, 25)]
    public void A_VoIP_phones_decaying_tail_is_no_digit(double dbm0, double tailDownDb)
    {
        var line = new RealKeySignal(5).Silence(100);
        string sent = RandomDigits(200, 5);
        foreach (char d in sent) { line.Key(d, 80, dbm0, tailDb: -tailDownDb, tailMs: 100).Silence(150); }
        Assert.Equal(sent, Decoded.From(line.ToLine()).Digits);
    }

    [Theory]
    [InlineData(30, 5)]
    [InlineData(30, 20)]
    [InlineData(30, 40)]
    [InlineData(35, 40)]
    public void An_echo_of_the_keys_30_dB_or_more_down_is_no_digit(double lossDb, double delayMs)
    {
        var line = new RealKeySignal(6).Silence(100);
        string sent = RandomDigits(200, 6);
        foreach (char d in sent) { line.Key(d, 60, -6).Silence(60); }
        line.Silence(100).AddEcho(delayMs, lossDb);
        Assert.Equal(sent, Decoded.From(line.ToLine()).Digits);
    }

    [Theory]
    [InlineData("350+440", -20)]
    [InlineData("425", -20)]
    [InlineData("400", -20)]
    [InlineData("400", -13)] // the gateway's own −10 dBm0 dial tone echoed at 3 dB return loss
    public void The_first_key_of_a_fast_dialer_over_a_dial_tone_is_heard(string tone, double toneDbm0)
    {
        var random = new Random(7);
        var line = new RealKeySignal(7);
        var sent = new System.Text.StringBuilder();
        for (int call = 0; call < 50; call++)
        {
            int from = line.Position;
            line.Silence(300 + random.Next(700));
            string keys = RandomDigits(4, 100 + call);
            line.Key(keys[0], 50 + random.Next(50), -20);
            foreach (string hz in tone.Split('+')) { line.AddSine(int.Parse(hz), toneDbm0, from, line.Position); }
            line.Silence(50);
            foreach (char d in keys.Substring(1)) { line.Key(d, 50, -20).Silence(50); }
            line.Silence(200);
            sent.Append(keys);
        }
        Assert.Equal(sent.ToString(), Decoded.From(line.ToLine()).Digits);
    }

    // A Japanese phone at the rule's corners (50 ms tones, the column 5 dB stronger, the row 1.5 % off)
    // whose first window something spoils: noise 12 dB under the row, or µ-law's own distortion of
    // keys near full scale. Its start is then judged as a weak one, whose offsets are held to
    // ±0.8 % (speech imitating a key drifts); a refusal used to forget the window refused, full
    // hit or not, so the key never gathered the three full windows that start it on the full
    // rules, and was lost window after window ('0' at −22.5/−17.5 dBm0 in noise; '*' at −7.5/−2.5).
    [Theory]
    [InlineData(-225, -175, -150, -70, 12.0)]
    [InlineData(-225, -175, -150, 150, 12.0)]
    [InlineData(-75, -25, -150, 150, null)]
    [InlineData(-375, -325, -150, -70, 12.0)]
    public void A_legal_key_at_the_rules_corners_whose_first_window_is_spoiled_starts_on_its_full_windows(
        int lowDeciDbm0, int highDeciDbm0, int lowOffsetCentiPercent, int highOffsetCentiPercent, double? snrDb)
    {
        string sent = DtmfDigits.All + DtmfDigits.All + DtmfDigits.All;
        for (int seed = 1; seed <= 4; seed++)
        {
            var line = new LineSignal().Silence(100);
            foreach (char d in sent) { line.Digit(d, 50, lowDeciDbm0, highDeciDbm0, lowOffsetCentiPercent, highOffsetCentiPercent).Silence(70); }
            if (snrDb is double snr) { line.AddNoise(lowDeciDbm0, snr, seed); }
            Assert.Equal(sent, Decoded.From(line.ToLine()).Digits);
            if (snrDb == null) { break; } // no noise: one signal
        }
    }

    // '*' at the Japanese rule's corner, row 1.5 % high and column 1.5 % low (3.0 % apart), stands near
    // 4 : 5, the ratio of a voice's 4th and 5th harmonics at 238 Hz. A voice's 4th stands over its 5th;
    // a phone's row may not stand over its column (the rule keeps the low group at or under the high).
    // So the same two tones are a key with the column 5 dB stronger (the rule's corner) or level, and
    // no digit with the row 4 dB stronger (as an espeak-ng sentence made them: a false '*' when the band
    // was judged by its comb alone). Before, the band refused all three.
    [Theory]
    [InlineData(-225, -175, "***")]
    [InlineData(-200, -200, "***")]
    [InlineData(-180, -220, "")]
    public void A_star_whose_tones_stand_at_a_voices_4_to_5_is_a_key_unless_its_row_stands_over_its_column(int lowDeciDbm0, int highDeciDbm0, string decided)
    {
        var line = new LineSignal().Silence(100);
        for (int i = 0; i < 3; i++) { line.Digit('*', 60, lowDeciDbm0, highDeciDbm0, 150, -150).Silence(80); }
        Assert.Equal(decided, Decoded.From(line.ToLine()).Digits);
    }
}
