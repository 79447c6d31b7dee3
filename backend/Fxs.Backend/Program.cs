using Fxs.Backend.Hosting;

// The reference carrier backend (issue #4): composition only (Hosting/BackendHost.cs); each feature lives in its folder.
// `dev-certs [--provisioning FILE] [--out DIR]`: a dev device CA and one certificate per gateway (Cake target DevCerts).
if (args is ["dev-certs", ..])
{
    string Option(string name, string fallback) => Array.IndexOf(args, name) is int i and > 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    foreach (string written in DevCertificates.Write(Option("--provisioning", "backend/provisioning.sample.json"), Option("--out", "backend/.data/dev-ca"), DateTimeOffset.UtcNow))
    {
        Console.WriteLine(written);
    }
    return;
}

// `new-pepper ID`: a new line for the password pepper's key file (backend/README.md, key rotation).
if (args is ["new-pepper", string id])
{
    Console.Write(Fxs.Backend.Passwords.PepperKeys.NewLine(id));
    return;
}

// Key ring rotation (backend/README.md, "The key ring"): `new-key-ring-key` prints a line for key-ring.key;
// `rotate-key-ring [settings]` re-encrypts the stored data protection keys under the file's last key.
if (args is ["new-key-ring-key"])
{
    Console.Write(Fxs.Backend.Data.KeyRingKey.NewLine());
    return;
}
if (args is ["rotate-key-ring", ..])
{
    await using WebApplication admin = await BackendHost.BuildAsync(new WebApplicationOptions { Args = args[1..] });
    var ring = admin.Services.GetRequiredService<Fxs.Backend.Data.KeyRingKey>();
    var rotated = await Fxs.Backend.Data.KeyRingRotation.RotateAsync(admin.Services.GetRequiredService<Fxs.Backend.Data.Database>(), ring, default);
    Console.WriteLine($"key ring (key {ring.KeyId}): {rotated.Reencrypted} re-encrypted, {rotated.AlreadyCurrent} already under it, "
        + $"{rotated.ChangedMeanwhile} changed meanwhile{(rotated.ChangedMeanwhile > 0 ? ": run it again" : "")}");
    return;
}

var app = await BackendHost.BuildAsync(new WebApplicationOptions { Args = args });
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
