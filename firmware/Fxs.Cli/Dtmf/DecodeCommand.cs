using System.CommandLine;
using System.IO;
using Fxs.Cli.Audio;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

// `fxs dtmf decode FILE.wav`: runs the firmware's DTMF receiver (default profile) over a recording.
// stdout carries only "<onset_ms> <digit>" lines so it can be diffed and piped; everything else goes to stderr.
public static class DecodeCommand
{
    // 128 ms at 8 kHz: small enough to stream any length of file, large enough that I/O is not the cost.
    private const int ChunkSamples = 1024;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file")
        {
            HelpName = "FILE.wav",
            Description = "Recording: 8000 Hz mono WAV, 16-bit PCM, µ-law or A-law.",
        };
        var decode = new Command("decode",
            "Decode DTMF digits. Prints one line per digit, '<onset_ms> <digit>' (onset from the start of the file), "
            + "and nothing else on stdout. " + ExitCodes.HelpText);
        decode.Arguments.Add(file);
        decode.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            // FileInfo.ToString() is the path as typed, which is what the engineer recognises in messages.
            string path = parse.GetValue(file)!.ToString();
            return Run(path, stdout, stderr);
        });
        return decode;
    }

    private static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        LineAudioReader reader;
        try
        {
            reader = LineAudioReader.Open(path);
        }
        catch (InputRejectedException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        using (reader)
        {
            var digits = new DigitCollector();
            var receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), digits);
            var samples = new short[ChunkSamples];
            try
            {
                int n;
                while ((n = reader.Read(samples)) > 0)
                {
                    receiver.Process(samples, 0, n);
                    digits.Drain(stdout);
                }
            }
            catch (IOException e)
            {
                digits.Drain(stdout);
                stderr.WriteLine(path + ": read failed (" + e.Message + ")");
                return ExitCodes.BadInput;
            }
            receiver.Flush();
            digits.Drain(stdout);
        }
        return ExitCodes.Ok;
    }
}
