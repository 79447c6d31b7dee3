// The Package target's work (build.cake loads this file after publish.cake): one Debian package per
// Linux artefact of a board, `fxs-NAME_VERSION_ARCH.deb`, built with dpkg-deb from the published
// artefact and deploy/package/ (deploy/README.md, "Debian package"):
//   /opt/fxs/                         the artefact as published (README.md included)
//   /lib/systemd/system/fxs.service   the unit (Debian 12 installs units under /lib)
//   /lib/udev/rules.d/60-fxs.rules    an ACL for the fxs user on the gpiochips and ALSA devices
//   /etc/fxs/line.json, relay.json    commented examples, conffiles (root:fxs 0640 by dpkg-statoverride)
//   /usr/share/doc/PKG/               copyright, changelog.gz
//   /usr/share/lintian/overrides/PKG  each override with its reason
// and the maintainer scripts (postinst: the user, its groups, the modes, the unit enabled, not started).
// Same commit, same bytes: every mtime is the commit's time, owner root, SOURCE_DATE_EPOCH for dpkg-deb.
#nullable enable
using System.Globalization;
using System.Text;

public static class DebianPackage
{
    /// <summary>Debian's architecture for a .NET runtime identifier.</summary>
    public static string Architecture(string rid) => rid switch
    {
        "linux-x64" => "amd64",
        "linux-arm64" => "arm64",
        "linux-arm" => "armhf",
        _ => throw new Exception($"no Debian architecture for runtime {rid}"),
    };

    public static string Name(string board) => "fxs-" + board;

