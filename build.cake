// Build script: `dotnet tool restore && dotnet cake --target=<Build|Test|Bench>`.
// Test is the README's test command; Bench prints the DTMF conformance report beside spandsp.
var target        = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution      = "./Fxs.slnx";

Task("Restore")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoRestore = true }));

// Fxs.Core.Nano (in the solution) compiles the portable core against nanoFramework's mscorlib,
// so Build already fails on anything the device cannot run; PortabilityTests then reads its metadata.
Task("Test")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true }));

// The peer, spandsp, comes from Debian's libspandsp2; install it when missing (root or sudo).
Task("InstallPeers")
    .Does(() =>
{
    if (System.IO.File.Exists("/usr/lib/x86_64-linux-gnu/libspandsp.so.2") || System.IO.File.Exists("/usr/lib/aarch64-linux-gnu/libspandsp.so.2"))
    {
        return;
    }
    Information("libspandsp2 missing: installing it with apt-get");
    var exit = StartProcess("bash", new ProcessSettings { Arguments = "-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libspandsp2 sox espeak-ng alsa-utils\"" });
    if (exit != 0) { throw new Exception("apt-get install libspandsp2 sox espeak-ng alsa-utils failed; install them by hand"); }
});

Task("Bench")
    .IsDependentOn("InstallPeers")
    .IsDependentOn("Build")
    .Does(() => DotNetRun("./firmware/Fxs.Cli/Fxs.Cli.csproj", "bench dtmf",
        new DotNetRunSettings { Configuration = configuration, NoBuild = true, NoRestore = true }));

RunTarget(target);
