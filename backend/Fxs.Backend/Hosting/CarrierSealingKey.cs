using System.Security.Cryptography;
using Fxs.Relay.Sealing;

namespace Fxs.Backend.Hosting;

/// <summary>The carrier's static P-256 key that opens sealed passwords (PKCS#8 PEM file, created once when missing).</summary>
public sealed class CarrierSealingKey : IDisposable
{
    public CarrierSealingKey(string pemPath)
    {
        Key = ECDiffieHellman.Create();
        if (File.Exists(pemPath))
        {
            Key.ImportFromPem(File.ReadAllText(pemPath));
        }
        else
        {
            Key.GenerateKey(ECCurve.NamedCurves.nistP256);
            PrivateFiles.WriteAllBytes(pemPath, System.Text.Encoding.ASCII.GetBytes(Key.ExportPkcs8PrivateKeyPem()));
        }
        PublicKeySpki = PasswordSealing.ExportPublicKey(Key);
    }

    public ECDiffieHellman Key { get; }

    /// <summary>The public key gateways seal to (SubjectPublicKeyInfo, DER).</summary>
    public byte[] PublicKeySpki { get; }

    public void Dispose() => Key.Dispose();
}
