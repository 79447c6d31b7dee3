using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace Fxs.Cli.Tests;

// Issue #15, item 1: a board part that will not open is one line on stderr naming that part (not the
// ones never tried) and what to do, and exit 7, which the systemd unit does not restart on.
public sealed class RunHardwareUnavailableTests : DaemonTestBase
{
    [Fact]
    public void TheShippedPiBoardWithoutLibgpiod3IsOneLineNamingTheLibraryAndTheDriverToPickAndExit7()
    {
        // Debian 12 / Raspberry Pi OS bookworm has libgpiod 1 (libgpiod.so.2) only; the Pi board file names libgpiod-v2.
        Assert.False(CanLoad("libgpiod.so.3"), "this test needs a machine without libgpiod.so.3 (Debian 12 has none)");
        (int exit, string stdout, string stderr) = RunFxs("run", "--board", "raspberry-pi-ag1171", "--line", Line(), "--relay", Relay());

        Assert.True(exit == 7, "exit " + exit + "\n" + stdout + stderr);
        Assert.Equal(
            "fxs run: libgpiod.so.3 not found: on Debian 12 / Raspberry Pi OS bookworm (libgpiod.so.2) set gpio.driver to libgpiod-v1, or install libgpiod3",
            OnlyLine(stderr));
        Assert.DoesNotContain("ALSA", stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public void AGpiochipThatDoesNotExistIsOneLineNamingItsDeviceAndExit7()
    {
        Assert.True(CanLoad("libgpiod.so.2"), "libgpiod.so.2 (Debian libgpiod2) is needed for this test");
        string board = PiBoard(b => b.Replace("\"driver\": \"libgpiod-v2\"", "\"driver\": \"libgpiod-v1\"", StringComparison.Ordinal)
            .Replace("\"chip\": 0,", "\"chip\": 99,", StringComparison.Ordinal));
        (int exit, string stdout, string stderr) = RunFxs("run", "--board", board, "--line", Line(), "--relay", Relay());

        Assert.True(exit == 7, "exit " + exit + "\n" + stdout + stderr);
        Assert.Equal("fxs run: /dev/gpiochip99 does not exist: set gpio.chip in the board file to a chip `gpiodetect` lists", OnlyLine(stderr));
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public void AMissingBoardFileIsOneLineAndExit3()
    {
        string missing = Dir.File("no-such-board.json");
        CliResult r = FxsCli.Run("run", "--board", missing, "--line", Line(), "--relay", Relay());
        Assert.Equal(3, r.Exit);
        Assert.Single(r.StderrLines);
        Assert.StartsWith("fxs run: ", r.Stderr);
        Assert.Contains("no-such-board", r.Stderr);
    }

    [Fact]
    public void TheSystemdUnitDoesNotRestartOnUsageBadInputOrHardwareUnavailableAndPassesSystemdAnalyzeVerify()
    {
        string template = File.ReadAllText(Path.Combine(Repository.Root(), "deploy", "systemd", "fxs.service.in"));
        string[] keys = template.Split('\n').Where(l => l.StartsWith("RestartPreventExitStatus=", StringComparison.Ordinal)).ToArray();
        Assert.Single(keys);
        int[] codes = keys[0]["RestartPreventExitStatus=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Assert.Equal(new[] { ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.HardwareUnavailable }, codes);

        // As the publish gate does (build.cake VerifyUnit): /opt/fxs pointed at a folder holding an executable fxs.
        string opt = Directory.CreateDirectory(Dir.File("opt-fxs")).FullName;
        File.WriteAllText(Path.Combine(opt, "fxs"), "#!/bin/sh\n");
        if (!OperatingSystem.IsLinux()) { Assert.Fail("systemd units are verified on Linux"); return; }
        File.SetUnixFileMode(Path.Combine(opt, "fxs"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string unit = System.Text.RegularExpressions.Regex.Replace(template.Replace("/opt/fxs/", opt + "/", StringComparison.Ordinal), "/opt/fxs$", opt,
            System.Text.RegularExpressions.RegexOptions.Multiline).Replace("@BOARD@", "raspberry-pi-ag1171", StringComparison.Ordinal)
            .Replace("@RID@", "linux-arm64", StringComparison.Ordinal);
        string path = Dir.File("fxs.service");
        File.WriteAllText(path, unit);
        (int exit, string stdout, string stderr) = Run("systemd-analyze", "verify", path);
        Assert.True(exit == 0 && (stdout + stderr).Trim().Length == 0, "systemd-analyze verify: exit " + exit + "\n" + stdout + stderr);
    }

    // The Pi board file, changed, under its own name (a board file's name must match its file's).
    private string PiBoard(Func<string, string> change)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "boards", "raspberry-pi-ag1171.json"));
        string changed = change(text);
        Assert.NotEqual(text, changed);
        string dir = Directory.CreateDirectory(Dir.File("boards")).FullName;
        string path = Path.Combine(dir, "raspberry-pi-ag1171.json");
        File.WriteAllText(path, changed);
        return path;
    }

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out IntPtr handle)) { return false; }
        NativeLibrary.Free(handle);
        return true;
    }
}
