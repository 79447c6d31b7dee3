using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Fxs.Cli.Tests;

// `fxs dtmf decode --trace` and `--json` (issue #11, "why a key was refused"): generated with
// `fxs dtmf generate`, decoded by the real CLI path, and the printed measurements are the signal's own.
public sealed class DecodeTraceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Generate(string name, params string[] options)
    {
        string path = _dir.File(name);
        FxsCli.Ok(new[] { "dtmf", "generate", "--out", path }.Concat(options).ToArray());
        return path;
    }

    private static double Number(string s) => s == "-" ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void A_key_4_percent_off_frequency_is_traced_with_the_off_frequency_rule_and_gives_no_digit()
    {
        string path = Generate("off.wav", "--digits", "8", "--offset-low", "4", "--tone-ms", "100", "--encoding", "mulaw");
        CliResult r = FxsCli.Ok("dtmf", "decode", path, "--trace");

        Assert.All(r.StdoutLines, l => Assert.StartsWith("#", l)); // no digit line
        Assert.Equal("# window_ms key row_dBm0 column_dBm0 twist_dB row_error_% column_error_% rule", r.StdoutLines[0]);
        string[][] windows = r.StdoutLines.Skip(1).Select(l => l.Split(' ')).ToArray();
        Assert.All(windows, f => Assert.Equal(9, f.Length));
        string[][] refused = windows.Where(f => f[8] == "row-off-frequency").ToArray();
        Assert.True(refused.Length >= 3, r.ToString());
        Assert.All(refused, f =>
        {
            Assert.Equal("8", f[2]);
            Assert.InRange(Number(f[6]), 3.0, 5.0);   // the row tone's error, %: the 4 % it was sent with
            Assert.InRange(Number(f[3]), -21, -19);   // −20 dBm0 per tone
            Assert.InRange(Number(f[4]), -21, -19);
        });
        Assert.DoesNotContain(windows, f => f[8] == "hit");
    }

    [Fact]
    public void Trace_lines_sit_among_the_unchanged_digit_lines_in_time_order()
    {
        string path = Generate("keys.wav", "--digits", "147", "--snr", "25");
        CliResult plain = FxsCli.Ok("dtmf", "decode", path);
        CliResult traced = FxsCli.Ok("dtmf", "decode", path, "--trace");

        Assert.Equal(plain.StdoutLines, traced.StdoutLines.Where(l => !l.StartsWith('#')).ToArray());
        int[] times = traced.StdoutLines.Skip(1).Select(l => int.Parse(l.TrimStart('#', ' ').Split(' ')[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second >= p.First - 20, $"{p.First} then {p.Second}"));
        // Every digit was held by hit windows of its own key.
        foreach (string digit in plain.StdoutLines)
        {
            char key = digit[^1];
            Assert.Contains(traced.StdoutLines, l => l.StartsWith("# ", StringComparison.Ordinal) && l.Split(' ')[2] == key.ToString() && l.EndsWith(" hit", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Json_gives_each_digits_timing_levels_twist_and_frequency_error()
    {
        // Row −12 dBm0 and 1 % high, column −9 dBm0 and 0.8 % low: 3 dB twist.
        string path = Generate("keys.wav", "--digits", "5D0", "--low-level", "-12", "--high-level", "-9",
            "--offset-low", "1", "--offset-high", "-0.8", "--tone-ms", "120", "--pause-ms", "80", "--encoding", "mulaw");
        CliResult r = FxsCli.Ok("dtmf", "decode", path, "--json");

        Assert.Equal(3, r.StdoutLines.Length);
        int[] onsets = DecodeTests.Schedule(3, 100, 120, 80);
        for (int i = 0; i < 3; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(r.StdoutLines[i]);
            JsonElement d = doc.RootElement;
            Assert.Equal("5D0"[i].ToString(), d.GetProperty("digit").GetString());
            Assert.InRange(d.GetProperty("onset_ms").GetInt32(), onsets[i] - 10, onsets[i] + 10);
            Assert.InRange(d.GetProperty("end_ms").GetInt32(), onsets[i] + 120 - 10, onsets[i] + 120 + 10);
            Assert.InRange(d.GetProperty("duration_ms").GetInt32(), 120 - 15, 120 + 15);
            Assert.InRange(d.GetProperty("row_level_dbm0").GetDouble(), -12.5, -11.5);    // µ-law: ±0.5 dB
            Assert.InRange(d.GetProperty("column_level_dbm0").GetDouble(), -9.5, -8.5);
            Assert.InRange(d.GetProperty("twist_db").GetDouble(), 2.5, 3.5);
            // The mean over the digit's hit windows is good to about 0.1 % (one window wavers ±0.5 %).
            Assert.InRange(d.GetProperty("row_freq_error_pct").GetDouble(), 1.0 - 0.15, 1.0 + 0.15);
            Assert.InRange(d.GetProperty("column_freq_error_pct").GetDouble(), -0.8 - 0.15, -0.8 + 0.15);
            Assert.True(d.GetProperty("hit_windows").GetInt32() >= 10, r.StdoutLines[i]);
        }
    }

    [Fact]
    public void Json_and_trace_do_not_mix()
    {
        string path = Generate("one.wav", "--digits", "1");
        CliResult r = FxsCli.Run("dtmf", "decode", path, "--json", "--trace");
        Assert.Equal(2, r.Exit);
        Assert.Equal("", r.Stdout);
        Assert.Contains("--trace and --json do not mix", r.Stderr);
    }
}
