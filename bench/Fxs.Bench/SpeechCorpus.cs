using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Fxs.Hal;

namespace Fxs.Bench;

/// <summary>A built speech corpus: 8 kHz 16-bit mono linear samples, each piece at the target active level.</summary>
public sealed class SpeechCorpus
{
    internal SpeechCorpus(string name, string path, string key, short[] samples, bool built, IReadOnlyList<string> pieces)
    {
        Name = name; Path = path; Key = key; Samples = samples; WasBuilt = built; Pieces = pieces;
    }

    public string Name { get; }

    /// <summary>The cached WAV file.</summary>
    public string Path { get; }

    /// <summary>Hash of the recipe (part of the file name).</summary>
    public string Key { get; }

    /// <summary>Samples at 8 kHz (not yet µ-law round-tripped).</summary>
    public short[] Samples { get; }

    /// <summary>True if this call built the corpus; false if it came from the cache.</summary>
    public bool WasBuilt { get; }

    /// <summary>What the corpus holds, one entry per piece (empty when loaded from the cache).</summary>
    public IReadOnlyList<string> Pieces { get; }

    public double Seconds => Samples.Length / (double)LineTime.SampleRateHz;

    public double Minutes => Seconds / 60.0;
}

/// <summary>One piece of a corpus recipe: espeak-ng speaking a text, or a recording resampled by sox.</summary>
public sealed record SpeechPiece(string Description, string? Voice, int Pitch, int Speed, string? Text, string? FilePath, double MaxSeconds)
{
    public static SpeechPiece Espeak(string voice, int pitch, int speed, string text, double maxSeconds, string what) =>
        new($"espeak-ng -v {voice} -p {pitch} -s {speed}: {what}", voice, pitch, speed, text, null, maxSeconds);

    public static SpeechPiece Recording(string path, double maxSeconds = double.PositiveInfinity) =>
        new($"recording {path}", null, 0, 0, null, path, maxSeconds);
}

/// <summary>
/// Builds speech corpora offline with espeak-ng and sox and caches each as one 8 kHz 16-bit WAV, named by a hash of
/// its recipe (texts, voices, tool versions, level), so it is built once per machine.
/// Every piece is normalised on its own to <see cref="TargetActiveDbm0"/> (active speech level, <see cref="Levels.ActiveSpeechLevelDbm0"/>);
/// pieces are separated by 0.5 s of silence.
/// </summary>
public sealed partial class SpeechCorpusBuilder
{
    /// <summary>Active speech level of every corpus piece.</summary>
    public const double TargetActiveDbm0 = -15.0;

    /// <summary>Where the Japanese guide lives by default.</summary>
    public const string DefaultGuidePath = "/work/shared/seed/ocn-hikari-denwa-temporary-password-guide.txt";

    /// <summary>The real recordings added to the talk-off corpus.</summary>
    public const string AlsaSoundsDirectory = "/usr/share/sounds/alsa";

    private const string RecipeVersion = "fxs-speech-corpus/1";
    private const double SegmentSeconds = 60.0;
    private const int GapSamples = 4000;

    private readonly Action<string> _log;

    public SpeechCorpusBuilder(string? cacheDirectory = null, string? guidePath = null, Action<string>? log = null)
    {
        CacheDirectory = cacheDirectory ?? DefaultCacheDirectory();
        GuidePath = guidePath ?? DefaultGuidePath;
        _log = log ?? (_ => { });
    }

    public string CacheDirectory { get; }

    public string GuidePath { get; }

