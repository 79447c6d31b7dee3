using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;

namespace Fxs.Bench;

/// <summary>Our receiver (<see cref="DtmfReceiver"/>) under test: a new receiver per signal, fed in fixed chunks, then flushed.</summary>
public sealed class FxsDtmfDecoder : IDtmfDecoderUnderTest
{
    private readonly DtmfReceiverProfile _profile;
    private readonly int _chunk;

    /// <param name="profile">Thresholds (default profile if null).</param>
    /// <param name="chunkSamples">Samples per Process call (160 = 20 ms, a typical RTP frame).</param>
    public FxsDtmfDecoder(DtmfReceiverProfile? profile = null, int chunkSamples = 160)
    {
        if (chunkSamples <= 0) { throw new ArgumentOutOfRangeException(nameof(chunkSamples)); }
        _profile = profile ?? DtmfReceiverProfile.CreateDefault();
        _chunk = chunkSamples;
    }

    public string Name => "fxs";

    public int StateBytes => new DtmfReceiver(_profile, new DigitCollector()).StateBytes;

    public IReadOnlyList<DecodedDigit> Decode(short[] samples)
    {
        var collector = new DigitCollector();
        var rx = new DtmfReceiver(_profile, collector);
        for (int off = 0; off < samples.Length; off += _chunk)
        {
            rx.Process(samples, off, Math.Min(_chunk, samples.Length - off));
        }
        rx.Flush();
        collector.CloseOpen(samples.Length);
        return collector.Digits;
    }
}
