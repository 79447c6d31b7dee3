using System.Security.Cryptography.X509Certificates;

namespace Fxs.Backend.Auth;

/// <summary>
/// The carrier's device CA from the provisioning file (<c>deviceCaCertificate</c>), set at start;
/// null: only pinned certificates log in.
/// </summary>
public sealed class DeviceCa
{
    public X509Certificate2? Certificate { get; set; }
}
