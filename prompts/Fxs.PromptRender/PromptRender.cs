// The RenderPrompts target's work (`dotnet cake --target=RenderPrompts` runs this program): renders Fxs.Core's
// PromptCatalogue to prompts/ja/ with espeak-ng's Japanese voice. See prompts/README.md.
//
// Per prompt: espeak-ng -v ja -s 140 -w raw.wav "<kana>" → sox to 8 kHz 16-bit mono → our gain
// to an active speech level of -15 dBm0 (ITU-T P.56 method B) → trim to 100 ms of margin around
// the speech → G.711 µ-law (the HAL's own encoder, Fxs.Hal.G711) → 8 kHz mono µ-law WAV. GroupPause, the pause
// at a hyphen of a number read back, is PromptCatalogue.GroupPauseMs of µ-law silence instead.
//
// Deterministic: espeak-ng and sox (-R repeatable, -D no dither) give the same bytes for the same
// input and versions; after sox everything is integer except the gain, which is computed once in
// double and rounded to Q12 before it touches a sample; the WAV header holds no time stamp.
// Same espeak-ng and sox versions (listed in prompts/ja/render.txt) → same files, byte for byte.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Hal;

namespace Fxs.PromptRender;

public static class PromptRender
{
    /// <summary>espeak-ng voice.</summary>
    public const string Voice = "ja";

    /// <summary>
    /// espeak-ng speaking rate (-s, its "words per minute"). With the ja voice, 140 gives about
    /// 6.3 morae per second over the menu, pauses included, against about 8 at espeak's default
    /// 175, which is near a news reader's pace; guidance for elderly listeners is usually put at
    /// 6 morae per second or a little less. 130 would be slower still but stretches the 121-mora
    /// menu past 20 s, and a caller who waits that long for "3" forgets "1".
    /// </summary>
    public const int SpeakingRate = 140;

    /// <summary>Target active speech level, dBm0 (ITU-T P.56).</summary>
    public const double TargetDbm0 = -15.0;

    /// <summary>Silence kept before the first and after the last speech frame, ms.</summary>
    public const int MarginMs = 100;

    public const int SampleRate = 8000;

    // A 5 ms frame is speech when its RMS is above -50 dBm0 (35 dB under the active level).
    private const int FrameSamples = 40;
    private const double SpeechFrameDbm0 = -50.0;

    // ITU-T P.56 method B constants: envelope time constant 0.03 s, hangover 0.2 s, margin 15.9 dB,
    // 15 thresholds 2^0..2^14 of a 16-bit LSB.
    private const double P56TimeConstant = 0.03;
    private const double P56HangoverSeconds = 0.2;
    private const double P56MarginDb = 15.9;
    private const int P56Thresholds = 15;

