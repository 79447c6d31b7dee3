using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Fxs.Hal;

namespace Fxs.Bench;

/// <summary>
/// Corpora of real recordings (issue #11): people reading telephone prompts in Italian, Mexican and Colombian
/// Spanish, US English and Canadian French (Debian's Asterisk prompt packages), and music on hold
/// (asterisk-moh-opsound-wav). Built like the espeak-ng corpus: each file through sox to 8 kHz, normalised to
/// <see cref="TargetActiveDbm0"/> active level, 0.5 s apart, cached under a hash of the recipe (file paths and their
/// SHA-256), so a new package version rebuilds it.
/// </summary>
public sealed partial class SpeechCorpusBuilder
{
    /// <summary>Where Debian's Asterisk packages put their prompts.</summary>
    public const string AsteriskSoundsDirectory = "/usr/share/asterisk/sounds";

    /// <summary>Where asterisk-moh-opsound-wav puts its music.</summary>
    public const string AsteriskMusicDirectory = "/usr/share/asterisk/moh";

    /// <summary>
    /// The speech packages: directory under <see cref="AsteriskSoundsDirectory"/> and the Debian package that fills it.
    /// Each voice once (the it, es, en, fr links are alternatives pointing at these).
    /// </summary>
    public static readonly IReadOnlyList<(string Directory, string Package)> AsteriskVoices = new[]
    {
        ("it_IT_m_Carlo", "asterisk-core-sounds-it-wav"),
        ("es_MX_f_Allison", "asterisk-core-sounds-es-wav"),
        ("es", "asterisk-prompt-es-co"),
        ("digits", "asterisk-prompt-es-co"),
        ("en_US_f_Allison", "asterisk-core-sounds-en-wav"),
        ("fr_CA_f_June", "asterisk-core-sounds-fr-wav"),
        ("it_IT_f_Menardi", "asterisk-prompt-it-menardi-wav"),
    };

    /// <summary>Every Debian package the recorded corpora read.</summary>
    public static IEnumerable<string> RecordedPackages =>
        AsteriskVoices.Select(v => v.Package).Append("asterisk-moh-opsound-wav").Distinct();

    /// <summary>
    /// The recorded speech: every prompt file (.wav, .gsm) of <see cref="AsteriskVoices"/>, the voices taken in turn
    /// (one file of each, then the next of each, …) so any prefix mixes them; with <paramref name="maxMinutes"/>, the
    /// files up to about that length (estimated from file sizes), else all (about 2.2 h).
    /// </summary>
    public SpeechCorpus RecordedSpeech(double? maxMinutes = null)
    {
        var perVoice = new List<List<string>>();
        foreach (var (dir, package) in AsteriskVoices)
        {
            string path = Path.Combine(AsteriskSoundsDirectory, dir);
            string[] files = Directory.Exists(path)
                ? Directory.GetFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".wav", StringComparison.Ordinal) || f.EndsWith(".gsm", StringComparison.Ordinal))
                    .OrderBy(f => f, StringComparer.Ordinal).ToArray()
                : Array.Empty<string>();
            if (files.Length == 0) { throw new BenchEnvironmentException($"no prompts in {path}: apt-get install {package}"); }
            perVoice.Add(files.ToList());
        }
        var pieces = new List<SpeechPiece>();
        double seconds = 0;
        for (int k = 0; perVoice.Any(v => k < v.Count); k++)
        {
            foreach (List<string> v in perVoice)
            {
                if (k >= v.Count) { continue; }
                if (maxMinutes is double max && seconds >= max * 60) { break; }
                pieces.Add(SpeechPiece.Recording(v[k]));
                seconds += EstimatedSeconds(v[k]) + GapSamples / (double)LineTime.SampleRateHz;
            }
        }
        return GetOrBuild("recorded-speech", pieces, 0, pieces.Count);
    }

    /// <summary>
    /// The recorded music: the five pieces of asterisk-moh-opsound-wav (about 18 min), each whole or, with
    /// <paramref name="maxSecondsEach"/>, its first seconds.
    /// </summary>
    public SpeechCorpus RecordedMusic(double? maxSecondsEach = null)
    {
        string[] files = Directory.Exists(AsteriskMusicDirectory)
            ? Directory.GetFiles(AsteriskMusicDirectory, "*.wav").OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        if (files.Length == 0) { throw new BenchEnvironmentException($"no music in {AsteriskMusicDirectory}: apt-get install asterisk-moh-opsound-wav"); }
        var pieces = files.Select(f => SpeechPiece.Recording(f, maxSecondsEach ?? double.PositiveInfinity)).ToList();
        return GetOrBuild("recorded-music", pieces, 0, pieces.Count);
    }

    /// <summary>
    /// A recording as it is (no normalisation): sox to 8 kHz 16-bit mono, e.g. one of the product's guidance prompts
    /// (prompts/ja, µ-law at −15 dBm0 active level).
    /// </summary>
    public static short[] LoadRecording(string path)
    {
        if (!File.Exists(path)) { throw new FileNotFoundException($"{path} not found", path); }
        string stem = Path.Combine(Path.GetTempPath(), $"fxs-recording-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            return Render(SpeechPiece.Recording(path), stem);
        }
        finally
        {
            try { File.Delete(stem + ".raw"); } catch (IOException) { }
        }
    }

    /// <summary>Length of a prompt file from its size: 16-bit 8 kHz WAV 16,000 B/s, GSM 06.10 1,650 B/s.</summary>
    private static double EstimatedSeconds(string path)
    {
        long bytes = new FileInfo(path).Length;
        return path.EndsWith(".gsm", StringComparison.Ordinal) ? bytes / 1650.0 : bytes / 16000.0;
    }
}
