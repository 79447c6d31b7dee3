// Build script: `dotnet tool restore && dotnet cake --target=<Build|Test|Gates|CI|Demo|Bench|BenchProcess|DevCerts|Publish|Package|CheckReproducible>`.
// Test runs the unit and integration tests; Gates publishes the device artefacts and runs them under qemu;
// CI is both (the README's "every test" command, what .ci/run runs); Demo places the temporary-password
// calls on the sim board (`fxs demo`); Bench prints the DTMF conformance report beside spandsp; Publish
// makes a board's device artefacts (deploy/README.md).
#load "deploy/publish.cake"
#load "deploy/footprint.cake"
#load "deploy/package.cake"
#load "bench/process/bench-process.cake"
var target        = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution      = "./Fxs.slnx";

Task("Restore")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoRestore = true }));

// The unit and integration tests of every test project in the solution (no publish, no emulator).
// Fxs.Core.Nano (in the solution) compiles the portable core against nanoFramework's mscorlib,
// so Build already fails on anything the device cannot run; PortabilityTests then reads its metadata.
Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    // The tree's dependency direction (issue #14 item 4): .ci/project-graph prints the graph and fails on a
    // reference against it.
    if (StartProcess("bash", new ProcessSettings { Arguments = ".ci/project-graph" }) != 0)
    {
        throw new Exception(".ci/project-graph: a project reference runs against the tree's direction (above)");
    }
    Information("test: every test project of " + solution + " (dotnet test, " + configuration + ")");
    DotNetTest(solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true });
    Information($"test: {watch.Elapsed.TotalSeconds:F0} s");
});

// The device gates: the trimmed device edition as it ships, run where it runs.
// The raspberry-pi-ag1171 artefact's `fxs selftest` under qemu-aarch64-static (the arm64 runtime,
// JIT, e_sqlite3 and the guidance as installed); the linux-gpio-generic linux-x64 artefact's natively,
// with its --help checked for bench-only commands; both as Debian packages through lintian, the x64 one
// installed, selftested, removed and purged in a clean Debian 12 root (deploy/package.cake); then the Pi
// artefact published again into a clean directory and compared file by file (reproducibility).
// Each step says what it is doing first (a trimmed publish takes minutes on 2 cores).
Task("Gates")
    .Does(() =>
{
    var total = System.Diagnostics.Stopwatch.StartNew();
    Information("gates 1/7: publishing raspberry-pi-ag1171 linux-arm64 (device edition, trimmed, self-contained)");
    BoardArtefact pi = PublishBoards("raspberry-pi-ag1171", "linux-arm64", "artifacts/publish", "artifacts/obj").Single();
    Information("gates 2/7: publishing linux-gpio-generic linux-x64 (device edition, trimmed, self-contained)");
    BoardArtefact x64 = PublishBoards("linux-gpio-generic", "linux-x64", "artifacts/publish", "artifacts/obj").Single();
    Information("gates 3/7: fxs selftest of both artefacts (linux-arm64 under qemu-aarch64-static, linux-x64 natively)");
    RunSelfTest(pi, new Dictionary<string, string>(), "qemu-aarch64-static"); // arm64 libraries from Debian multiarch (.ci/run)
    RunSelfTest(x64, new Dictionary<string, string>(), "");
    Information("gates 4/7: the device edition's --help must not list demo, bench or spectrogram");
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
    Information("gates 5/7: fxs.service through systemd-analyze verify");
    VerifyUnit(pi);
    Information("gates 6/7: Debian packages of both artefacts (lintian); linux-x64's installed, selftested, removed and purged in a clean Debian 12 root");
    PackageArtefacts(new List<BoardArtefact> { x64, pi });
    Information("gates 7/7: publishing raspberry-pi-ag1171 linux-arm64 again into a clean directory, comparing every byte");
    CompareWithFreshPublish(pi);
    Information($"gates: {total.Elapsed.TotalSeconds:F0} s");
});

// Every test: the unit and integration tests, then the device gates (the README's "every test"
// command; .ci/run runs exactly it).
Task("CI")
    .IsDependentOn("Test")
    .IsDependentOn("Gates");

// One board's device artefacts (deploy/README.md): `dotnet cake --target=Publish --board=NAME [--rid=RID]`
// → artifacts/publish/NAME/RID/ (app, board.json, prompts/ja, fxs.service, SHA256SUMS) and
// artifacts/publish/fxs-NAME-RID.tar.gz, for each runtime of boards/NAME.json (--boards=DIR: elsewhere).
Task("Publish")
    .Does(() => PublishBoards(Argument<string>("board"), Argument("rid", ""), "artifacts/publish", "artifacts/obj"));

