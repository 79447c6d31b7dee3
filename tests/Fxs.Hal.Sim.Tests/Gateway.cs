using System;
using Fxs.Core.Dsp;
using Fxs.Hal;
using Fxs.Hal.Line;

namespace Fxs.Hal.Sim.Tests;

/// <summary>
/// Stands in for call control on a sim board: every frame it reads what the line brought in
/// (DTMF receiver, optional power meter), advances the hook decoder and the ring cadence, and
/// plays a call-progress tone. Everything it records goes into preallocated arrays, so a frame
/// allocates nothing here either.
/// </summary>
internal sealed class Gateway : ISimFrameClient, IDtmfListener, IHookListener
{
    private readonly CodecFrame _heard = new();
    private readonly CodecFrame _played = new();
    private readonly short[] _linear = new short[CodecFrame.Samples];
    private readonly DtmfReceiver _receiver;
    private readonly char[] _dtmf = new char[256];
    private readonly char[] _pulse = new char[256];
    private readonly long[] _offHooks = new long[64];
    private readonly long[] _onHooks = new long[64];
    private readonly long[] _flashes = new long[64];

    public readonly HookSignalDecoder Hook;
    public readonly CallProgressToneGenerator Tone = new();
    public readonly RingCadence Cadence;
    public int DtmfCount, PulseCount, OffHookCount, OnHookCount, FlashCount;
    public ulong HeardHash = 14695981039346656037UL; // FNV-1a over every heard frame's bytes
    public long HeardFrames;
    public long HeardEnergy, HeardEnergySamples;      // Σ x² of heard audio while metering
    public bool Metering;
    public bool StopToneOnFirstDigit;

    public Gateway(SimBoard board)
    {
        _receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), this);
        Hook = new HookSignalDecoder(HookSignalProfile.CreateDefault(), this);
        Cadence = new RingCadence(board.Ringer);
        board.HookSwitch.SetEdgeListener(Hook);
        board.SetFrameClient(this);
    }

    public string Dtmf => new string(_dtmf, 0, DtmfCount);

    public string Pulses => new string(_pulse, 0, PulseCount);

    public long[] OffHooks => _offHooks[..OffHookCount];

    public long[] OnHooks => _onHooks[..OnHookCount];

    public long[] Flashes => _flashes[..FlashCount];

    public void OnFrame(SimBoard board)
    {
        while (board.Codec.ReadHeard(_heard))
        {
            if (_heard.Encoding == CodecEncoding.MuLaw) { G711.DecodeMuLaw(_heard.Codes, 0, _linear, 0, CodecFrame.Samples); }
            else if (_heard.Encoding == CodecEncoding.ALaw) { G711.DecodeALaw(_heard.Codes, 0, _linear, 0, CodecFrame.Samples); }
            else { Array.Copy(_heard.Linear, _linear, CodecFrame.Samples); }
            for (int i = 0; i < CodecFrame.Samples; i++)
            {
                short s = _linear[i];
                HeardHash = (HeardHash ^ (byte)s) * 1099511628211UL;
                HeardHash = (HeardHash ^ (byte)(s >> 8)) * 1099511628211UL;
                if (Metering) { HeardEnergy += (long)s * s; }
            }
            if (Metering) { HeardEnergySamples += CodecFrame.Samples; }
            HeardFrames++;
            _receiver.Process(_linear, 0, CodecFrame.Samples);
        }
        long now = board.Clock.NowSamples;
        Hook.Advance(now);
        Cadence.Advance(now);

        _played.Encoding = board.Codec.Encoding;
        Tone.Fill(_linear, 0, CodecFrame.Samples);
        if (_played.Encoding == CodecEncoding.MuLaw) { G711.EncodeMuLaw(_linear, 0, _played.Codes, 0, CodecFrame.Samples); }
        else if (_played.Encoding == CodecEncoding.ALaw) { G711.EncodeALaw(_linear, 0, _played.Codes, 0, CodecFrame.Samples); }
        else { Array.Copy(_linear, _played.Linear, CodecFrame.Samples); }
        board.Codec.WritePlayed(_played);
    }

    /// <summary>Mean power of what was metered, tenths of dBm0 (host-side double maths: test only).</summary>
    public double MeteredDbm0()
    {
        double zero = ToneLevel.AmplitudeQ16(0) / 65536.0;
        return 10 * Math.Log10((double)HeardEnergy / HeardEnergySamples / (zero * zero / 2));
    }

    public void DigitStarted(char digit, long onsetSample)
    {
        if (StopToneOnFirstDigit) { Tone.Start(CallProgressTone.None); }
    }

    public void DigitEnded(char digit, long onsetSample, long endSample) { _dtmf[DtmfCount++] = digit; }

    public void OffHook(long atSample) { _offHooks[OffHookCount++] = atSample; Cadence.Stop(); }

    public void OnHook(long atSample) { _onHooks[OnHookCount++] = atSample; }

    public void HookFlash(long breakSample, long makeSample) { _flashes[FlashCount++] = breakSample; }

    public void PulseDigit(char digit, long firstBreakSample, long lastMakeSample) { _pulse[PulseCount++] = digit; }
}
