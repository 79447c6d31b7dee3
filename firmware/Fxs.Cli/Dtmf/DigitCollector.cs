using System;
using System.Globalization;
using System.IO;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

// IDtmfListener is called from inside DtmfReceiver.Process and must not block or allocate, so digits are
// parked in preallocated arrays and written out after each Process call returns.
internal sealed class DigitCollector : IDtmfListener
{
    private char[] _digits = new char[64];
    private long[] _onsets = new long[64];
    private int _count;

    public void DigitStarted(char digit, long onsetSample)
    {
        if (_count == _digits.Length)
        {
            // Only reachable if a receiver reports >64 digits in one chunk; growing beats losing digits.
            Array.Resize(ref _digits, _count * 2);
            Array.Resize(ref _onsets, _count * 2);
        }
        _digits[_count] = digit;
        _onsets[_count] = onsetSample;
        _count++;
    }

    public void DigitEnded(char digit, long onsetSample, long endSample)
    {
        // The line is printed at DigitStarted (its onset is the one reported); the end adds nothing to it.
    }

    /// <summary>Writes "&lt;onset_ms&gt; &lt;digit&gt;" per digit collected so far: onset_ms = onsetSample / 8 (8 kHz).</summary>
    public void Drain(TextWriter stdout)
    {
        for (int i = 0; i < _count; i++)
        {
            stdout.WriteLine((_onsets[i] / 8).ToString(CultureInfo.InvariantCulture) + " " + _digits[i]);
        }
        _count = 0;
    }
}