// One board's Debian packages (deploy/package.cake, deploy/README.md): `dotnet cake --target=Package --board=NAME [--rid=RID]
// [--version=V] [--debian-cache=DIR]`: publishes each runtime, then artifacts/packages/fxs-NAME_VERSION_ARCH.deb, its
// file list and lintian's verdict; the host architecture's package is also installed, selftested, removed and purged in a
// clean Debian 12 root (debootstrap once, kept in DIR, default /var/cache/fxs).
// --no-publish=true packages what artifacts/publish already holds for the board (e.g. after Publish).
Task("Package")
    .Does(() => PackageArtefacts(Argument("no-publish", false)
        ? PublishedBoards(Argument<string>("board"), Argument("rid", ""))
        : PublishBoards(Argument<string>("board"), Argument("rid", ""), "artifacts/publish", "artifacts/obj")));

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
// `dotnet cake --target=Footprint [--board=NAME] [--no-publish=true [--rid=RID]]`
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
        // --no-publish=true [--rid=RID]: measure what artifacts/publish already holds (e.g. after Gates).
        List<BoardArtefact> artefacts = Argument("no-publish", false)
            ? PublishedBoards(name, Argument("rid", ""))
            : DevicePublish.Publish(repo, board, "", System.IO.Path.Combine(repo, "artifacts/publish"), System.IO.Path.Combine(repo, "artifacts/obj"), s => Information(s));
        foreach (BoardArtefact a in artefacts)
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

List<BoardArtefact> PublishedBoards(string name, string rid)
{
    string repo = MakeAbsolute(Directory(".")).FullPath;
    BoardInfo board = DevicePublish.ReadBoard(repo, Argument("boards", "boards"), name);
    var found = new List<BoardArtefact>();
    foreach (string r in board.Runtimes.Where(x => rid == "" || x == rid))
    {
        string dir = System.IO.Path.Combine(repo, "artifacts/publish", name, r);
        if (!System.IO.File.Exists(System.IO.Path.Combine(dir, "SHA256SUMS"))) { throw new Exception($"{dir}: not published (run --target=Publish --board={name} first, or drop --no-publish)"); }
        found.Add(new BoardArtefact(name, r, dir, System.IO.Path.Combine(repo, "artifacts/publish", $"fxs-{name}-{r}.tar.gz")));
    }
    return found;
}

void PackageArtefacts(List<BoardArtefact> artefacts)
{
    string repo = MakeAbsolute(Directory(".")).FullPath;
    string version = Argument("version", "");
    if (version == "") { version = DebianPackage.Version(repo); }
    string host = DevicePublish.Run(repo, "dpkg", new[] { "--print-architecture" }, s => { }, echo: false).Trim();
    foreach (BoardArtefact a in artefacts)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string deb = DebianPackage.Build(repo, a, version, System.IO.Path.Combine(repo, "artifacts/packages"), s => Information(s));
        Information(DevicePublish.Run(repo, "dpkg-deb", new[] { "--contents", deb }, s => Information(s)).TrimEnd());
        DebianPackage.Lintian(deb, s => Information(s));
        if (DebianPackage.Architecture(a.Rid) == host)
        {
            DebianPackage.TestInstall(repo, deb, DebianPackage.Name(a.Board), Argument("debian-cache", "/var/cache/fxs"),
                System.IO.Path.Combine(repo, "artifacts/package-test"), s => Information(s));
        }
        else
        {
            Information($"{System.IO.Path.GetFileName(deb)}: not installed here ({DebianPackage.Architecture(a.Rid)}, this machine is {host})");
        }
        Information($"{System.IO.Path.GetFileName(deb)}: {watch.Elapsed.TotalSeconds:F0} s");
    }
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

