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

var app = await BackendHost.BuildAsync(new WebApplicationOptions { Args = args });
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
