using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal;

namespace Fxs.Host.Recording;

/// <summary>
/// The stereo recording of a call, the one every command that records writes (`fxs demo`,
/// `fxs call --record`, `fxs replay --record`): 8 kHz 16-bit PCM, left what the port heard (before
/// echo cancelling), right what it played; and, for the commands that drive the phone, the hook
/// timeline beside it in the `fxs replay --hook` format.
/// <para>
/// Password keys are not kept (issue #13 item 4) unless the caller asks for them on the sim board
/// (<c>--record-secrets</c>). The IVR says when they can be on the line: the recorder reads the
/// core's own IVR state each frame and never listens for keys itself. From the first frame in which
/// the IVR is in a state whose keys the core reports as 'x' (password entry, confirmation,
/// completion guidance, or the finished IVR's busy tone) to the frame in which the port is idle
/// again (on hook), the heard channel is written as silence. That removes every password key with
/// its tail: a key that starts in the password step is in that stretch, a key cannot outlast the
/// loop, and the call never leaves the password step for another entry. The key that moved the IVR
/// into the step (the menu key, the number's '#') was decided a frame before and is kept. (The one
/// entry into the step that no key onset triggers is a rotary number ended by its 5 s pause: a DTMF
/// key begun less than the receiver's onset time before that instant would keep that much of its
/// start, shorter than what the port's receiver needed to take it.)
/// </para>
/// <para>
/// The played channel is the port's own guidance and tones (it never plays back what it hears), so
/// it carries no key and is kept whole. In the hook timeline the blanked stretch holds the loop
/// closed (dial pulses and flashes left out), except its last opening: the hang-up. The WAV's
/// LIST/INFO chunk says which was done (ICMT).
/// </para>
/// </summary>
public sealed class CallRecorder : IHookEdgeListener
{
    /// <summary>ICMT of a recording whose password keys were blanked.</summary>
    public const string BlankedComment = "password keys replaced by silence (fxs): the heard channel is silent from the password step to on-hook";

    /// <summary>ICMT of a recording made with --record-secrets.</summary>
    public const string KeptComment = "password keys kept (fxs --record-secrets, sim board): this recording holds the password";

    private const int Channels = 2;
    private const int BytesPerSample = 2;

    // The data chunk is written in blocks of this many stereo frames (100 ms): one small buffer.
    private const int BlockFrames = 800;

    private readonly List<short> _heard;
    private readonly List<short> _played;
    private readonly List<(long Start, long End)> _blanked = new(); // [start, end) in recording samples
    private readonly List<(long Sample, bool Closed)> _edges = new();
    private readonly GatewayPort _port;
    private IHookEdgeListener? _next;
    private long _firstSample = -1;
    private long _blankFrom = -1;

    /// <summary>A recording of <paramref name="port"/>'s line, whose IVR says when password keys can be on it; fed by its monitor's <see cref="Frame"/>.
    /// <paramref name="capacitySamples"/>: samples kept without growing the buffers (`fxs run --record-dir` sizes them once and reuses the recorder, <see cref="Clear"/>).</summary>
    public CallRecorder(GatewayPort port, bool keepSecrets, int capacitySamples = 0)
    {
        _port = port;
        KeepSecrets = keepSecrets;
        _heard = new List<short>(capacitySamples);
        _played = new List<short>(capacitySamples);
    }

    /// <summary>Samples recorded so far (per channel).</summary>
    public int Samples => _heard.Count;

    /// <summary>The first heard sample written as silence (recording samples), or -1: nothing blanked.</summary>
    public long FirstBlankedSample
    {
        get
        {
            if (KeepSecrets) { return -1; }
            List<(long Start, long End)> windows = Windows();
            return windows.Count == 0 ? -1 : windows[0].Start;
        }
    }

    /// <summary>Empties the recorder for the next call, keeping its buffers (no allocation while the next call is recorded).</summary>
    public void Clear()
    {
        _heard.Clear();
        _played.Clear();
        _blanked.Clear();
        _edges.Clear();
        _firstSample = -1;
        _blankFrom = -1;
    }