// Whole-process speed (bench/process/bench-process.cake): `fxs dtmf decode` on a 1-hour file, the bench
// edition (JIT) and the device edition with NativeAOT, beside spandsp's dtmf_rx and multimon-ng, user+sys
// CPU from /usr/bin/time; fails if the NativeAOT decode is not at least 2x faster than spandsp.
Task("BenchProcess")
    .IsDependentOn("InstallPeers")
    .Does(() =>
{
    string repo = MakeAbsolute(Directory(".")).FullPath;
    string work = System.IO.Path.Combine(repo, "artifacts/bench-process");
    System.IO.Directory.CreateDirectory(work);
    Action<string> log = s => Information(s);
    foreach (string tool in new[] { "/usr/bin/time", "/usr/bin/multimon-ng", "/usr/bin/sox", "/usr/include/spandsp/dtmf.h", "/usr/bin/clang" })
    {
        // clang (and zlib1g-dev): NativeAOT's linker front end.
        if (!System.IO.File.Exists(tool)) { throw new Exception($"{tool} missing: apt-get install time multimon-ng sox libspandsp-dev clang zlib1g-dev"); }
    }
    DevicePublish.Run(repo, "dotnet", new[] { "build", DevicePublish.Project, "-c", "Release" }, log);
    string jit = System.IO.Path.Combine(repo, "firmware/Fxs.Cli/bin/Release/net10.0/fxs");
    string aot = System.IO.Path.Combine(ProcessBench.PublishAot(repo, System.IO.Path.Combine(work, "fxs-aot"), System.IO.Path.Combine(repo, "artifacts/obj/aot"), log), "fxs");
    string spandsp = System.IO.Path.Combine(work, "spandsp_dtmf_file");
    DevicePublish.Run(repo, "cc", new[] { "-O2", "-o", spandsp, "bench/process/spandsp_dtmf_file.c", "-lspandsp" }, log);
    // The compiler server and build nodes the publish left running would share the 2 cores with the timed runs.
    DevicePublish.Run(repo, "dotnet", new[] { "build-server", "shutdown" }, log);

    string wav = System.IO.Path.Combine(work, "hour.wav");
    string raw = System.IO.Path.Combine(work, "hour-22050.raw");
    string keys = string.Concat(Enumerable.Repeat("0123456789*#ABCD", ProcessBench.Keys / 16));
    DevicePublish.Run(work, jit, new[] { "dtmf", "generate", "--digits", keys, "--tone-ms", "100", "--pause-ms", "900",
        "--snr", "20", "--seed", "1", "--out", wav }, s => log(s.Length > 200 ? s.Substring(0, 200) + "…" : s));
    // multimon-ng's DTMF demodulator runs at 22050 Hz; -t wav has it resample through sox (timed with it, as a user
    // would run it); the raw row is the demodulator alone, on audio resampled beforehand.
    DevicePublish.Run(work, "sox", new[] { wav, "-t", "raw", "-e", "signed-integer", "-b", "16", "-r", "22050", raw }, log);

    var rows = new List<ProcessTiming>
    {
        ProcessBench.Time("fxs, device edition, NativeAOT", work, new[] { aot, "dtmf", "decode", wav }, ProcessBench.FxsDigits, log),
        ProcessBench.Time("fxs, bench edition, JIT", work, new[] { jit, "dtmf", "decode", wav }, ProcessBench.FxsDigits, log),
        ProcessBench.Time("spandsp 0.0.6 dtmf_rx", work, new[] { spandsp, wav }, ProcessBench.FxsDigits, log),
        ProcessBench.Time("multimon-ng -a DTMF (with sox)", work, new[] { "multimon-ng", "-q", "-c", "-a", "DTMF", "-t", "wav", wav }, ProcessBench.MultimonDigits, log),
        ProcessBench.Time("multimon-ng -a DTMF (raw 22050 Hz)", work, new[] { "multimon-ng", "-q", "-c", "-a", "DTMF", "-t", "raw", raw }, ProcessBench.MultimonDigits, log),
    };
    ProcessTiming spandspRow = rows[2];
    double ratio = spandspRow.CpuS / Math.Max(rows[0].CpuS, 0.005);
    Information($"\n`fxs dtmf decode` on a 1-hour file ({ProcessBench.Keys} keys, 16-bit PCM, 57.6 MB), whole process, best of {ProcessBench.Runs} by user+sys:\n");
    Information(ProcessBench.Table(rows, spandspRow));
    string verdict = ratio >= ProcessBench.GoalRatio ? "goal met" : ratio >= ProcessBench.FloorRatio ? "floor met, goal (4x) not" : "UNDER THE FLOOR (2x)";
    Information(string.Format(System.Globalization.CultureInfo.InvariantCulture, "NativeAOT fxs: {0:F1}x spandsp's CPU: {1}", ratio, verdict));
    if (rows[0].Digits != ProcessBench.Keys) { throw new Exception($"fxs decoded {rows[0].Digits} digits, not {ProcessBench.Keys}"); }
    if (ratio < ProcessBench.FloorRatio) { throw new Exception("whole-process decode under the floor (2x spandsp)"); }
});

