using System;
using System.Collections.Generic;
using System.Linq;

namespace Fxs.Bench;

/// <summary>Options of the DTMF bench (<see cref="DtmfBenchReport.Run"/>).</summary>
public sealed class BenchOptions
{
    /// <summary>Default seed: every signal is derived from it, so runs are reproducible.</summary>
    public const int DefaultSeed = 20240611;

    /// <summary>Suite names, in report order (the issue's letters in brackets): frequency (a), twist (b), level (c),
    /// timing (d), noise (e), impairments (f), talkoff (g), echo (h), speech (i), throughput (j), state (k),
    /// canceller (l: barge-in over the guidance echo, with the line echo canceller); issue #11's real-world rows:
    /// offsets (m: both tones at ±(1.5 % + 2 Hz) in the four sign combinations, silence from ±3.5 %), realspeech (n: recorded
    /// speech 12, 6, 0 dB under the keys), held (o: held keys with wander and dips, a real 30 ms gap), tails (p: decaying
    /// tails, echoes of the keys), dialtone (q: dial tones under a fast dialer's first keys, the gateway's own echoed),
    /// encoder (r: 8-bit encoder with intermodulation, tones low), realtalkoff (s: recorded speech and music, own guidance
    /// at 0 dB return loss).</summary>
    public static readonly IReadOnlyList<string> AllSuites = new[]
    {
        "frequency", "twist", "level", "timing", "noise", "impairments", "talkoff", "echo", "speech", "throughput", "state", "canceller",
        "offsets", "realspeech", "held", "tails", "dialtone", "encoder", "realtalkoff",
    };

    /// <summary>The last suite letter (a, b, ... one per <see cref="AllSuites"/> entry).</summary>
    public static char LastLetter => (char)('a' + AllSuites.Count - 1);

    /// <summary>Seed of every random choice (digits, phases, noise).</summary>
    public int Seed { get; set; } = DefaultSeed;

    /// <summary>Quick mode: 1 repetition per digit instead of 3, 2 onset phases instead of 4, a 5-minute talk-off corpus, 0.25 s of CPU for throughput, about 6 min of the recorded speech and 30 s of each music piece.</summary>
    public bool Quick { get; set; }

    /// <summary>Speech corpus cache (default <c>$XDG_CACHE_HOME/fxs</c> or <c>~/.cache/fxs</c>).</summary>
    public string? CorpusCacheDirectory { get; set; }

    /// <summary>The Japanese guide the guidance lines and part of the corpus come from.</summary>
    public string? GuidePath { get; set; }

    /// <summary>The product's guidance prompts (default: prompts/ja found upward from the working directory).</summary>
    public string? PromptsDirectory { get; set; }

    /// <summary>Talk-off corpus length in minutes (default 30; 5 in quick mode).</summary>
    public double? CorpusMinutes { get; set; }

    /// <summary>Suites to run (names of <see cref="AllSuites"/> or their letters a, b, ...); null or empty = all.</summary>
    public ISet<string>? Suites { get; set; }

    /// <summary>Also write the Markdown report to this file.</summary>
    public string? ReportPath { get; set; }

    /// <summary>Also draw the figures' curves, ours beside spandsp's, as PNGs into this directory.</summary>
    public string? PlotsDirectory { get; set; }

    /// <summary>Repetitions of each digit in the per-digit sweeps.</summary>
    public int Repetitions => Quick ? 1 : 3;

    /// <summary>Onset phases in the timing suites.</summary>
    public int Phases => Quick ? 2 : 4;

    /// <summary>Talk-off corpus minutes in force.</summary>
    public double TalkOffMinutes => CorpusMinutes ?? (Quick ? 5.0 : 30.0);

    /// <summary>CPU seconds each decoder gets in the throughput suite.</summary>
    public double ThroughputCpuSeconds => Quick ? 0.25 : 1.0;

    /// <summary>True if the suite (by name or letter) is selected.</summary>
    public bool Runs(string suite)
    {
        if (Suites == null || Suites.Count == 0) { return true; }
        int i = AllSuites.ToList().IndexOf(suite);
        string letter = i >= 0 ? ((char)('a' + i)).ToString() : "?";
        return Suites.Any(s => string.Equals(s, suite, StringComparison.OrdinalIgnoreCase) || string.Equals(s, letter, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Parses bench arguments: <c>--seed N</c>, <c>--quick</c>, <c>--cache DIR</c>, <c>--guide FILE</c>,
    /// <c>--minutes M</c>, <c>--prompts DIR</c>, <c>--suite a,b,...</c> (repeatable), <c>--out FILE</c>, <c>--plots DIR</c>.
    /// </summary>
    public static BenchOptions Parse(IEnumerable<string> args)
    {
        var o = new BenchOptions();
        using IEnumerator<string> e = args.GetEnumerator();
        string Next(string name) => e.MoveNext() ? e.Current : throw new ArgumentException($"{name} needs a value");
        while (e.MoveNext())
        {
            switch (e.Current)
            {
                case "--seed": o.Seed = int.Parse(Next("--seed"), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--quick": o.Quick = true; break;
                case "--cache": o.CorpusCacheDirectory = Next("--cache"); break;
                case "--guide": o.GuidePath = Next("--guide"); break;
                case "--minutes": o.CorpusMinutes = double.Parse(Next("--minutes"), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--prompts": o.PromptsDirectory = Next("--prompts"); break;
                case "--out": o.ReportPath = Next("--out"); break;
                case "--plots": o.PlotsDirectory = Next("--plots"); break;
                case "--suite":
                case "--suites":
                    o.Suites ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (string s in Next("--suite").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!AllSuites.Contains(s, StringComparer.OrdinalIgnoreCase) && !(s.Length == 1 && char.ToLowerInvariant(s[0]) >= 'a' && char.ToLowerInvariant(s[0]) <= LastLetter))
                        {
                            throw new ArgumentException($"unknown suite '{s}' (known: {string.Join(", ", AllSuites)}, or letters a-{LastLetter})");
                        }
                        o.Suites.Add(s);
                    }
                    break;
                default: throw new ArgumentException($"unknown bench option '{e.Current}'");
            }
        }
        return o;
    }
}
