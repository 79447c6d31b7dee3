using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Fxs.Core.Dsp;
using NAudio.Wave;
using Fxs.Hal;

namespace Fxs.Cli.Tests;

// Builds the phone's side of a whole call for `fxs replay`: the audio it sends (DTMF from the core's
// DtmfGenerator, silence between) and its hook switch (off hook, dial pulses, flashes, hang-up), on one
// timeline from line time 0, written as a WAV and a hook file.
internal sealed class ReplayCaller
{
    private readonly List<short> _audio = new();
    private readonly List<(decimal Ms, bool Off)> _hook = new();
    private readonly DtmfGenerator _dtmf = new();

    public ReplayCaller(bool offHookAtStart = true)
    {
        if (offHookAtStart) { _hook.Add((0m, true)); }
    }

    public decimal NowMs => _audio.Count / 8m;

    public ReplayCaller Wait(int ms)
    {
        for (int i = 0; i < ms * 8; i++) { _audio.Add(0); }
        return this;
    }

    public ReplayCaller Keys(string keys, int toneMs = 80, int pauseMs = 150, int levelDeciDbm0 = -100, int twistDeciDb = 20)
    {
        var buffer = new short[toneMs * 8];
        foreach (char k in keys)
        {
            _dtmf.SetDigit(k, levelDeciDbm0, levelDeciDbm0 + twistDeciDb, 0, 0);
            _dtmf.Fill(buffer, 0, buffer.Length);
            _audio.AddRange(buffer);
            _dtmf.Silence();
            Wait(pauseMs);
        }
        return this;
    }

    // Dial pulses at 10 or 20 pps, 33 % make, the typical inter-digit pause (as the sim phone dials them).
    public ReplayCaller Pulses(string digits, int pps)
    {
        decimal period = 1000m / pps;
        decimal breakMs = period * 0.67m;
        int pause = pps >= 15 ? 500 : 700;
        foreach (char d in digits)
        {
            int pulses = d == '0' ? 10 : d - '0';
            for (int k = 0; k < pulses; k++)
            {
                decimal start = NowMs + k * period;
                _hook.Add((start, false));
                _hook.Add((start + breakMs, true));
            }
            decimal trainEnd = NowMs + (pulses - 1) * period + breakMs;
            WaitUntil(trainEnd + pause);
        }
        return this;
    }

    public ReplayCaller Flash(int breakMs = 300)
    {
        _hook.Add((NowMs, false));
        _hook.Add((NowMs + breakMs, true));
        return Wait(breakMs + 500);
    }

    public ReplayCaller HangUp()
    {
        _hook.Add((NowMs, false));
        return Wait(1500);
    }

    private void WaitUntil(decimal ms)
    {
        int target = (int)Math.Ceiling(ms * 8);
        while (_audio.Count < target) { _audio.Add(0); }
    }

    public string WriteWav(string path, string encoding = "pcm")
    {
        WaveFormat format = encoding switch
        {
            "mulaw" => WaveFormat.CreateMuLawFormat(8000, 1),
            "alaw" => WaveFormat.CreateALawFormat(8000, 1),
            _ => new WaveFormat(8000, 16, 1),
        };
        using var writer = new WaveFileWriter(path, format);
        if (encoding == "pcm")
        {
            short[] a = _audio.ToArray();
            writer.WriteSamples(a, 0, a.Length);
        }
        else
        {
            var bytes = new byte[_audio.Count];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = encoding == "mulaw" ? G711.LinearToMuLaw(_audio[i]) : G711.LinearToALaw(_audio[i]);
            }
            writer.Write(bytes, 0, bytes.Length);
        }
        return path;
    }

    public string WriteHook(string path)
    {
        var sb = new StringBuilder("# hook timeline written by the test's ReplayCaller\n");
        foreach ((decimal ms, bool off) in _hook)
        {
            sb.Append(ms.ToString("0.###", CultureInfo.InvariantCulture)).Append(off ? " off" : " on").Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