// The device edition with NativeAOT, measured as Footprint measures the shipped artefact: linux-x64 natively and
// linux-arm64 (cross-compiled, deploy/README.md) under qemu-aarch64-static, each with `fxs selftest` too (under qemu
// for arm64). `dotnet cake --target=FootprintAot [--board=linux-gpio-generic] [--rid=RID]`. Publishes nothing that the
// gates ship.
Task("FootprintAot")
    .Does(() =>
{
    string repo = MakeAbsolute(Directory(".")).FullPath;
    string name = Argument("board", "linux-gpio-generic");
    BoardInfo board = DevicePublish.ReadBoard(repo, "boards", name);
    string only = Argument("rid", "");
    var rows = new List<FootprintRow>();
    foreach (string rid in board.Runtimes.Where(r => (only == "" || r == only) && (r == "linux-x64" || r == "linux-arm64")))
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string dir = ProcessBench.PublishAot(repo, System.IO.Path.Combine(repo, "artifacts/aot", name, rid), System.IO.Path.Combine(repo, "artifacts/obj/aot-footprint", rid), s => Information(s), rid);
        Information($"{name} {rid} NativeAOT publish: {watch.Elapsed.TotalSeconds:F0} s");
        System.IO.File.Copy(board.Path, System.IO.Path.Combine(dir, "board.json"), overwrite: true);
        string tarball = System.IO.Path.Combine(repo, "artifacts/aot", $"fxs-{name}-{rid}-aot.tar.gz");
        DevicePublish.Run(dir, "tar", new[] { "czf", tarball, "." }, s => Information(s));
        bool arm = rid == "linux-arm64" && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.Arm64;
        RunSelfTest(new BoardArtefact(name, rid + " (NativeAOT)", dir, tarball), new Dictionary<string, string>(), arm ? "qemu-aarch64-static" : "");
        rows.Add(Footprint.Measure(repo, name, rid + " (NativeAOT)", dir, tarball, System.IO.Path.Combine(repo, "artifacts/footprint-aot", name, rid), s => Information(s)));
    }
    Information("\n" + Footprint.Table(rows));
});

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
    // The renderer is compiled code over the core's catalogue and the HAL's encoder (prompts/Fxs.PromptRender).
    var artifacts = Argument("artifacts-path", "");
    var run = new DotNetRunSettings { Configuration = configuration };
    if (artifacts != "") { run.ArgumentCustomization = args => args.Append("--artifacts-path").AppendQuoted(artifacts); }
    DotNetRun("./prompts/Fxs.PromptRender/Fxs.PromptRender.csproj", new ProcessArgumentBuilder().AppendQuoted(System.IO.Path.GetFullPath("./prompts/ja")), run);
});

// The backend under load on loopback: records (mutual TLS) and site logins per second, p50/p99, as a
// Markdown table; wrk (installed with apt-get when missing) adds a GET /login row. Only 127.0.0.1.
// `dotnet cake --target=BenchBackend [--seconds=10] [--concurrency=8] [--artifacts-path=DIR]`
// The outage wave (issue #17 item 4): `--scenario=wave [--gateways=5000] [--instances=1,2,3] [--store=sqlite|postgres|both]
// [--hash=light|production] [--max-seconds=240]`; device certificates cached in artifacts/wave-certs.
Task("BenchBackend")
    .Does(() =>
{
    if (!HasArgument("scenario") && StartProcess("bash", new ProcessSettings { Arguments = "-c \"command -v wrk\"", Silent = true, RedirectStandardOutput = true }) != 0)
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
        .Append("--concurrency").Append(Argument("concurrency", "8"))
        .Append(WaveArguments()) });
    if (exitCode != 0) { throw new Exception($"backend bench failed ({exitCode})"); }
});

// The outage wave's options, passed on when given (bench/Fxs.Backend.Bench/Wave/WaveBench.cs).
string WaveArguments()
{
    var parts = new List<string>();
    foreach (var name in new[] { "scenario", "gateways", "instances", "store", "hash", "max-seconds" })
    {
        if (HasArgument(name)) { parts.Add("--" + name + " \"" + Argument<string>(name) + "\""); }
    }
    if (HasArgument("scenario")) { parts.Add("--certs \"" + System.IO.Path.GetFullPath("artifacts/wave-certs") + "\""); }
    return string.Join(" ", parts);
}

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
