using System.Collections.Generic;
using System.Text;
using Fxs.Core.Dsp;

namespace Fxs.Core.Tests.Dtmf;

/// <summary>Runs line audio through a fresh receiver and keeps what it decided.</summary>
internal sealed class Decoded : IDtmfListener
{
    public readonly List<(char Digit, long Onset, long End)> Events = new();
    public int Started;

    public string Digits
    {
        get
        {
            var text = new StringBuilder();
            foreach (var e in Events) { text.Append(e.Digit); }
            return text.ToString();
        }
    }

    public static Decoded From(short[] line, int chunk = 80)
    {
        return From(line, DtmfReceiverProfile.CreateDefault(), chunk);
    }

    public static Decoded From(short[] line, DtmfReceiverProfile profile, int chunk = 80)
    {
        var decoded = new Decoded();
        var receiver = new DtmfReceiver(profile, decoded);
        for (int at = 0; at < line.Length; at += chunk)
        {
            receiver.Process(line, at, System.Math.Min(chunk, line.Length - at));
        }
        receiver.Flush();
        return decoded;
    }

    public void DigitStarted(char digit, long onsetSample) { Started++; }

    public void DigitEnded(char digit, long onsetSample, long endSample) { Events.Add((digit, onsetSample, endSample)); }

    /// <summary>Edit distance to the digits sent: misses, extras, wrong digits and splits each count one.</summary>
    public int ErrorsAgainst(string sent)
    {
        string got = Digits;
        var d = new int[got.Length + 1, sent.Length + 1];
        for (int i = 0; i <= got.Length; i++) { d[i, 0] = i; }
        for (int j = 0; j <= sent.Length; j++) { d[0, j] = j; }
        for (int i = 1; i <= got.Length; i++)
        {
            for (int j = 1; j <= sent.Length; j++)
            {
                int substitute = d[i - 1, j - 1] + (got[i - 1] == sent[j - 1] ? 0 : 1);
                d[i, j] = System.Math.Min(System.Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), substitute);
            }
        }
        return d[got.Length, sent.Length];
    }
}
