using System.Collections.Generic;

namespace Fxs.Bench;

/// <summary>A DTMF receiver the bench measures. Every <see cref="Decode"/> starts from fresh state.</summary>
public interface IDtmfDecoderUnderTest
{
    /// <summary>Short name for the report ("fxs", "spandsp").</summary>
    string Name { get; }

    /// <summary>Bytes of per-line state the receiver holds.</summary>
    int StateBytes { get; }

    /// <summary>
    /// True if the digits carry onset and end samples (scored by timing); false for a receiver that only gives the
    /// sequence (multimon-ng), scored by sequence alignment (<see cref="DtmfAlignment"/>).
    /// </summary>
    bool HasTiming => true;

    /// <summary>Decodes a whole signal (8 kHz linear) from fresh state; the stream is flushed at its end.</summary>
    IReadOnlyList<DecodedDigit> Decode(short[] samples);
}

/// <summary>Collects a receiver's digits as <see cref="DecodedDigit"/>s.</summary>
public sealed class DigitCollector : Fxs.Core.Dsp.IDtmfListener
{
    private readonly List<DecodedDigit> _digits = new();
    private bool _open;
    private char _openDigit;
    private long _openOnset;

    /// <summary>Digits ended so far.</summary>
    public List<DecodedDigit> Digits => _digits;

    public void DigitStarted(char digit, long onsetSample)
    {
        if (_open) { _digits.Add(new DecodedDigit(_openDigit, _openOnset, onsetSample)); }
        _open = true;
        _openDigit = digit;
        _openOnset = onsetSample;
    }

    public void DigitEnded(char digit, long onsetSample, long endSample)
    {
        _open = false;
        _digits.Add(new DecodedDigit(digit, onsetSample, endSample));
    }

    /// <summary>Closes a digit that started but never ended (at <paramref name="endSample"/>).</summary>
    public void CloseOpen(long endSample)
    {
        if (_open) { _digits.Add(new DecodedDigit(_openDigit, _openOnset, endSample)); }
        _open = false;
    }
}
