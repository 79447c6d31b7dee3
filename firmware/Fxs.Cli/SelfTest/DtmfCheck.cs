using System.IO;
using System.Text;
using Fxs.Cli.Audio;
using Fxs.Core.Dsp;

namespace Fxs.Cli.SelfTest;

// The signal path: the recording through the same reader and receiver as `fxs dtmf decode`
// (G.711 expansion, default receiver profile), in the same 1024-sample chunks.
internal static class DtmfCheck
{
    private const string Name = "dtmf";

    public static SelfTestResult Run(byte[] recording)
    {
        var heard = new StringBuilder();
        try
        {
            using LineAudioReader reader = LineAudioReader.Open(new MemoryStream(recording, writable: false), "built-in recording");
            var receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), new Keys(heard));
            var samples = new short[1024];
            int n;
            while ((n = reader.Read(samples)) > 0) { receiver.Process(samples, 0, n); }
            receiver.Flush();
        }
        catch (InputRejectedException e)
        {
            return SelfTestResult.Fail(Name, "expected the built-in recording to be readable, found: " + e.Message);
        }
        string found = heard.ToString();
        if (found != SelfTestRecording.Keys)
        {
            return SelfTestResult.Fail(Name, "expected " + SelfTestRecording.Keys.Length + " digits " + SelfTestRecording.Keys
                + ", found " + found.Length + " digits " + (found.Length == 0 ? "(none)" : found));
        }
        return SelfTestResult.Ok(Name, found.Length + " digits decoded (" + found + ") from the built-in recording ("
            + SelfTestRecording.Description + ")");
    }

    // Called from inside Process: only appends.
    private sealed class Keys : IDtmfListener
    {
        private readonly StringBuilder _keys;

        public Keys(StringBuilder keys) { _keys = keys; }

        public void DigitStarted(char digit, long onsetSample) => _keys.Append(digit);

        public void DigitEnded(char digit, long onsetSample, long endSample) { }
    }
}
