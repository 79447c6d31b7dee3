// Build script: `dotnet tool restore && dotnet cake --target=<Build|Test|Demo|Bench|DevCerts|Publish|CheckReproducible>`.
// Test is the README's test command; Demo places the temporary-password calls on the sim board
// (`fxs demo`); Bench prints the DTMF conformance report beside spandsp; Publish makes a board's
// device artefacts (deploy/README.md).
#load "prompts/render.cake"
#load "deploy/publish.cake"
#load "deploy/footprint.cake"
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
Task("UnitTest")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true }));

// The device gates, after the unit tests: the trimmed device edition as it ships, run where it runs.
// The raspberry-pi-ag1171 artefact's `fxs selftest` under qemu-aarch64-static (the arm64 runtime,
// JIT, e_sqlite3 and the guidance as installed); the linux-gpio-generic linux-x64 artefact's natively,
// with its --help checked for bench-only commands; then the Pi artefact published again into a clean
// directory and compared file by file (reproducibility).
Task("DeviceGates")
    .IsDependentOn("UnitTest")
    .Does(() =>
{
    var total = System.Diagnostics.Stopwatch.StartNew();
    BoardArtefact pi = PublishBoards("raspberry-pi-ag1171", "linux-arm64", "artifacts/publish", "artifacts/obj").Single();
    BoardArtefact x64 = PublishBoards("linux-gpio-generic", "linux-x64", "artifacts/publish", "artifacts/obj").Single();
    RunSelfTest(pi, new Dictionary<string, string>(), "qemu-aarch64-static"); // arm64 libraries from Debian multiarch (.ci/run)
    RunSelfTest(x64, new Dictionary<string, string>(), "");
    string help = DevicePublish.Run(x64.Directory, System.IO.Path.Combine(x64.Directory, "fxs"), new[] { "--help" }, s => Information(s))
        + DevicePublish.Run(x64.Directory, System.IO.Path.Combine(x64.Directory, "fxs"), new[] { "dtmf", "--help" }, s => Information(s));
    foreach (string missing in new[] { "demo", "bench", "spectrogram" })
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(help, @"^\s+" + missing + @"\b", System.Text.RegularExpressions.RegexOptions.Multiline))
        {
            throw new Exception("the device edition's --help lists '" + missing + "', which it does not have:\n" + help);
        }
    }
    Information("device --help: no demo, bench or spectrogram command");
    VerifyUnit(pi);
    CompareWithFreshPublish(pi);
    Information($"device gates: {total.Elapsed.TotalSeconds:F0} s");
});

Task("Test")
    .IsDependentOn("UnitTest")
    .IsDependentOn("DeviceGates");

// One board's device artefacts (deploy/README.md): `dotnet cake --target=Publish --board=NAME [--rid=RID]`
// → artifacts/publish/NAME/RID/ (app, board.json, prompts/ja, fxs.service, SHA256SUMS) and
// artifacts/publish/fxs-NAME-RID.tar.gz, for each runtime of boards/NAME.json (--boards=DIR: elsewhere).
Task("Publish")
    .Does(() => PublishBoards(Argument<string>("board"), Argument("rid", ""), "artifacts/publish", "artifacts/obj"));

// The board published twice into clean directories (separate intermediate paths, so the second
// really rebuilds); fails naming every file whose bytes differ: `--target=CheckReproducible --board=NAME [--rid=RID]`.
Task("CheckReproducible")
    .Does(() =>
{
    string board = Argument<string>("board"), rid = Argument("rid", "");
    List<BoardArtefact> first = PublishBoards(board, rid, "artifacts/repro/a", "artifacts/repro/a-obj");
    List<BoardArtefact> second = PublishBoards(board, rid, "artifacts/repro/b", "artifacts/repro/b-obj");
    for (int i = 0; i < first.Count; i++) { Compare(first[i], second[i]); }
});