    /// <summary>
    /// 0.0~gitYYYYMMDDHHMMSS.HASH: from the commit (time, then hash), so each commit's package
    /// sorts after the one before it; --version overrides.
    /// </summary>
    public static string Version(string repo)
    {
        string s = DevicePublish.Run(repo, "git", new[] { "log", "-1", "--format=%ct %h" }, _ => { }, echo: false).Trim();
        string[] parts = s.Split(' ');
        DateTimeOffset time = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[0], CultureInfo.InvariantCulture));
        return "0.0~git" + time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + parts[1];
    }

    /// <summary>Builds OUTDIR/fxs-NAME_VERSION_ARCH.deb from a published artefact; returns its path.</summary>
    public static string Build(string repo, BoardArtefact a, string version, string outDir, Action<string> log)
    {
        string arch = Architecture(a.Rid);
        string package = Name(a.Board);
        string staging = System.IO.Path.Combine(outDir, "staging", $"{package}_{arch}");
        if (System.IO.Directory.Exists(staging)) { System.IO.Directory.Delete(staging, recursive: true); }
        string src = System.IO.Path.Combine(repo, "deploy", "package");
        long epoch = long.Parse(DevicePublish.Run(repo, "git", new[] { "log", "-1", "--format=%ct" }, _ => { }, echo: false).Trim(), CultureInfo.InvariantCulture);
        string date = DateTimeOffset.FromUnixTimeSeconds(epoch).ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);

        // The artefact, byte for byte (its SHA256SUMS still checks under /opt/fxs).
        string opt = System.IO.Path.Combine(staging, "opt", "fxs");
        System.IO.Directory.CreateDirectory(opt);
        DevicePublish.Run(repo, "cp", new[] { "-a", a.Directory + "/.", opt + "/" }, log, echo: false);
        Put(staging, "lib/systemd/system/fxs.service", System.IO.File.ReadAllText(System.IO.Path.Combine(a.Directory, "fxs.service")), "644");
        Put(staging, "lib/udev/rules.d/60-fxs.rules", System.IO.File.ReadAllText(System.IO.Path.Combine(src, "60-fxs.rules")), "644");
        // 0644 in the package (Debian's mode for a conffile; they are examples without secrets): the postinst's
        // dpkg-statoverride makes them root:fxs 0640 at configure, and dpkg applies that on every later unpack.
        Put(staging, "etc/fxs/line.json", System.IO.File.ReadAllText(System.IO.Path.Combine(src, "line.json")), "644");
        Put(staging, "etc/fxs/relay.json", System.IO.File.ReadAllText(System.IO.Path.Combine(src, "relay.json")), "644");
        string doc = $"usr/share/doc/{package}";
        Put(staging, doc + "/copyright", System.IO.File.ReadAllText(System.IO.Path.Combine(src, "copyright")), "644");
        string changelog = $"{package} ({version}) unstable; urgency=medium\n\n"
            + $"  * Commit {version.Substring(version.LastIndexOf('.') + 1)}, board {a.Board}, {a.Rid}.\n\n"
            + $" -- {Maintainer}  {date}\n";
        Put(staging, doc + "/changelog", changelog, "644");
        DevicePublish.Run(staging, "gzip", new[] { "-9n", doc + "/changelog" }, log, echo: false);
        Put(staging, $"usr/share/lintian/overrides/{package}", Overrides(package), "644");

        string debian = System.IO.Path.Combine(staging, "DEBIAN");
        foreach (string script in new[] { "postinst", "prerm", "postrm" })
        {
            Put(staging, "DEBIAN/" + script, System.IO.File.ReadAllText(System.IO.Path.Combine(src, script)), "755");
        }
        Put(staging, "DEBIAN/conffiles", "/etc/fxs/line.json\n/etc/fxs/relay.json\n", "644");
        Put(staging, "DEBIAN/control", Control(package, version, arch, a, InstalledSizeKb(staging)), "644");
        Put(staging, "DEBIAN/md5sums", Md5Sums(staging), "644");

        // Debian's modes (the publish leaves 0744 on the runtime's files): directories 0755, programs 0755,
        // shared libraries and data 0644; every mtime the commit's.
        DevicePublish.Run(staging, "bash", new[] { "-c",
            "find . -type d -exec chmod 0755 {} + && find opt -type f -perm /111 ! -name '*.so' -exec chmod 0755 {} + "
            + "&& find opt -type f \\( -name '*.so' -o ! -perm /111 \\) -exec chmod 0644 {} + "
            + "&& find . -exec touch -h -d @" + epoch.ToString(CultureInfo.InvariantCulture) + " {} +" }, log, echo: false);
        System.IO.Directory.CreateDirectory(outDir);
        string deb = System.IO.Path.Combine(outDir, $"{package}_{version}_{arch}.deb");
        if (System.IO.File.Exists(deb)) { System.IO.File.Delete(deb); }
        DevicePublish.Run(outDir, "dpkg-deb", new[] { "--root-owner-group", "-Zxz", "--build", staging, deb }, log,
            env: new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = epoch.ToString(CultureInfo.InvariantCulture) });
        log(string.Format(CultureInfo.InvariantCulture, "{0}: {1:F1} MB", deb, new System.IO.FileInfo(deb).Length / 1048576.0));
        return deb;
    }

    /// <summary>lintian on the package (Debian's, installed by .ci/run); fails on any error or warning it prints.</summary>
    public static string Lintian(string deb, Action<string> log)
    {
        // --pedantic shows info and pedantic tags too; only E: and W: fail the target.
        string said = DevicePublish.Run(System.IO.Path.GetDirectoryName(deb)!, "bash", new[] { "-c",
            "lintian --info --display-info --pedantic --show-overrides '" + deb + "' 2>&1; true" }, log);
        log(said.TrimEnd().Length == 0 ? "lintian: nothing to say" : "lintian:\n" + said.TrimEnd());
        var bad = said.Split('\n').Where(l => l.StartsWith("E: ", StringComparison.Ordinal) || l.StartsWith("W: ", StringComparison.Ordinal)).ToList();
        if (bad.Count > 0) { throw new Exception($"lintian: {bad.Count} error(s) or warning(s) on {deb}:\n" + string.Join("\n", bad)); }
        return said;
    }

    /// <summary>
    /// The package installed, selftested, removed and purged in a clean Debian 12 root
    /// (deploy/package/test-install.sh under chroot): debootstrap minbase of bookworm with the package's
    /// dependencies from the mirror in /etc/apt/sources.list*, made once and kept as a tarball in
    /// CACHEDIR (so CI does not fetch it each run), unpacked fresh for every test. Host architecture only.
    /// </summary>
    public static void TestInstall(string repo, string deb, string package, string cacheDir, string workDir, Action<string> log)
    {
        System.IO.Directory.CreateDirectory(workDir);
        string root = System.IO.Path.Combine(workDir, "root");
        string tarball = RootTarball(cacheDir, workDir, log);
        Unmount(root, log);
        if (System.IO.Directory.Exists(root)) { DevicePublish.Run(workDir, "rm", new[] { "-rf", "--one-file-system", root }, log, echo: false); }
        System.IO.Directory.CreateDirectory(root);
        DevicePublish.Run(workDir, "tar", new[] { "-C", root, "-xzf", tarball }, log);
        System.IO.File.Copy(deb, System.IO.Path.Combine(root, "tmp", System.IO.Path.GetFileName(deb)));
        System.IO.File.Copy(System.IO.Path.Combine(repo, "deploy", "package", "test-install.sh"), System.IO.Path.Combine(root, "tmp", "test-install.sh"));
        // .NET reads /proc (its own maps, cgroup limits); /dev comes from debootstrap's nodes.
        DevicePublish.Run(workDir, "mount", new[] { "-t", "proc", "proc", System.IO.Path.Combine(root, "proc") }, log);
        try
        {
            var env = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["LC_ALL"] = "C.UTF-8", ["DEBIAN_FRONTEND"] = "noninteractive" };
            DevicePublish.Run(workDir, "chroot", new[] { root, "/bin/bash", "/tmp/test-install.sh", "/tmp/" + System.IO.Path.GetFileName(deb), package },
                log, env, stream: true);
        }
        finally
        {
            Unmount(root, log);
        }
    }

    // The packages the test root needs beyond minbase: the package's Depends (minbase has libc6,
    // libgcc-s1, libstdc++6 and adduser). A change here names a new cache file.
    private const string RootIncludes = "libssl3,libasound2,acl";

    private static string RootTarball(string cacheDir, string workDir, Action<string> log)
    {
        string tag = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(RootIncludes))).Substring(0, 8).ToLowerInvariant();
        string tarball = System.IO.Path.Combine(cacheDir, $"debian-bookworm-minbase-amd64-{tag}.tar.gz");
        if (System.IO.File.Exists(tarball))
        {
            log($"package test: clean Debian 12 root from the cache {tarball}");
            return tarball;
        }
        string mirror = Mirror();
        string fresh = System.IO.Path.Combine(workDir, "debootstrap");
        if (System.IO.Directory.Exists(fresh)) { DevicePublish.Run(workDir, "rm", new[] { "-rf", "--one-file-system", fresh }, log, echo: false); }
        log($"package test: no cached root: debootstrap --variant=minbase bookworm from {mirror} (once; kept in {tarball})");
        DevicePublish.Run(workDir, "debootstrap", new[] { "--variant=minbase", "--include=" + RootIncludes, "bookworm", fresh, mirror }, log, stream: true);
        System.IO.Directory.CreateDirectory(cacheDir);
        string partial = tarball + ".partial";
        DevicePublish.Run(workDir, "tar", new[] { "-C", fresh, "--exclude=./var/cache/apt/archives/*.deb", "-czf", partial, "." }, log);
        System.IO.File.Move(partial, tarball, overwrite: true);
        DevicePublish.Run(workDir, "rm", new[] { "-rf", "--one-file-system", fresh }, log, echo: false);
        return tarball;
    }

    // The machine's own Debian mirror: the first URI serving bookworm in /etc/apt/sources.list(.d).
    private static string Mirror()
    {
        var files = new List<string>();
        if (System.IO.File.Exists("/etc/apt/sources.list")) { files.Add("/etc/apt/sources.list"); }
        if (System.IO.Directory.Exists("/etc/apt/sources.list.d")) { files.AddRange(System.IO.Directory.GetFiles("/etc/apt/sources.list.d").OrderBy(f => f, StringComparer.Ordinal)); }
        foreach (string file in files)
        {
            string text = System.IO.File.ReadAllText(file);
            // deb822 (.sources): a stanza with "Suites: bookworm" and its "URIs:".
            foreach (string stanza in text.Split("\n\n"))
            {
                var uris = System.Text.RegularExpressions.Regex.Match(stanza, @"^URIs:\s*(\S+)", System.Text.RegularExpressions.RegexOptions.Multiline);
                if (uris.Success && System.Text.RegularExpressions.Regex.IsMatch(stanza, @"^Suites:.*\bbookworm\b(?!-)", System.Text.RegularExpressions.RegexOptions.Multiline)
                    && !uris.Groups[1].Value.Contains("security", StringComparison.Ordinal))
                {
                    return uris.Groups[1].Value;
                }
            }
            // One-line format: deb URL bookworm main.
            var line = System.Text.RegularExpressions.Regex.Match(text, @"^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s", System.Text.RegularExpressions.RegexOptions.Multiline);
            if (line.Success) { return line.Groups[1].Value; }
        }
        throw new Exception("no Debian bookworm mirror in /etc/apt/sources.list or /etc/apt/sources.list.d: the package test's root needs one");
    }

    private static void Unmount(string root, Action<string> log)
    {
        string proc = System.IO.Path.Combine(root, "proc");
        if (System.IO.File.ReadAllText("/proc/mounts").Contains(" " + proc + " ", StringComparison.Ordinal))
        {
            DevicePublish.Run("/", "umount", new[] { proc }, log);
        }
    }

    public const string Maintainer = "fxs developers <fxs@gateway.invalid>";

    private static string Control(string package, string version, string arch, BoardArtefact a, long installedKb)
    {
        // Depends: what the self-contained runtime and the Linux HAL load from the system (glibc,
        // libstdc++/libgcc for the runtime, OpenSSL for the relay's TLS, libasound for the ALSA codec);
        // adduser and acl for the postinst and the udev rule. libgpiod is the board file's choice
        // (gpio.driver), so a Recommends, either soname.
        return $"Package: {package}\n"
            + $"Version: {version}\n"
            + $"Architecture: {arch}\n"
            + $"Maintainer: {Maintainer}\n"
            + $"Installed-Size: {installedKb.ToString(CultureInfo.InvariantCulture)}\n"
            + "Depends: libc6 (>= 2.36), libgcc-s1, libstdc++6, libssl3, libasound2, adduser, acl\n"
            + "Recommends: libgpiod3 | libgpiod2\n"
            + "Provides: fxs\n"
            + "Conflicts: fxs\n"
            + "Replaces: fxs\n"
            + "Section: comm\n"
            + "Priority: optional\n"
            + $"Description: FXS-port temporary-password IVR for board {a.Board}\n"
            + " fxs answers the telephone on a home gateway's FXS port and runs the\n"
            + " carrier's temporary-password service: it decodes the caller's keys,\n"
            + " plays the Japanese guidance and relays a sealed record to the carrier's\n"
            + $" backend. This package is the device edition built for board {a.Board}\n"
            + $" ({a.Rid}), self-contained under /opt/fxs, with its systemd unit, a\n"
            + " udev rule for the fxs user and example configuration in /etc/fxs.\n";
    }

    // One reason per override (lintian shows it with --show-overrides); each is what this package is
    // for, a vendor package of a self-contained .NET program that is not meant for the Debian archive.
    private static string Overrides(string package)
    {
        var sb = new StringBuilder();
        void O(string why, string tag)
        {
            foreach (string line in why.Split('\n')) { sb.Append("# ").Append(line).Append('\n'); }
            sb.Append(package).Append(": ").Append(tag).Append("\n\n");
        }
        O("The artefact's place on every gateway (the tarball, the unit and its README name /opt/fxs);\na vendor package for gateway images, not for the Debian archive.",
            "dir-or-file-in-opt [opt/fxs/*]");
        O("zlib-ng statically linked into the .NET runtime's compression shim by Microsoft's build of the\nruntime pack (self-contained publish); fxs cannot link it against Debian's zlib1g.",
            "embedded-library zlib [opt/fxs/libSystem.IO.Compression.Native.so]");
        O("SQLite as SQLitePCLRaw's NuGet package ships it (the relay's outbox); kept byte for byte so that\n/opt/fxs/SHA256SUMS, shared with the tarball, still checks.",
            "unstripped-binary-or-object [opt/fxs/libe_sqlite3.so]");
        return sb.ToString();
    }

    // MODE in octal digits ("644"): C# has no octal literals.
    private static void Put(string root, string relative, string text, string mode)
    {
        string path = System.IO.Path.Combine(root, relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        System.IO.File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
    }

    // dpkg's Installed-Size: KiB, each file rounded up, each directory one.
    private static long InstalledSizeKb(string staging)
    {
        long kb = 0;
        foreach (string f in System.IO.Directory.GetFiles(staging, "*", SearchOption.AllDirectories))
        {
            if (!f.Contains("/DEBIAN/", StringComparison.Ordinal)) { kb += (new System.IO.FileInfo(f).Length + 1023) / 1024; }
        }
        kb += System.IO.Directory.GetDirectories(staging, "*", SearchOption.AllDirectories).Count(d => !d.EndsWith("/DEBIAN", StringComparison.Ordinal));
        return kb;
    }

    private static string Md5Sums(string staging)
    {
        var sb = new StringBuilder();
        foreach (string rel in System.IO.Directory.GetFiles(staging, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(staging, f))
            .Where(f => !f.StartsWith("DEBIAN/", StringComparison.Ordinal) && !f.StartsWith("etc/", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal))
        {
            using System.IO.FileStream s = System.IO.File.OpenRead(System.IO.Path.Combine(staging, rel));
            sb.Append(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(s)).ToLowerInvariant()).Append("  ").Append(rel).Append('\n');
        }
        return sb.ToString();
    }
}
