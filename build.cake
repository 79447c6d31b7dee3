// Build script: `dotnet tool restore && dotnet cake --target=<Build|Test|Demo|Bench|DevCerts>`.
// Test is the README's test command; Demo places the temporary-password calls on the sim board
// (`fxs demo`); Bench prints the DTMF conformance report beside spandsp.
#load "prompts/render.cake"
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

// The main job: `fxs demo` on the sim board: one call per unit (both notify cases of unit 3), one that
// fails three times, one from a rotary phone; a transcript on stdout, each call's line audio as a stereo
// WAV (left heard, right played) in --out (default ./demo-out): `dotnet cake --target=Demo [--out=DIR]`.
Task("Demo")
    .IsDependentOn("Build")
    .Does(() =>
{
    var outDir = System.IO.Path.GetFullPath(Argument("out", "demo-out"));
    DotNetRun("./firmware/Fxs.Cli/Fxs.Cli.csproj", new ProcessArgumentBuilder().Append("demo").Append("--out").AppendQuoted(outDir),
        new DotNetRunSettings { Configuration = configuration, NoBuild = true, NoRestore = true });
});

// Guidance audio (prompts/README.md): renders Fxs.Core's PromptCatalogue with espeak-ng's Japanese
// voice to prompts/ja/ (8 kHz mono µ-law WAV at -15 dBm0 active speech level, catalogue.tsv,
// readings.tsv, render.txt). The output is committed, so only run this after changing a text or a
// reading: `dotnet cake --target=RenderPrompts [--artifacts-path=DIR]` (DIR: where Fxs.Core is built).
Task("RenderPrompts")
    .Does(() =>
{
    if (StartProcess("bash", new ProcessSettings { Arguments = "-c \"command -v espeak-ng && command -v sox\"", Silent = true, RedirectStandardOutput = true }) != 0)
    {
        Information("espeak-ng or sox missing: installing them with apt-get");
        var exit = StartProcess("bash", new ProcessSettings { Arguments = "-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng sox\"" });
        if (exit != 0) { throw new Exception("apt-get install espeak-ng sox failed; install them by hand"); }
    }
    var artifacts = Argument("artifacts-path", "");
    var build = new DotNetBuildSettings { Configuration = configuration };
    if (artifacts != "") { build.ArgumentCustomization = args => args.Append("--artifacts-path").AppendQuoted(artifacts); }
    DotNetBuild("./firmware/Fxs.Core/Fxs.Core.csproj", build);
    var dll = artifacts != ""
        ? System.IO.Path.Combine(artifacts, "bin", "Fxs.Core", configuration.ToLowerInvariant(), "Fxs.Core.dll")
        : $"./firmware/Fxs.Core/bin/{configuration}/net10.0/Fxs.Core.dll";
    PromptRender.Run(System.IO.Path.GetFullPath(dll), System.IO.Path.GetFullPath("./prompts/ja"), s => Information(s));
});

// The backend under load on loopback: records (mutual TLS) and site logins per second, p50/p99, as a
// Markdown table; wrk (installed with apt-get when missing) adds a GET /login row. Only 127.0.0.1.
// `dotnet cake --target=BenchBackend [--seconds=10] [--concurrency=8] [--artifacts-path=DIR]`
Task("BenchBackend")
    .Does(() =>
{
    if (StartProcess("bash", new ProcessSettings { Arguments = "-c \"command -v wrk\"", Silent = true, RedirectStandardOutput = true }) != 0)
    {
        Information("wrk missing: installing it with apt-get");
        var exit = StartProcess("bash", new ProcessSettings { Arguments = "-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk\"" });
        if (exit != 0) { Warning("apt-get install wrk failed: the table will have no wrk row"); }
    }
    var artifacts = Argument("artifacts-path", "");
    var build = new DotNetBuildSettings { Configuration = configuration };
    if (artifacts != "") { build.ArgumentCustomization = args => args.Append("--artifacts-path").AppendQuoted(artifacts); }
    DotNetBuild("./backend/Fxs.Backend/Fxs.Backend.csproj", build);
    DotNetBuild("./bench/Fxs.Backend.Bench/Fxs.Backend.Bench.csproj", build);
    string Output(string project, string folder) => artifacts != ""
        ? System.IO.Path.Combine(artifacts, "bin", project, configuration.ToLowerInvariant(), project + ".dll")
        : $"./{folder}/{project}/bin/{configuration}/net10.0/{project}.dll";
    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = new ProcessArgumentBuilder()
        .AppendQuoted(System.IO.Path.GetFullPath(Output("Fxs.Backend.Bench", "bench")))
        .Append("--backend").AppendQuoted(System.IO.Path.GetFullPath(Output("Fxs.Backend", "backend")))
        .Append("--seconds").Append(Argument("seconds", "10"))
        .Append("--concurrency").Append(Argument("concurrency", "8")) });
    if (exitCode != 0) { throw new Exception($"backend bench failed ({exitCode})"); }
});

// A dev device CA (P-256, 5 years) and one client certificate per gateway of the provisioning file
// (P-256, 1 year, clientAuth, CN = device ID; PKCS#12 without password), made by the backend's
// Hosting/DevCertificates.cs (the tests use the same code): device-ca.pem, device-ca.pfx, <deviceId>.pfx.
// `dotnet cake --target=DevCerts [--out=DIR] [--provisioning=FILE]` (defaults backend/.data/dev-ca, backend/provisioning.sample.json).
Task("DevCerts")
    .Does(() =>
{
    var outDir = System.IO.Path.GetFullPath(Argument("out", "backend/.data/dev-ca"));
    var provisioning = System.IO.Path.GetFullPath(Argument("provisioning", "backend/provisioning.sample.json"));
    DotNetRun("./backend/Fxs.Backend/Fxs.Backend.csproj", new ProcessArgumentBuilder().Append("dev-certs")
        .Append("--provisioning").AppendQuoted(provisioning).Append("--out").AppendQuoted(outDir),
        new DotNetRunSettings { Configuration = configuration });
});

RunTarget(target);
