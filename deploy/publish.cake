// The Publish and CheckReproducible targets' work (build.cake loads this file): one board's
// device artefacts, made so that the same commit gives the same bytes (deploy/README.md).
//
// Per runtime of the board: a self-contained, trimmed device edition of fxs (FxsEdition=device),
// built with its own intermediate directory (so it never touches the obj/ of the normal Release
// build, nor an earlier publish), then board.json, README.md (deploy/package/README.md), fxs.service (deploy/systemd/fxs.service.in),
// SHA256SUMS and a reproducible tarball (sorted names, the commit's time, owner 0, gzip -n).

#nullable enable
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

public sealed record BoardInfo(string Name, string Kind, string[] Runtimes, string Path);

public sealed record BoardArtefact(string Board, string Rid, string Directory, string Tarball);

public static class DevicePublish
{
    public const string Project = "firmware/Fxs.Cli/Fxs.Cli.csproj";

    /// <summary>
    /// boards/NAME.json with the JSON options of every configuration file (comments and trailing commas,
    /// docs/configuration.md): name, kind, runtimes only. This script runs before any project is built, so it
    /// cannot call hal/Fxs.Boards; `fxs config check --board NAME` is the full check.
    /// </summary>
    public static BoardInfo ReadBoard(string repo, string boardsDir, string name)
    {
        string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(repo, boardsDir, name + ".json"));
        if (!System.IO.File.Exists(path)) { throw new Exception($"no board '{name}': {path} does not exist"); }
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        using JsonDocument doc = JsonDocument.Parse(System.IO.File.ReadAllText(path), options);
        JsonElement root = doc.RootElement;
        string fileName = root.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? "" : "";
        if (fileName != name) { throw new Exception($"{path}: \"name\" is '{fileName}', not '{name}'"); }
        string kind = root.TryGetProperty("kind", out JsonElement k) ? k.GetString() ?? "" : "";
        if (kind != "sim" && kind != "linux-gpio" && kind != "nanoframework" && kind != "external")
        {
            throw new Exception($"{path}: \"kind\" is '{kind}', not sim, linux-gpio, nanoframework or external");
        }
        var runtimes = new List<string>();
        if (root.TryGetProperty("runtimes", out JsonElement r))
        {
            foreach (JsonElement rid in r.EnumerateArray()) { runtimes.Add(rid.GetString() ?? ""); }
        }
        if (kind != "nanoframework" && runtimes.Count == 0) { throw new Exception($"{path}: \"runtimes\" lists no runtime identifier"); }
        return new BoardInfo(name, kind, runtimes.ToArray(), path);
    }

    /// <summary>
    /// Publishes each runtime of the board (or just <paramref name="onlyRid"/>) into
    /// OUTROOT/NAME/RID/ and OUTROOT/fxs-NAME-RID.tar.gz, building in OBJROOT/NAME/RID/ (both wiped first).
    /// </summary>
    public static List<BoardArtefact> Publish(string repo, BoardInfo board, string onlyRid, string outRoot, string objRoot, Action<string> log)
    {
        var made = new List<BoardArtefact>();
        if (board.Kind == "nanoframework")
        {
            // The only check this machine can make: the core and the HAL against nanoFramework's mscorlib.
            string obj = System.IO.Path.Combine(objRoot, board.Name);
            Run(repo, "dotnet", new[] { "build", "firmware/Fxs.Core.Nano/Fxs.Core.Nano.csproj", "-c", "Release", "--artifacts-path", obj }, log);
            log($"{board.Name}: firmware/Fxs.Core.Nano compiles against nanoFramework's mscorlib; nanoFramework's deploy tools "
                + "(MetadataProcessor, nanoff) are not served here, so no artefact is made.");
            return made;
        }
        string[] rids = onlyRid == "" ? board.Runtimes : new[] { onlyRid };
        if (onlyRid != "" && Array.IndexOf(board.Runtimes, onlyRid) < 0)
        {
            throw new Exception($"{board.Path}: runtime {onlyRid} is not one of the board's ({string.Join(", ", board.Runtimes)})");
        }
        long epoch = CommitTime(repo);
        foreach (string rid in rids)
        {
            var watch = Stopwatch.StartNew();
            string dir = System.IO.Path.GetFullPath(System.IO.Path.Combine(outRoot, board.Name, rid));
            string obj = System.IO.Path.GetFullPath(System.IO.Path.Combine(objRoot, board.Name, rid));
            log($"{board.Name} {rid}: dotnet publish (device edition, trimmed, self-contained) into {dir}; its output follows as it comes");
            Wipe(dir);
            Wipe(obj);
            // PathMap: the intermediate directory differs between two builds of the same commit
            // (CheckReproducible builds twice); map it first, then the repository as Directory.Build.props does.
            // ContinuousIntegrationBuild: normalised source paths in the PDB. %2C: a comma inside one -p value.
            string pathMap = obj + System.IO.Path.DirectorySeparatorChar + "=/obj/%2C" + repo.TrimEnd('/') + "/=/src/";
            Run(repo, "dotnet", new[]
            {
                "publish", Project, "-c", "Release", "-r", rid, "--self-contained",
                "-p:FxsEdition=device", "-p:PublishTrimmed=true", "-p:ContinuousIntegrationBuild=true",
                "-p:PathMap=" + pathMap,
                "--artifacts-path", obj, "-o", dir,
            }, log, stream: true);
            log($"{board.Name} {rid}: published ({watch.Elapsed.TotalSeconds:F0} s); writing board.json, fxs.service, SHA256SUMS and the tarball");
            if (!System.IO.File.Exists(System.IO.Path.Combine(dir, "fxs"))) { throw new Exception($"{dir}: no fxs executable after publish"); }
            if (!System.IO.Directory.Exists(System.IO.Path.Combine(dir, "prompts", "ja")) || System.IO.Directory.GetFiles(System.IO.Path.Combine(dir, "prompts", "ja"), "*.wav").Length == 0)
            {
                throw new Exception($"{dir}: the guidance (prompts/ja/*.wav) is missing");
            }
            System.IO.File.Copy(board.Path, System.IO.Path.Combine(dir, "board.json"));
            // The README the unit's Documentation= names (file:///opt/fxs/README.md): first start, what the package installs.
            System.IO.File.Copy(System.IO.Path.Combine(repo, "deploy", "package", "README.md"), System.IO.Path.Combine(dir, "README.md"));
            string unit = System.IO.File.ReadAllText(System.IO.Path.Combine(repo, "deploy", "systemd", "fxs.service.in"))
                .Replace("@BOARD@", board.Name).Replace("@RID@", rid);
            System.IO.File.WriteAllText(System.IO.Path.Combine(dir, "fxs.service"), unit);
            WriteSums(dir);
            string tarball = System.IO.Path.GetFullPath(System.IO.Path.Combine(outRoot, $"fxs-{board.Name}-{rid}.tar.gz"));
            Tar(dir, tarball, epoch, log);
            made.Add(new BoardArtefact(board.Name, rid, dir, tarball));
            log(string.Format(CultureInfo.InvariantCulture, "{0}: {1:F1} MB, {2} files; {3}: {4:F1} MB ({5:F0} s)",
                dir, DirectoryBytes(dir) / 1048576.0, System.IO.Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length,
                tarball, new FileInfo(tarball).Length / 1048576.0, watch.Elapsed.TotalSeconds));
        }
        return made;
    }

    /// <summary>Names of the files whose hashes differ (or that only one side has); empty when identical.</summary>
    public static List<string> Differences(string dirA, string dirB)
    {
        Dictionary<string, string> a = ReadSums(dirA), b = ReadSums(dirB);
        var diff = new List<string>();
        foreach (string f in a.Keys.Union(b.Keys).OrderBy(x => x, StringComparer.Ordinal))
        {
            a.TryGetValue(f, out string? ha);
            b.TryGetValue(f, out string? hb);
            if (ha != hb) { diff.Add(f + (ha == null ? " (only in the second)" : hb == null ? " (only in the first)" : "")); }
        }
        return diff;
    }

    public static string Sha256(string file)
    {
        using FileStream s = System.IO.File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(s)).ToLowerInvariant();
    }

    /// <summary>
    /// The tree's own command: `NAME --help` etc., exit code checked, stdout returned; <paramref name="stream"/>
    /// also logs each stdout line as it comes (a long step's progress, e.g. dotnet publish).
    /// </summary>
    public static string Run(string workingDirectory, string file, IEnumerable<string> args, Action<string> log,
        IDictionary<string, string>? env = null, bool echo = true, bool stream = false)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) { psi.ArgumentList.Add(a); }
        if (env != null) { foreach (var kv in env) { psi.Environment[kv.Key] = kv.Value; } }
        if (echo) { log("> " + file + " " + string.Join(" ", psi.ArgumentList)); }
        using Process p = Process.Start(psi)!;
        var err = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (err) { err.AppendLine(e.Data); } } };
        p.BeginErrorReadLine();
        string stdout;
        if (stream)
        {
            var lines = new StringBuilder();
            for (string? line = p.StandardOutput.ReadLine(); line != null; line = p.StandardOutput.ReadLine())
            {
                log("  " + line);
                lines.Append(line).Append('\n');
            }
            stdout = lines.ToString();
        }
        else
        {
            stdout = p.StandardOutput.ReadToEnd();
        }
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new Exception($"{file} {string.Join(" ", psi.ArgumentList)} exited {p.ExitCode}:\n{stdout}{err}");
        }
        return stdout;
    }

    // sha256sum -c format, sorted by path (ordinal), every file but itself.
    private static void WriteSums(string dir)
    {
        var sb = new StringBuilder();
        foreach (string rel in System.IO.Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => f != "SHA256SUMS")
            .OrderBy(f => f, StringComparer.Ordinal))
        {
            sb.Append(Sha256(System.IO.Path.Combine(dir, rel))).Append("  ").Append(rel).Append('\n');
        }
        System.IO.File.WriteAllText(System.IO.Path.Combine(dir, "SHA256SUMS"), sb.ToString());
    }

    private static Dictionary<string, string> ReadSums(string dir)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in System.IO.File.ReadAllLines(System.IO.Path.Combine(dir, "SHA256SUMS")))
        {
            if (line.Length > 66) { map[line.Substring(66)] = line.Substring(0, 64); }
        }
        return map;
    }

    // The tree as fxs/… (it unpacks into /opt/fxs with `tar -C /opt -xzf`): names sorted, one mtime,
    // owner root, modes normalised (umask-independent), GNU format (no pax atime/ctime), gzip without
    // name and time stamp.
    private static void Tar(string dir, string tarball, long epoch, Action<string> log)
    {
        string parent = System.IO.Path.GetDirectoryName(dir)!;
        string leaf = System.IO.Path.GetFileName(dir);
        if (System.IO.File.Exists(tarball)) { System.IO.File.Delete(tarball); }
        string script = "set -o pipefail; tar --sort=name --format=gnu --mtime=@" + epoch.ToString(CultureInfo.InvariantCulture)
            + " --owner=0 --group=0 --numeric-owner --mode='u+rwX,go+rX,go-w' --transform='s,^" + leaf + ",fxs,'"
            + " -C '" + parent + "' -cf - '" + leaf + "' | gzip -9n > '" + tarball + "'";
        Run(parent, "bash", new[] { "-c", script }, log, echo: false);
    }

    // The commit's time (reproducible), or 0 outside a git checkout.
    private static long CommitTime(string repo)
    {
        try
        {
            string s = Run(repo, "git", new[] { "log", "-1", "--format=%ct" }, _ => { }, echo: false).Trim();
            return long.Parse(s, CultureInfo.InvariantCulture);
        }
        catch (Exception)
        {
            return 0;
        }
    }

    private static long DirectoryBytes(string dir) =>
        System.IO.Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static void Wipe(string dir)
    {
        if (System.IO.Directory.Exists(dir)) { System.IO.Directory.Delete(dir, recursive: true); }
        System.IO.Directory.CreateDirectory(dir);
    }
}