    /// <summary>--record-secrets: nothing is blanked.</summary>
    public bool KeepSecrets { get; }

    /// <summary>Heard samples written as silence.</summary>
    public long BlankedSamples
    {
        get
        {
            long n = 0;
            foreach ((long start, long end) in Windows()) { n += end - start; }
            return n;
        }
    }

    /// <summary>
    /// Records the hook switch's edges for the hook timeline: the recorder becomes the switch's
    /// listener and passes every edge on to the port's hook-signal decoder unchanged.
    /// </summary>
    public void TapHook(IHookSwitch hookSwitch)
    {
        _next = _port.Hook;
        hookSwitch.SetEdgeListener(this);
    }

    /// <summary>One frame of the line (an <see cref="IGatewayMonitor.Frame"/>), called before the port decides its keys.</summary>
    public void Frame(short[] heard, short[] played, int count, long startSample)
    {
        if (_firstSample < 0) { _firstSample = startSample; }
        long at = _heard.Count;
        if (!KeepSecrets)
        {
            // The state after the previous frame: a key that moved the IVR into the password step was decided there.
            CallControl control = _port.Control;
            if (_blankFrom < 0 && KeysAreSecret(control)) { _blankFrom = at; }
            else if (_blankFrom >= 0 && control.State == CallState.Idle)
            {
                _blanked.Add((_blankFrom, at));
                _blankFrom = -1;
            }
        }
        for (int i = 0; i < count; i++)
        {
            _heard.Add(heard[i]);
            _played.Add(played[i]);
        }
    }

    // The IVR's states whose keys CallControl reports as 'x' (its IsSecret, and the finished IVR's busy tone).
    private static bool KeysAreSecret(CallControl control)
    {
        IvrState s = control.Ivr.State;
        return control.State != CallState.Idle
            && (s == IvrState.PasswordEntry || s == IvrState.PasswordConfirm || s == IvrState.Completing || s == IvrState.Finished);
    }

    void IHookEdgeListener.HookEdge(bool loopClosed, long atSample)
    {
        _edges.Add((atSample, loopClosed));
        _next?.HookEdge(loopClosed, atSample);
    }

    // The blanked stretches, the one still open running to the end of the recording.
    private List<(long Start, long End)> Windows()
    {
        var all = new List<(long, long)>(_blanked);
        if (_blankFrom >= 0) { all.Add((_blankFrom, _heard.Count)); }
        return all;
    }

    /// <summary>"12.3 s, stereo 8 kHz 16-bit: left heard, right played" and what was done with the password keys.</summary>
    public string Describe()
    {
        string text = (_heard.Count / (double)LineTime.SampleRateHz).ToString("F1", CultureInfo.InvariantCulture)
            + " s, stereo 8 kHz 16-bit: left heard, right played; ";
        return KeepSecrets
            ? text + "password keys kept (--record-secrets)"
            : text + "password keys replaced by silence ("
                + (BlankedSamples / (double)LineTime.SampleRateHz).ToString("F1", CultureInfo.InvariantCulture) + " s of the left channel)";
    }

    /// <summary>Writes the WAV (RIFF: fmt, LIST/INFO, data).</summary>
    public void WriteWav(string path)
    {
        List<(long Start, long End)> windows = KeepSecrets ? new List<(long, long)>() : Windows();
        byte[] info = InfoChunk(KeepSecrets ? KeptComment : BlankedComment);
        long dataBytes = (long)_heard.Count * Channels * BytesPerSample;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using var w = new BinaryWriter(file);
        w.Write(Encoding.ASCII.GetBytes("RIFF"));
        w.Write(checked((uint)(4 + (8 + 16) + info.Length + 8 + dataBytes)));
        w.Write(Encoding.ASCII.GetBytes("WAVE"));
        w.Write(Encoding.ASCII.GetBytes("fmt "));
        w.Write(16);
        w.Write((ushort)1); // WAVE_FORMAT_PCM
        w.Write((ushort)Channels);
        w.Write(LineTime.SampleRateHz);
        w.Write(LineTime.SampleRateHz * Channels * BytesPerSample);
        w.Write((ushort)(Channels * BytesPerSample));
        w.Write((ushort)(8 * BytesPerSample));
        w.Write(info);
        w.Write(Encoding.ASCII.GetBytes("data"));
        w.Write((uint)dataBytes);

        var block = new byte[BlockFrames * Channels * BytesPerSample];
        int window = 0;
        for (int at = 0; at < _heard.Count; at += BlockFrames)
        {
            int n = Math.Min(BlockFrames, _heard.Count - at);
            for (int i = 0; i < n; i++)
            {
                long sample = at + i;
                while (window < windows.Count && windows[window].End <= sample) { window++; }
                bool blank = window < windows.Count && windows[window].Start <= sample;
                short left = blank ? (short)0 : _heard[at + i];
                short right = _played[at + i];
                int b = 4 * i;
                block[b] = (byte)left;
                block[b + 1] = (byte)(left >> 8);
                block[b + 2] = (byte)right;
                block[b + 3] = (byte)(right >> 8);
            }
            w.Write(block, 0, n * Channels * BytesPerSample);
        }
    }