    /// <summary><c>$XDG_CACHE_HOME/fxs</c>, else <c>~/.cache/fxs</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "fxs");
    }

    /// <summary>
    /// The talk-off corpus: at least <paramref name="minutes"/> of speech without digits. espeak-ng voices in English,
    /// Japanese, German, French, Spanish, Italian, Russian and Mandarin, male and female variants, pitch 20..90,
    /// speed 130..220 wpm, reading the GPL-3 text, the Japanese guide and GnuPG's help texts in those languages,
    /// in 60 s pieces, plus the real recordings in /usr/share/sounds/alsa.
    /// </summary>
    public SpeechCorpus TalkOff(double minutes)
    {
        if (minutes <= 0) { throw new ArgumentOutOfRangeException(nameof(minutes)); }
        var sources = TalkOffSources();
        var recordings = AlsaRecordings();
        // (voice, pitch, speed, source): English, Japanese and another language in turn.
        var voices = new (string Voice, int Pitch, int Speed, string Source)[]
        {
            ("en", 50, 160, "en"), ("ja", 45, 160, "ja-guide"), ("de", 45, 165, "de"),
            ("en+f3", 70, 175, "en"), ("ja+f3", 80, 170, "ja-help"), ("fr+f2", 75, 180, "fr"),
            ("en-us+m3", 20, 140, "en"), ("ja+m3", 25, 190, "ja-guide"), ("es", 35, 155, "es"),
            ("en+f4", 90, 200, "en"), ("ja+f4", 65, 130, "ja-guide"), ("it+f3", 60, 170, "it"),
            ("en-gb-x-rp+f2", 85, 150, "en"), ("ja+f2", 88, 210, "ja-help"), ("ru+m2", 30, 160, "ru"),
            ("en-us", 40, 220, "en"), ("ja+m1", 35, 175, "ja-guide"), ("cmn+f3", 70, 165, "cmn"),
        };
        var cursors = sources.Keys.ToDictionary(k => k, _ => 0);
        double recorded = recordings.Sum(r => r.Seconds);
        int segments = (int)Math.Ceiling(Math.Max(0, minutes * 60.0 - recorded) / SegmentSeconds) + 2; // 2 spare
        var pieces = new List<SpeechPiece>();
        for (int i = 0; i < segments; i++)
        {
            var v = voices[i % voices.Length];
            if (!sources.ContainsKey(v.Source)) { v = voices[(i / 3 * 3) % voices.Length]; } // fall back to the English voice of the round
            string text = sources[v.Source];
            bool japanese = v.Source.StartsWith("ja", StringComparison.Ordinal);
            // Over-generate (espeak-ng is ~1000× real time) and trim to the segment length.
            int chars = (int)(SegmentSeconds * (japanese ? 6.0 : 30.0));
            int cursor = cursors[v.Source];
            string chunk = NextChunk(text, ref cursor, chars);
            cursors[v.Source] = cursor;
            pieces.Add(SpeechPiece.Espeak(v.Voice, v.Pitch, v.Speed, chunk, SegmentSeconds, v.Source));
        }
        pieces.AddRange(recordings.Select(r => SpeechPiece.Recording(r.Path)));
        return GetOrBuild("talkoff", pieces, minutes * 60.0, recordings.Count);
    }

    /// <summary>
    /// The IVR guidance: every sentence of the Japanese guide that ends in 「。」, spoken by espeak-ng -v ja (default pitch
    /// and speed), at most <paramref name="maxMinutes"/>; at −15 dBm0 active level (the echo test scales it down).
    /// </summary>
    public SpeechCorpus Guidance(double maxMinutes = 10.0)
    {
        string text = ReadText(GuidePath, "the Japanese guide (set the guide path)");
        var sentences = new List<string>();
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Replace('\t', ' ').Trim();
            if (!line.Contains('。')) { continue; }
            foreach (string s in line.Split('。', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (s.Length >= 4) { sentences.Add(s + "。"); }
            }
        }
        var pieces = sentences.Select((s, i) => SpeechPiece.Espeak("ja", 50, 175, s, double.PositiveInfinity, $"guide sentence {i + 1}")).ToList();
        return GetOrBuild("guidance", pieces, 0, 0, maxMinutes * 60.0);
    }

    private SpeechCorpus GetOrBuild(string name, IReadOnlyList<SpeechPiece> pieces, double minSeconds, int alwaysKeepTail, double maxSeconds = double.PositiveInfinity)
    {
        string espeak = ExternalTools.Version(ExternalTools.Espeak);
        string sox = ExternalTools.Version(ExternalTools.Sox);
        string key = RecipeKey(name, pieces, minSeconds, maxSeconds, espeak, sox);
        string path = Path.Combine(CacheDirectory, $"{name}-{key}.wav");
        if (File.Exists(path))
        {
            short[] cached = WavFile.Read(path);
            _log($"{name} corpus: cached {path} ({cached.Length / (double)LineTime.SampleRateHz / 60:F1} min)");
            return new SpeechCorpus(name, path, key, cached, false, Array.Empty<string>());
        }

        _log($"{name} corpus: building {pieces.Count} pieces with {espeak} and {sox} into {path}");
        Directory.CreateDirectory(CacheDirectory);
        string unique = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        string work = Path.Combine(CacheDirectory, $"tmp-{name}-{key}-{unique}");
        Directory.CreateDirectory(work);
        try
        {
            var rendered = new short[pieces.Count][];
            Parallel.For(0, pieces.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => rendered[i] = Normalise(Render(pieces[i], Path.Combine(work, i.ToString(CultureInfo.InvariantCulture)))));

            // Speech pieces in order until the minimum is reached (spares dropped), then the tail (recordings) always.
            var chosen = new List<int>();
            double seconds = rendered.Skip(pieces.Count - alwaysKeepTail).Sum(r => (r.Length + GapSamples) / (double)LineTime.SampleRateHz);
            for (int i = 0; i < pieces.Count - alwaysKeepTail; i++)
            {
                if (seconds >= minSeconds && minSeconds > 0) { break; }
                double s = (rendered[i].Length + GapSamples) / (double)LineTime.SampleRateHz;
                if (seconds + s > maxSeconds) { break; }
                chosen.Add(i);
                seconds += s;
            }
            if (seconds < minSeconds)
            {
                throw new InvalidOperationException($"{name} corpus came out at {seconds / 60:F1} min, short of {minSeconds / 60:F1} min");
            }
            for (int i = pieces.Count - alwaysKeepTail; i < pieces.Count; i++) { chosen.Add(i); }

            var all = new List<short>();
            var described = new List<string>();
            foreach (int i in chosen)
            {
                all.AddRange(rendered[i]);
                all.AddRange(new short[GapSamples]);
                described.Add($"{pieces[i].Description} ({rendered[i].Length / (double)LineTime.SampleRateHz:F1} s)");
            }
            short[] samples = all.ToArray();
            string tmp = path + $".tmp-{unique}";
            WavFile.Write(tmp, samples);
            File.Move(tmp, path, overwrite: true);
            File.WriteAllLines(Path.ChangeExtension(path, ".txt"), described);
            _log($"{name} corpus: {samples.Length / (double)LineTime.SampleRateHz / 60:F1} min written");
            return new SpeechCorpus(name, path, key, samples, true, described);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static short[] Render(SpeechPiece piece, string stem)
    {
        string source;
        if (piece.Voice != null)
        {
            string txt = stem + ".txt";
            File.WriteAllText(txt, piece.Text, new UTF8Encoding(false));
            source = stem + ".espeak.wav";
            ExternalTools.Run(ExternalTools.Espeak, new[]
            {
                "-v", piece.Voice, "-p", piece.Pitch.ToString(CultureInfo.InvariantCulture),
                "-s", piece.Speed.ToString(CultureInfo.InvariantCulture), "-w", source, "-f", txt,
            });
        }
        else
        {
            source = piece.FilePath!;
        }
        string raw = stem + ".raw";
        var args = new List<string> { "-G", "-q", source, "-t", "raw", "-r", LineTime.SampleRateHz.ToString(CultureInfo.InvariantCulture), "-c", "1", "-b", "16", "-e", "signed-integer", raw };
        if (!double.IsPositiveInfinity(piece.MaxSeconds))
        {
            args.AddRange(new[] { "trim", "0", piece.MaxSeconds.ToString("0.###", CultureInfo.InvariantCulture) });
        }
        ExternalTools.Run(ExternalTools.Sox, args);
        byte[] bytes = File.ReadAllBytes(raw);
        var x = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, x, 0, x.Length * 2);
        return x;
    }

    /// <summary>Scales a piece so that its active speech level is <see cref="TargetActiveDbm0"/> (saturating).</summary>
    public static short[] Normalise(short[] x)
    {
        double level = Levels.ActiveSpeechLevelDbm0(x);
        if (double.IsNaN(level)) { return x; }
        double g = Math.Pow(10, (TargetActiveDbm0 - level) / 20);
        var y = new short[x.Length];
        for (int i = 0; i < x.Length; i++) { y[i] = DtmfSignal.Saturate(x[i] * g); }
        return y;
    }

    private Dictionary<string, string> TalkOffSources()
    {
        var sources = new Dictionary<string, string>
        {
            ["en"] = ReadText("/usr/share/common-licenses/GPL-3", "GPL-3 (package base-files)"),
            ["ja-guide"] = ReadText(GuidePath, "the Japanese guide (set the guide path)"),
        };
        foreach (var (key, lang) in new[] { ("ja-help", "ja"), ("de", "de"), ("fr", "fr"), ("es", "es"), ("it", "it"), ("ru", "ru"), ("cmn", "zh_CN") })
        {
            string p = $"/usr/share/gnupg/help.{lang}.txt";
            if (File.Exists(p)) { sources[key] = StripComments(File.ReadAllText(p)); }
        }
        return sources;
    }

    private static List<(string Path, double Seconds)> AlsaRecordings()
    {
        string[] files = Directory.Exists(AlsaSoundsDirectory)
            ? Directory.GetFiles(AlsaSoundsDirectory, "*.wav").OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        if (files.Length == 0)
        {
            throw new BenchEnvironmentException($"no recordings in {AlsaSoundsDirectory}: apt-get install alsa-utils");
        }
        return files.Select(f => (f, new FileInfo(f).Length / 96000.0)).ToList(); // estimate only (48 kHz stereo); real lengths come from sox
    }

    private static string ReadText(string path, string what)
    {
        if (!File.Exists(path)) { throw new BenchEnvironmentException($"{path} not found: {what}"); }
        return File.ReadAllText(path);
    }

    private static string StripComments(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith('#')));

    private static string NextChunk(string text, ref int cursor, int chars)
    {
        var sb = new StringBuilder();
        int i = cursor;
        while (sb.Length < chars || !(char.IsWhiteSpace(text[i]) || text[i] == '。'))
        {
            sb.Append(text[i]);
            i = (i + 1) % text.Length;
            if (sb.Length > chars * 2) { break; }
        }
        cursor = i;
        return sb.ToString();
    }

    private static string RecipeKey(string name, IReadOnlyList<SpeechPiece> pieces, double minSeconds, double maxSeconds, string espeak, string sox)
    {
        var sb = new StringBuilder();
        sb.Append(RecipeVersion).Append('\n').Append(name).Append('\n')
          .Append(minSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n')
          .Append(maxSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n')
          .Append(TargetActiveDbm0.ToString("R", CultureInfo.InvariantCulture)).Append('\n')
          .Append(espeak).Append('\n').Append(sox).Append('\n');
        foreach (SpeechPiece p in pieces)
        {
            sb.Append(p.Voice).Append('|').Append(p.Pitch).Append('|').Append(p.Speed).Append('|')
              .Append(p.MaxSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('|').Append(p.Text).Append('|');
            if (p.FilePath != null)
            {
                sb.Append(p.FilePath).Append('|').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p.FilePath))));
            }
            sb.Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16].ToLowerInvariant();
    }
}