// The footprint of each Linux board (deploy/footprint.cake): artefact size, start-up to ready, resident
// memory after a full call, linux-arm64 under qemu-aarch64-static (and linux-x64 natively where listed).
// `dotnet cake --target=Footprint [--board=NAME]`
Task("Footprint")
    .Does(() =>
{
    string repo = MakeAbsolute(Directory(".")).FullPath;
    string only = Argument("board", "");
    var rows = new List<FootprintRow>();
    foreach (string file in System.IO.Directory.GetFiles(System.IO.Path.Combine(repo, "boards"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
    {
        string name = System.IO.Path.GetFileNameWithoutExtension(file);
        if (only != "" && name != only) { continue; }
        BoardInfo board = DevicePublish.ReadBoard(repo, "boards", name);
        if (board.Kind != "linux-gpio") { continue; }
        foreach (BoardArtefact a in DevicePublish.Publish(repo, board, "", System.IO.Path.Combine(repo, "artifacts/publish"), System.IO.Path.Combine(repo, "artifacts/obj"), s => Information(s)))
        {
            rows.Add(Footprint.Measure(repo, a.Board, a.Rid, a.Directory, a.Tarball, System.IO.Path.Combine(repo, "artifacts/footprint", a.Board, a.Rid), s => Information(s)));
        }
    }
    if (rows.Count == 0) { throw new Exception("no Linux board" + (only == "" ? "" : " named " + only)); }
    Information("\n" + Footprint.Table(rows));
});

List<BoardArtefact> PublishBoards(string name, string rid, string outRoot, string objRoot)
{
    string repo = MakeAbsolute(Directory(".")).FullPath;
    BoardInfo board = DevicePublish.ReadBoard(repo, Argument("boards", "boards"), name);
    return DevicePublish.Publish(repo, board, rid, System.IO.Path.Combine(repo, outRoot), System.IO.Path.Combine(repo, objRoot), s => Information(s));
}

void RunSelfTest(BoardArtefact a, Dictionary<string, string> env, string emulator)
{
    env["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
    string fxs = System.IO.Path.Combine(a.Directory, "fxs");
    var watch = System.Diagnostics.Stopwatch.StartNew();
    // The artefact's own fxs, from a directory that is not the repository: prompts/ja is found beside it.
    string output = emulator == ""
        ? DevicePublish.Run(System.IO.Path.GetTempPath(), fxs, new[] { "selftest" }, s => Information(s), env)
        : DevicePublish.Run(System.IO.Path.GetTempPath(), emulator, new[] { fxs, "selftest" }, s => Information(s), env);
    Information(output.TrimEnd());
    Information($"{a.Board} {a.Rid} selftest{(emulator == "" ? "" : " under " + emulator)}: {watch.Elapsed.TotalSeconds:F1} s");
}

// The artefact's systemd unit through `systemd-analyze verify` (Debian's systemd, installed by .ci/run),
// with /opt/fxs pointed at the artefact so the executable it names exists: unknown keys, bad values
// and a missing executable fail the gate.
void VerifyUnit(BoardArtefact a)
{
    string unit = System.IO.File.ReadAllText(System.IO.Path.Combine(a.Directory, "fxs.service"));
    string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fxs-unit-verify");
    System.IO.Directory.CreateDirectory(dir);
    string copy = System.IO.Path.Combine(dir, "fxs.service");
    System.IO.File.WriteAllText(copy, System.Text.RegularExpressions.Regex.Replace(unit.Replace("/opt/fxs/", a.Directory + "/"), "/opt/fxs$", a.Directory,
        System.Text.RegularExpressions.RegexOptions.Multiline));
    var settings = new ProcessSettings { Arguments = "verify " + copy, RedirectStandardError = true, RedirectStandardOutput = true };
    int exit = StartProcess("systemd-analyze", settings, out IEnumerable<string> stdout, out IEnumerable<string> stderr);
    string said = string.Join("\n", stdout.Concat(stderr));
    if (exit != 0 || said.Trim() != "") { throw new Exception($"{a.Board} {a.Rid}: systemd-analyze verify fxs.service exited {exit}:\n{said}"); }
    Information($"{a.Board} {a.Rid}: fxs.service passes systemd-analyze verify");
}

void CompareWithFreshPublish(BoardArtefact a)
{
    BoardArtefact again = PublishBoards(a.Board, a.Rid, "artifacts/repro/b", "artifacts/repro/b-obj").Single();
    Compare(a, again);
}

void Compare(BoardArtefact a, BoardArtefact b)
{
    List<string> diff = DevicePublish.Differences(a.Directory, b.Directory);
    string ta = DevicePublish.Sha256(a.Tarball), tb = DevicePublish.Sha256(b.Tarball);
    if (diff.Count > 0 || ta != tb)
    {
        throw new Exception($"{a.Board} {a.Rid} is not reproducible: {diff.Count} file(s) differ between {a.Directory} and {b.Directory}: "
            + string.Join(", ", diff) + (ta != tb ? $"; tarballs {ta} and {tb}" : ""));
    }
    Information($"{a.Board} {a.Rid}: reproducible ({System.IO.File.ReadAllLines(System.IO.Path.Combine(a.Directory, "SHA256SUMS")).Length} files and the tarball identical, sha256 {ta})");
}

// The peers, spandsp (Debian's libspandsp2) and multimon-ng, and the bench's real recordings (Debian's Asterisk
// prompt and music-on-hold packages, bench/Fxs.Bench/RecordedCorpus.cs); install what is missing (root or sudo).
Task("InstallPeers")
    .Does(() =>
{
    var packages = "libspandsp2 multimon-ng sox espeak-ng alsa-utils asterisk-core-sounds-it-wav asterisk-core-sounds-es-wav asterisk-prompt-es-co asterisk-core-sounds-en-wav asterisk-core-sounds-fr-wav asterisk-prompt-it-menardi-wav asterisk-moh-opsound-wav";
    if (StartProcess("bash", new ProcessSettings { Arguments = $"-c \"dpkg -s {packages} >/dev/null 2>&1\"", Silent = true }) == 0)
    {
        return;
    }
    Information($"installing the bench's peers and recordings with apt-get: {packages}");
    var exit = StartProcess("bash", new ProcessSettings { Arguments = $"-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {packages}\"" });
    if (exit != 0) { throw new Exception($"apt-get install {packages} failed; install them by hand"); }
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
