using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal;

namespace Fxs.Bench.Line;

/// <summary>
/// What a port heard during one whole call on the sim line (µ-law codes per 10 ms frame, the
/// phone's keys plus the hybrid's echo of the guidance plus noise) and the loop's edges: played
/// back into fresh ports, it makes them take the very same call (same keys, same guidance, same
/// echo) with none of the sim's own cost in the measure.
/// </summary>
public sealed class LineTape
{
    internal LineTape(byte[][] frames, (long At, bool Closed)[] edges, short[][]? played = null)
    {
        Frames = frames;
        Edges = edges;
        Played = played ?? Array.Empty<short[]>();
    }

    /// <summary>What the port played meanwhile (linear, as sent: the echo canceller's far end), per frame.</summary>
    public short[][] Played { get; }

    /// <summary>Heard frames, µ-law, from sample 0.</summary>
    public byte[][] Frames { get; }

    /// <summary>Loop edges (sample, closed), in time order.</summary>
    public (long At, bool Closed)[] Edges { get; }

    /// <summary>Length in samples.</summary>
    public long Samples => (long)Frames.Length * CodecFrame.Samples;

    /// <summary>Records a monitor's heard frames (the codec's codes are the G.711 of the decoded samples: exact).</summary>
    internal sealed class Recorder : GatewayMonitor
    {
        public readonly List<byte[]> Frames = new();
        public readonly List<short[]> Played = new();
        public readonly List<(long At, bool Closed)> Edges = new();

        public override void Frame(short[] heard, short[] played, int count, long startSample)
        {
            var codes = new byte[count];
            for (int i = 0; i < count; i++) { codes[i] = G711.LinearToMuLaw(heard[i]); }
            Frames.Add(codes);
            Played.Add((short[])played.Clone());
        }

        public LineTape Tape() => new(Frames.ToArray(), Edges.ToArray(), Played.ToArray());
    }
}

/// <summary>
/// A port fed from a <see cref="LineTape"/>, looped (each loop's times follow the last's): the
/// codec hands it the tape's frames, the hook switch the tape's edges before each frame.
/// Allocation-free per frame.
/// </summary>
internal sealed class TapePort : ICodecPort, IHookSwitch, IOutgoingCalls, ITemporaryPasswordSink
{
    private readonly LineTape _tape;
    private IHookEdgeListener? _listener;
    private int _frame;       // next frame of the tape
    private int _edge;        // next edge of the tape
    private long _offset;     // sample offset of the current loop
    private bool _pending;

    public TapePort(LineTape tape, LineConfiguration line, IPromptSource prompts)
    {
        _tape = tape;
        Port = new GatewayPort(this, this, line, prompts, this, this, null, 1);
    }

    public GatewayPort Port { get; }

    public int PasswordsSet { get; private set; }

    public long FramesRun { get; private set; }

    /// <summary>Hands the port the tape's next frame (and the edges before its end), then lets it process it.</summary>
    public void Step()
    {
        long end = _offset + (long)(_frame + 1) * CodecFrame.Samples;
        while (_edge < _tape.Edges.Length && _offset + _tape.Edges[_edge].At < end)
        {
            (long at, bool closed) = _tape.Edges[_edge++];
            LoopClosed = closed;
            _listener?.HookEdge(closed, _offset + at);
        }
        _pending = true;
        Port.Service();
        FramesRun++;
        if (++_frame == _tape.Frames.Length)
        {
            _frame = 0;
            _edge = 0;
            _offset += _tape.Samples;
        }
    }

    // ---- ICodecPort ----
    public CodecEncoding Encoding => CodecEncoding.MuLaw;

    public bool ReadHeard(CodecFrame frame)
    {
        if (!_pending) { return false; }
        _pending = false;
        Array.Copy(_tape.Frames[_frame], frame.Codes, CodecFrame.Samples);
        frame.Encoding = CodecEncoding.MuLaw;
        frame.StartSample = _offset + (long)_frame * CodecFrame.Samples;
        return true;
    }

    public bool WritePlayed(CodecFrame frame) => true;

    // ---- IHookSwitch ----
    public bool LoopClosed { get; private set; }

    public void SetEdgeListener(IHookEdgeListener? listener) { _listener = listener; }

    // ---- IOutgoingCalls: the bench's calls are all to the IVR ----
    public bool Place(char[] digits, int length, long nowSamples) => false;
    public void Heard(short[] samples, int count) { }
    public bool FillPlayed(short[] samples, int count) => false;
    public void Release(long nowSamples) { }

    // ---- ITemporaryPasswordSink ----
    public bool Accept(TemporaryPasswordRecord record) { PasswordsSet++; return true; }
}