    // LIST/INFO: ISFT (the software) and ICMT (what was done with the password keys), each NUL-terminated, padded to even.
    private static byte[] InfoChunk(string comment)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(Encoding.ASCII.GetBytes("LIST"));
        w.Write(0);
        w.Write(Encoding.ASCII.GetBytes("INFO"));
        SubChunk(w, "ISFT", "fxs");
        SubChunk(w, "ICMT", comment);
        w.Flush();
        byte[] bytes = ms.ToArray();
        BitConverter.GetBytes(bytes.Length - 8).CopyTo(bytes, 4);
        return bytes;
    }

    private static void SubChunk(BinaryWriter w, string id, string text)
    {
        byte[] body = Encoding.ASCII.GetBytes(text + "\0");
        w.Write(Encoding.ASCII.GetBytes(id));
        w.Write(body.Length);
        w.Write(body);
        if (body.Length % 2 == 1) { w.Write((byte)0); }
    }

    /// <summary>
    /// Writes the hook timeline (<c>fxs replay --hook</c>: '&lt;ms&gt; off|on' per change, ms from the
    /// recording's start). Without --record-secrets, a blanked stretch holds the loop closed but
    /// for its last opening (see the class remarks).
    /// </summary>
    public void WriteHook(string path, string wavName)
    {
        List<(long Start, long End)> windows = KeepSecrets ? new List<(long, long)>() : Windows();
        long first = _firstSample < 0 ? 0 : _firstSample;
        var kept = new List<(long Sample, bool Closed)>();
        int window = 0;
        for (int i = 0; i < _edges.Count; i++)
        {
            (long sample, bool closed) = _edges[i];
            long at = sample - first;
            while (window < windows.Count && windows[window].End <= at) { window++; }
            bool inWindow = window < windows.Count && windows[window].Start <= at;
            if (inWindow)
            {
                // Only the window's last edge, and only if it opens the loop (the hang-up).
                bool lastInWindow = i + 1 == _edges.Count || _edges[i + 1].Sample - first >= windows[window].End;
                if (!(lastInWindow && !closed)) { continue; }
            }
            kept.Add((at, closed));
        }
        var text = new StringBuilder();
        text.Append("# fxs: the hook switch during ").Append(wavName).Append(" (fxs replay --hook): '<ms> off|on' per change, ms from the recording's start\n");
        if (!KeepSecrets)
        {
            text.Append("# password keys left out: from the password step to on-hook the loop is written closed but for the hang-up\n");
        }
        foreach ((long at, bool closed) in kept)
        {
            text.Append(Ms(at)).Append(closed ? " off\n" : " on\n");
        }
        File.WriteAllText(path, text.ToString());
    }

    // Samples as ms, exact (8 samples per ms: at most three decimals).
    private static string Ms(long samples) =>
        ((decimal)samples / LineTime.SamplesPerMs).ToString(CultureInfo.InvariantCulture);

    /// <summary>The hook timeline's name beside a WAV: call.wav → call.hook.</summary>
    public static string HookPathBeside(string wavPath) => Path.ChangeExtension(wavPath, ".hook");
}
