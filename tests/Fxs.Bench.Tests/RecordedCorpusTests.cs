using System;
using System.IO;
using System.Linq;
using Fxs.Bench;

namespace Fxs.Bench.Tests;

/// <summary>The corpora of real recordings (Debian's Asterisk prompts and music on hold).</summary>
public sealed class RecordedCorpusTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "fxs-bench-recorded-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache)) { Directory.Delete(_cache, recursive: true); }
    }

    [Fact]
    public void A_short_speech_corpus_takes_every_voice_in_turn_at_the_target_level_then_comes_from_the_cache()
    {
        // Fails (not skips) with "no prompts in ...: apt-get install asterisk-..." when a package is missing.
        var first = new SpeechCorpusBuilder(_cache).RecordedSpeech(maxMinutes: 0.5);
        Assert.True(first.WasBuilt);
        Assert.InRange(first.Minutes, 0.4, 2.0);
        foreach (var (dir, _) in SpeechCorpusBuilder.AsteriskVoices)
        {
            Assert.Contains(first.Pieces, p => p.Contains($"/{dir}/", StringComparison.Ordinal));
        }
        Assert.InRange(Levels.ActiveSpeechLevelDbm0(first.Samples) - SpeechCorpusBuilder.TargetActiveDbm0, -1.5, 1.5);

        var second = new SpeechCorpusBuilder(_cache).RecordedSpeech(maxMinutes: 0.5);
        Assert.False(second.WasBuilt);
        Assert.Equal(first.Samples, second.Samples);
    }

    [Fact]
    public void Music_pieces_are_trimmed_when_asked()
    {
        var music = new SpeechCorpusBuilder(_cache).RecordedMusic(maxSecondsEach: 2);
        Assert.Equal(5, music.Pieces.Count);
        Assert.InRange(music.Seconds, 5 * 2.0, 5 * 2.6); // 2 s each plus 0.5 s gaps
    }

    [Fact]
    public void A_recording_loads_as_it_is()
    {
        string wav = Path.Combine(_cache, "x.wav");
        Directory.CreateDirectory(_cache);
        short[] x = new DtmfSignal(1).Tone('1', 100, DtmfToneSpec.Equal(-10)).ToLinear(muLaw: false);
        WavFile.Write(wav, x);
        Assert.Equal(x, SpeechCorpusBuilder.LoadRecording(wav));
    }
}