    /// <summary>Renders every prompt of the core's <see cref="PromptCatalogue"/> into <paramref name="outDir"/>.</summary>
    public static void Run(string outDir, Action<string> log)
    {
        Func<short, byte> encode = G711.LinearToMuLaw;
        Func<byte, short> decode = G711.MuLawToLinear;
        // 0 dBm0 as Fxs.Hal.ToneLevel defines it: a sine of peak 22,656.7 (16-bit linear), i.e. mean square A²/2.
        double zeroDbm0Peak = ToneLevel.ZeroDbm0AmplitudeQ16 / 65536.0;
        double zeroDbm0MeanSquare = zeroDbm0Peak * zeroDbm0Peak / 2;
        int count = PromptCatalogue.Count;
        // The pause at a hyphen of a number read back (issue #13 item 9) is silence of a set length, not speech.
        int groupPauseMs = PromptCatalogue.GroupPauseMs;

        System.IO.Directory.CreateDirectory(outDir);
        string work = System.IO.Directory.CreateTempSubdirectory("fxs-prompts-").FullName;
        var table = new StringBuilder("id\tname\tfile\tduration_ms\ttext\n");
        var readings = new StringBuilder("id\tname\treading\n");
        var written = new HashSet<string>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                PromptId id = PromptCatalogue.At(i);
                int number = (int)id;
                string promptName = PromptCatalogue.Name(id);
                string promptText = PromptCatalogue.Text(id);
                string kana = PromptCatalogue.Reading(id);
                string file = PromptCatalogue.FileName(id);

                if (promptName == "GroupPause")
                {
                    byte[] silence = new byte[groupPauseMs * SampleRate / 1000];
                    for (int k = 0; k < silence.Length; k++) { silence[k] = encode(0); }
                    System.IO.File.WriteAllBytes(System.IO.Path.Combine(outDir, file), MuLawWav(silence));
                    written.Add(file);
                    table.Append(number).Append('\t').Append(promptName).Append('\t').Append(file).Append('\t')
                         .Append(groupPauseMs).Append('\t').Append(promptText).Append('\n');
                    readings.Append(number).Append('\t').Append(promptName).Append('\t').Append(kana).Append('\n');
                    log(string.Format(CultureInfo.InvariantCulture, "{0,-32} {1,6} ms  silence (group pause)", file, groupPauseMs));
                    continue;
                }

                string rawWav = System.IO.Path.Combine(work, "raw.wav");
                string pcm = System.IO.Path.Combine(work, "8k.s16");
                string espeakText = EspeakText(kana);
                if (espeakText != kana) { log("  (espeak-ng りゃ/りゅ/りょ workaround) " + espeakText); }
                Exec("espeak-ng", "-v", Voice, "-s", SpeakingRate.ToString(CultureInfo.InvariantCulture), "-w", rawWav, espeakText);
                // -6 dB before resampling keeps the resampler's overshoot off the clip level; our gain follows.
                Exec("sox", "-R", "-D", rawWav, "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1", "-L", pcm, "gain", "-6", "rate", "-v", SampleRate.ToString(CultureInfo.InvariantCulture));
                short[] speech = ReadPcm(pcm);

                double level = ActiveLevelDbm0(speech, speech.Length, zeroDbm0MeanSquare);
                int gainQ12 = GainQ12(TargetDbm0 - level);
                byte[] codes = Shape(speech, gainQ12, zeroDbm0MeanSquare, encode);
                double rendered = ActiveLevelDbm0(Decode(codes, decode), codes.Length, zeroDbm0MeanSquare);
                if (Math.Abs(rendered - TargetDbm0) > 0.05)
                {
                    // Second pass: trimming and µ-law moved the level a little; correct once.
                    gainQ12 = (int)Math.Round(gainQ12 * Math.Pow(10, (TargetDbm0 - rendered) / 20));
                    codes = Shape(speech, gainQ12, zeroDbm0MeanSquare, encode);
                    rendered = ActiveLevelDbm0(Decode(codes, decode), codes.Length, zeroDbm0MeanSquare);
                }

                System.IO.File.WriteAllBytes(System.IO.Path.Combine(outDir, file), MuLawWav(codes));
                written.Add(file);
                int durationMs = codes.Length * 1000 / SampleRate;
                table.Append(number).Append('\t').Append(promptName).Append('\t').Append(file).Append('\t')
                     .Append(durationMs).Append('\t').Append(promptText).Append('\n');
                readings.Append(number).Append('\t').Append(promptName).Append('\t').Append(kana).Append('\n');
                log(string.Format(CultureInfo.InvariantCulture, "{0,-32} {1,6} ms  {2,6:F1} dBm0  (espeak {3,6:F1} dBm0, gain {4:F2})",
                    file, durationMs, rendered, level, gainQ12 / 4096.0));
            }
        }
        finally
        {
            System.IO.Directory.Delete(work, true);
        }

        foreach (string stale in System.IO.Directory.GetFiles(outDir, "*.wav"))
        {
            if (!written.Contains(System.IO.Path.GetFileName(stale))) { log("removing " + stale + " (no such prompt)"); System.IO.File.Delete(stale); }
        }
        var utf8 = new UTF8Encoding(false);
        System.IO.File.WriteAllText(System.IO.Path.Combine(outDir, "catalogue.tsv"), table.ToString(), utf8);
        System.IO.File.WriteAllText(System.IO.Path.Combine(outDir, "readings.tsv"), readings.ToString(), utf8);
        System.IO.File.WriteAllText(System.IO.Path.Combine(outDir, "render.txt"),
            "Rendered by `dotnet cake --target=RenderPrompts` (prompts/Fxs.PromptRender) from\n" +
            "firmware/Fxs.Core/Ivr/Prompts/PromptCatalogue.cs. The same versions give the same bytes.\n" +
            "packages: " + Packages() + "\n" +
            "synthesizer: " + Squeeze(FirstLine(Exec("espeak-ng", "--version"))) + "; voice " + Voice + ", -s " + SpeakingRate.ToString(CultureInfo.InvariantCulture) + "\n" +
            "resampler: " + Squeeze(FirstLine(Exec("sox", "--version"))) + "; sox -R -D raw.wav -e signed-integer -b 16 -c 1 out gain -6 rate -v 8000\n" +
            "level: active speech level " + TargetDbm0.ToString("F1", CultureInfo.InvariantCulture) + " dBm0 (ITU-T P.56 method B); 0 dBm0 = a sine of peak 22,656.7 in 16-bit linear (Fxs.Hal.ToneLevel)\n" +
            "margin: " + MarginMs.ToString(CultureInfo.InvariantCulture) + " ms before and after speech (5 ms frames above " + SpeechFrameDbm0.ToString("F0", CultureInfo.InvariantCulture) + " dBm0)\n" +
            "format: 8000 Hz, mono, G.711 µ-law (Fxs.Hal.G711), RIFF/WAVE with fmt (tag 7), fact and data chunks\n", utf8);
    }

    /// <summary>
    /// The kana as espeak-ng 1.51 gets it. Its ja rules read り before a small ゃ/ゅ/ょ as "r`_ja"
    /// and then add the small kana's vowel, so りょ comes out "rya-o" (にゅうりょく "nyuuryaoku").
    /// Workaround: each word with りゃ/りゅ/りょ is transliterated by espeak-ng itself (-x), the
    /// stray "a" removed, and the word passed as phonemes ([[...]]); everything else is unchanged.
    /// </summary>
    public static string EspeakText(string kana)
    {
        return Regex.Replace(kana, "[^\\s、。]*[りリ][ゃゅょャュョ][^\\s、。]*", m =>
        {
            string phonemes = FirstLine(Exec("espeak-ng", "-v", Voice, "-q", "-x", m.Value)).Trim();
            string fixedPhonemes = Regex.Replace(phonemes, "r`_ja([',]?[aiueo])", "r`_j$1");
            if (fixedPhonemes == phonemes) { return m.Value; } // a later espeak-ng reads it right
            return "[[" + fixedPhonemes + "]]";
        });
    }

    // Gain, trim and µ-law: integer arithmetic only, so the bytes do not depend on floating point.
    private static byte[] Shape(short[] speech, int gainQ12, double zeroDbm0MeanSquare, Func<short, byte> encode)
    {
        var scaled = new short[speech.Length];
        for (int i = 0; i < speech.Length; i++)
        {
            int v = (speech[i] * gainQ12 + 2048) >> 12;
            scaled[i] = (short)(v > short.MaxValue ? short.MaxValue : v < short.MinValue ? short.MinValue : v);
        }

        // Frame energy threshold as an integer sum of squares over one frame.
        long threshold = (long)Math.Round(zeroDbm0MeanSquare * Math.Pow(10, SpeechFrameDbm0 / 10) * FrameSamples);
        int first = -1, last = -1;
        for (int f = 0; f + FrameSamples <= scaled.Length; f += FrameSamples)
        {
            long energy = 0;
            for (int i = f; i < f + FrameSamples; i++) { energy += scaled[i] * scaled[i]; }
            if (energy > threshold)
            {
                if (first < 0) { first = f; }
                last = f + FrameSamples;
            }
        }
        if (first < 0) { throw new InvalidOperationException("espeak-ng produced no speech"); }

        int margin = MarginMs * SampleRate / 1000;
        var codes = new byte[last - first + 2 * margin];
        for (int k = 0; k < codes.Length; k++)
        {
            int i = first - margin + k;
            codes[k] = encode(i >= 0 && i < scaled.Length ? scaled[i] : (short)0);
        }
        return codes;
    }

    private static int GainQ12(double db)
    {
        return (int)Math.Round(4096 * Math.Pow(10, db / 20));
    }

    private static short[] Decode(byte[] codes, Func<byte, short> decode)
    {
        var linear = new short[codes.Length];
        for (int i = 0; i < codes.Length; i++) { linear[i] = decode(codes[i]); }
        return linear;
    }

    /// <summary>
    /// Active speech level (ITU-T P.56 method B) in dBm0: the mean square over the samples where a
    /// 30 ms envelope (with 200 ms hangover) exceeds the threshold that lies 15.9 dB under that
    /// mean square, interpolated between the thresholds 2^0..2^14.
    /// </summary>
    public static double ActiveLevelDbm0(short[] x, int n, double zeroDbm0MeanSquare)
    {
        double g = Math.Exp(-1.0 / (SampleRate * P56TimeConstant));
        int hangover = (int)Math.Round(P56HangoverSeconds * SampleRate);
        var active = new long[P56Thresholds];
        var hang = new int[P56Thresholds];
        for (int j = 0; j < P56Thresholds; j++) { hang[j] = hangover; }
        double p = 0, q = 0, sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double v = x[i];
            sumSquares += v * v;
            p = g * p + (1 - g) * Math.Abs(v);
            q = g * q + (1 - g) * p;
            for (int j = 0; j < P56Thresholds; j++)
            {
                if (q >= (1 << j)) { active[j]++; hang[j] = 0; }
                else if (hang[j] < hangover) { active[j]++; hang[j]++; }
            }
        }
        if (sumSquares == 0) { return double.NegativeInfinity; }

        double previousA = 0, previousDelta = 0;
        for (int j = 0; j < P56Thresholds; j++)
        {
            if (active[j] == 0) { break; }
            double a = 10 * Math.Log10(sumSquares / active[j]);
            double delta = a - 20 * Math.Log10(1 << j);
            if (delta <= P56MarginDb)
            {
                double level = j == 0 ? a : previousA + (a - previousA) * (previousDelta - P56MarginDb) / (previousDelta - delta);
                return level - 10 * Math.Log10(zeroDbm0MeanSquare);
            }
            previousA = a;
            previousDelta = delta;
        }
        return previousA - 10 * Math.Log10(zeroDbm0MeanSquare); // quieter than the lowest threshold allows
    }

    /// <summary>8 kHz mono µ-law WAV: RIFF, fmt (18 bytes, tag 7), fact (sample count), data (+ pad byte).</summary>
    public static byte[] MuLawWav(byte[] codes)
    {
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        int pad = codes.Length & 1;
        w.Write(Encoding.ASCII.GetBytes("RIFF"));
        w.Write(4 + (8 + 18) + (8 + 4) + (8 + codes.Length + pad));
        w.Write(Encoding.ASCII.GetBytes("WAVE"));
        w.Write(Encoding.ASCII.GetBytes("fmt "));
        w.Write(18);
        w.Write((short)7);          // WAVE_FORMAT_MULAW
        w.Write((short)1);          // mono
        w.Write(SampleRate);
        w.Write(SampleRate);        // bytes per second
        w.Write((short)1);          // block align
        w.Write((short)8);          // bits per sample
        w.Write((short)0);          // cbSize
        w.Write(Encoding.ASCII.GetBytes("fact"));
        w.Write(4);
        w.Write(codes.Length);
        w.Write(Encoding.ASCII.GetBytes("data"));
        w.Write(codes.Length);
        w.Write(codes);
        if (pad != 0) { w.Write((byte)0xFF); }
        w.Flush();
        return ms.ToArray();
    }

    private static short[] ReadPcm(string path)
    {
        byte[] b = System.IO.File.ReadAllBytes(path);
        var s = new short[b.Length / 2];
        for (int i = 0; i < s.Length; i++) { s[i] = (short)(b[2 * i] | (b[2 * i + 1] << 8)); }
        return s;
    }

    // The Debian packages behind the bytes (espeak-ng-data holds the ja rules and voice).
    private static string Packages()
    {
        try
        {
            return Squeeze(Exec("dpkg-query", "-W", "-f=${Package} ${Version}, ", "espeak-ng", "espeak-ng-data", "libespeak-ng1", "sox", "libsox3").Trim().TrimEnd(','));
        }
        catch (Exception e)
        {
            return "(dpkg-query failed: " + e.Message.Trim() + ")";
        }
    }

    // Collapses runs of spaces and drops espeak-ng's "Data at: <path>" (machine-specific).
    private static string Squeeze(string s)
    {
        int data = s.IndexOf("Data at:", StringComparison.Ordinal);
        if (data >= 0) { s = s.Substring(0, data); }
        return Regex.Replace(s, "\\s+", " ").Trim();
    }

    private static string FirstLine(string s)
    {
        int nl = s.IndexOf('\n');
        return (nl < 0 ? s : s.Substring(0, nl)).Trim();
    }

    /// <summary>Runs a tool with literal arguments (no shell); returns its stdout, throws on failure.</summary>
    public static string Exec(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) { psi.ArgumentList.Add(a); }
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var proc = System.Diagnostics.Process.Start(psi);
        var stderr = proc.StandardError.ReadToEndAsync();
        string stdout = proc.StandardOutput.ReadToEnd();
        proc.WaitForExit();
        if (proc.ExitCode != 0) { throw new InvalidOperationException(tool + " " + string.Join(" ", args) + " failed (exit " + proc.ExitCode + "): " + stderr.Result); }
        return stdout;
    }
}
