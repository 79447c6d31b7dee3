using System;
using System.IO;
using Fxs.Bench;

namespace Fxs.Bench.Tests;

public sealed class SpeechCorpusTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "fxs-bench-corpus-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache)) { Directory.Delete(_cache, recursive: true); }
    }

    [Fact]
    public void Builds_at_least_the_requested_minutes_once_then_reads_the_cache()
    {
        // Fails (not skips) with "... not found: apt-get install espeak-ng / sox / alsa-utils" when a tool is missing.
        var first = new SpeechCorpusBuilder(_cache).TalkOff(1.5);
        Assert.True(first.WasBuilt);
        Assert.True(first.Minutes >= 1.5, $"{first.Minutes} min");
        Assert.True(File.Exists(first.Path));
        Assert.StartsWith(_cache, first.Path);
        Assert.Contains(first.Pieces, p => p.Contains("-v ja", StringComparison.Ordinal));
        Assert.Contains(first.Pieces, p => p.Contains("/usr/share/sounds/alsa", StringComparison.Ordinal));
        DateTime written = File.GetLastWriteTimeUtc(first.Path);

        var second = new SpeechCorpusBuilder(_cache).TalkOff(1.5);
        Assert.False(second.WasBuilt);
        Assert.Equal(first.Path, second.Path);
        Assert.Equal(first.Samples, second.Samples);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.Path));

        var other = new SpeechCorpusBuilder(_cache).TalkOff(2.5); // another recipe, another file
        Assert.NotEqual(first.Path, other.Path);
    }

    [Fact]
    public void Speech_is_at_minus_15_dBm0_active_level()
    {
        var c = new SpeechCorpusBuilder(_cache).TalkOff(1.0);
        Assert.InRange(Levels.ActiveSpeechLevelDbm0(c.Samples), -15.5, -14.5);
    }

    [Fact]
    public void Default_cache_follows_xdg()
    {
        string dir = SpeechCorpusBuilder.DefaultCacheDirectory();
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        Assert.Equal(string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "fxs") : Path.Combine(xdg, "fxs"), dir);
    }

    [Fact]
    public void Wav_round_trip()
    {
        Directory.CreateDirectory(_cache);
        string p = Path.Combine(_cache, "x.wav");
        short[] x = { 0, 1, -1, short.MaxValue, short.MinValue };
        WavFile.Write(p, x);
        Assert.Equal(x, WavFile.Read(p));
    }
}