/// <summary>Minimal 8 kHz 16-bit mono PCM WAV reading and writing.</summary>
public static class WavFile
{
    public static void Write(string path, short[] samples, int sampleRate = LineTime.SampleRateHz)
    {
        using var w = new BinaryWriter(File.Create(path));
        int dataBytes = samples.Length * 2;
        w.Write("RIFF"u8); w.Write(36 + dataBytes); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(sampleRate); w.Write(sampleRate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(dataBytes);
        var bytes = new byte[dataBytes];
        Buffer.BlockCopy(samples, 0, bytes, 0, dataBytes);
        w.Write(bytes);
    }

    /// <summary>Reads a 16-bit mono PCM WAV written by <see cref="Write"/> (8 kHz expected).</summary>
    public static short[] Read(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        if (b.Length < 12 || Encoding.ASCII.GetString(b, 0, 4) != "RIFF" || Encoding.ASCII.GetString(b, 8, 4) != "WAVE")
        {
            throw new InvalidDataException($"{path} is not a WAV file");
        }
        int pos = 12;
        while (pos + 8 <= b.Length)
        {
            string id = Encoding.ASCII.GetString(b, pos, 4);
            int size = BitConverter.ToInt32(b, pos + 4);
            if (id == "fmt ")
            {
                short format = BitConverter.ToInt16(b, pos + 8), channels = BitConverter.ToInt16(b, pos + 10), bits = BitConverter.ToInt16(b, pos + 22);
                int rate = BitConverter.ToInt32(b, pos + 12);
                if (format != 1 || channels != 1 || bits != 16 || rate != LineTime.SampleRateHz)
                {
                    throw new InvalidDataException($"{path}: want 8 kHz 16-bit mono PCM");
                }
            }
            else if (id == "data")
            {
                int n = Math.Min(size, b.Length - pos - 8) / 2;
                var x = new short[n];
                Buffer.BlockCopy(b, pos + 8, x, 0, n * 2);
                return x;
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path} has no data chunk");
    }
}
