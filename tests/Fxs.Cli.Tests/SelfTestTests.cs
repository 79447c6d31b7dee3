using System;
using System.IO;
using System.Linq;
using System.Text;
using Fxs.Cli.SelfTest;

namespace Fxs.Cli.Tests;

// `fxs selftest`: passes on a good installation through the command line, and really fails (exit 6,
// a FAIL line saying what was expected and found) when the recording is damaged or the guidance is
// missing — the same runner, only its inputs changed.
public sealed class SelfTestTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Selftest_passes_every_check_and_never_prints_the_password()
    {
        CliResult r = FxsCli.Ok("selftest");
        string[] lines = r.StdoutLines;
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("ok   dtmf: 12 digits decoded (0363044747*#) from the built-in recording", lines[0]);
        Assert.StartsWith("ok   call: temporary password set on the sim board through audio: outcome set, 1 record(s) in the sink "
            + "(unit line, number 0300001111, access 0363044747, digits as keyed), completion guidance played, port idle", lines[1]);
        Assert.StartsWith("ok   outbox: SQLite outbox committed and read back a row", lines[2]);
        Assert.StartsWith("ok   daemon: `fxs run` on the sim board set a password and sealed it into the outbox (backend unreachable, record kept): exit 0, 1 record(s) in the outbox (pending, sealed)", lines[3]);
        Assert.Matches(@"^selftest: 4 of 4 checks passed in \d+\.\d\d s$", lines[4]);
        Assert.DoesNotContain("27182818", r.Stdout + r.Stderr);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void A_missing_guidance_directory_fails_the_call_and_daemon_checks_with_exit_6()
    {
        string missing = _dir.File("no-prompts");
        CliResult r = FxsCli.Run("selftest", "--prompts", missing);
        Assert.True(r.Exit == 6, r.ToString());
        Assert.StartsWith("ok   dtmf:", r.StdoutLines[0]);
        Assert.StartsWith("FAIL call: expected the guidance audio in " + missing + ", found: prompt ", r.StdoutLines[1]);
        Assert.StartsWith("ok   outbox:", r.StdoutLines[2]);
        Assert.StartsWith("FAIL daemon: expected the daemon to run and keep its record, found FileNotFoundException: prompt UnitMenu missing: ", r.StdoutLines[3]);
        Assert.Matches(@"^selftest: 2 of 4 checks passed in \d+\.\d\d s; FAILED$", r.StdoutLines[^1]);
    }

    [Fact]
    public void A_damaged_recording_fails_the_dtmf_check_naming_what_was_heard()
    {
        // Silence (µ-law 0xFF) over the fifth key's tone: 300 ms lead + 4 x (80 + 150) ms = 1220 ms.
        byte[] wav = SelfTestRecording.Load();
        int data = IndexOf(wav, "data") + 8;
        for (int i = 1220 * 8 - 80; i < (1220 + 80) * 8 + 80; i++) { wav[data + i] = 0xFF; }

        var stdout = new StringWriter();
        int exit = new SelfTestRunner(wav, Fxs.Host.Prompts.PromptDirectory.DefaultDirectory()).Run(stdout);
        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exit == 6, stdout.ToString());
        Assert.StartsWith("FAIL dtmf: expected 12 digits 0363044747*#, found 11 digits 036344747*#", lines[0]);
        Assert.StartsWith("ok   call:", lines[1]);
    }

    [Fact]
    public void A_recording_that_is_not_a_wav_fails_as_unreadable()
    {
        var stdout = new StringWriter();
        int exit = new SelfTestRunner(Encoding.ASCII.GetBytes("not a wav"), Fxs.Host.Prompts.PromptDirectory.DefaultDirectory()).Run(stdout);
        Assert.Equal(6, exit);
        Assert.StartsWith("FAIL dtmf: expected the built-in recording to be readable, found: built-in recording: not a WAV file", stdout.ToString());
    }

    private static int IndexOf(byte[] bytes, string ascii)
    {
        byte[] needle = Encoding.ASCII.GetBytes(ascii);
        for (int i = 12; i + needle.Length <= bytes.Length; i++)
        {
            if (bytes.AsSpan(i, needle.Length).SequenceEqual(needle)) { return i; }
        }
        throw new InvalidDataException("no " + ascii + " chunk");
    }
}
