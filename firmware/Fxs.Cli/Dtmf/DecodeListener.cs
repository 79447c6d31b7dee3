using System.Collections.Generic;
using System.IO;
using System.Text;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

/// <summary>What `fxs dtmf decode` prints on stdout.</summary>
internal enum DecodeOutput
{
    /// <summary>"&lt;onset_ms&gt; &lt;digit&gt;" per digit, nothing else.</summary>
    Digits,

    /// <summary>The digit lines, with a "#" line before them for every window that held a candidate key.</summary>
    Trace,

    /// <summary>JSON Lines: one object per digit, written when the digit ends.</summary>
    Json,
}

// The receiver's listeners are called from inside DtmfReceiver.Process, so what they report is
// formatted into a buffer, in the order it happened, and written out after each Process call returns.
internal sealed class DecodeListener : IDtmfListener, IDtmfTraceListener
{
    private readonly DecodeOutput _output;
    private readonly StringBuilder _pending = new();
    private readonly List<TracedWindow> _hits = new(); // --json: hit windows of the digit in progress
    private readonly IvrMask? _mask;
    private char _shown; // the digit in progress as printed ('x' when --ivr-mask hides it)

    public DecodeListener(DecodeOutput output, IvrMask? mask = null)
    {
        _output = output;
        _mask = mask;
        if (output == DecodeOutput.Trace) { _pending.Append(DecodeFormat.TraceHeader).Append('\n'); }
    }

    /// <summary>Attaches to the receiver (as its trace listener too, when the output needs the windows).</summary>
    public DtmfReceiver CreateReceiver()
    {
        var receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), this);
        if (_output != DecodeOutput.Digits) { receiver.Trace = this; }
        return receiver;
    }

    public void Window(DtmfWindowTrace window)
    {
        if (_output == DecodeOutput.Trace)
        {
            DecodeFormat.AppendTrace(_pending, TracedWindow.Of(window));
        }
        else if (window.Rule == DtmfRule.Hit)
        {
            _hits.Add(TracedWindow.Of(window));
        }
    }

    public void DigitStarted(char digit, long onsetSample)
    {
        _shown = _mask is null ? digit : _mask.Show(digit);
        if (_output != DecodeOutput.Json) { DecodeFormat.AppendDigit(_pending, _shown, onsetSample); }
    }

    public void DigitEnded(char digit, long onsetSample, long endSample)
    {
        if (_output != DecodeOutput.Json) { return; }
        DecodeFormat.AppendJson(_pending, digit, _shown, onsetSample, endSample, _hits);
        // Windows up to this digit's end are spent; a later window may already belong to the next key.
        _hits.RemoveAll(w => w.EndSample <= endSample);
    }

    /// <summary>
    /// Writes what was reported since the last write, once it holds at least <paramref name="atLeastChars"/>
    /// (0: whatever there is). The console writes each call through at once, so batching the lines is what
    /// keeps an hour's decode from making a write per block read.
    /// </summary>
    public void Drain(TextWriter stdout, int atLeastChars = 0)
    {
        if (_pending.Length == 0 || _pending.Length < atLeastChars) { return; }
        stdout.Write(_pending);
        _pending.Clear();
    }
}
