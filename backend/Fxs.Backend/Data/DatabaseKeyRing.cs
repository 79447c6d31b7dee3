using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Fxs.Relay.Sealing;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Fxs.Backend.Data;

/// <summary>
/// ASP.NET data protection's key ring (antiforgery tokens, known-device cookies) in the database's
/// data_protection_keys table (issue #17 item 2), so every instance on the same database protects
/// and unprotects with the same keys: a form served by one instance posts to another. Each key's
/// XML is stored encrypted (<see cref="KeyRingEncryptor"/>), so a copy of the database alone forges
/// no token. Two instances that create a key at the same moment both store theirs; data
/// protection uses either.
/// </summary>
public sealed class DatabaseKeyRing(Database db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using DbConnection c = db.Open();
        using DbCommand cmd = Database.Command(c, "SELECT xml FROM data_protection_keys ORDER BY friendly_name", null);
        using DbDataReader r = cmd.ExecuteReader();
        var elements = new List<XElement>();
        while (r.Read()) { elements.Add(XElement.Parse(r.GetString(0))); }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using DbConnection c = db.Open();
        using DbCommand cmd = Database.Command(c, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@n, @x) ON CONFLICT (friendly_name) DO NOTHING", null,
            ("@n", friendlyName), ("@x", element.ToString(SaveOptions.DisableFormatting)));
        cmd.ExecuteNonQuery();
    }
}

/// <summary>
/// The key that encrypts the key ring at rest: 32 random bytes, base64, in a file of mode 0600
/// (<see cref="Hosting.BackendOptions.KeyRingKeyFile"/>, default <c>key-ring.key</c> in the data
/// folder), made at first start. Like the pepper file it lives outside the database, and every
/// instance of one deployment is given the same file (backend/README.md).
/// </summary>
public sealed class KeyRingKey
{
    public const int KeyBytes = 32;

    public KeyRingKey(string path)
    {
        if (!File.Exists(path))
        {
            PrivateFiles.WriteAllBytes(path, Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) + "\n"));
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~PrivateFiles.FileMode) != 0)
        {
            throw new InvalidDataException($"{path}: the key ring's key file must be mode 0600 (it is {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); chmod 600 it.");
        }
        byte[]? key = null;
        try { key = Convert.FromBase64String(File.ReadAllText(path).Trim()); }
        catch (FormatException) { }
        if (key is not { Length: KeyBytes }) { throw new InvalidDataException($"{path}: expected one line, a {KeyBytes}-byte key in base64."); }
        Key = key;
    }

    public byte[] Key { get; }
}

/// <summary>
/// Encrypts each data protection key's XML before it is stored: AES-256-GCM under
/// <see cref="KeyRingKey"/>, a random 12-byte nonce, the stored form
/// <c>&lt;encryptedKey&gt;&lt;value&gt;BASE64(nonce || ciphertext || tag)&lt;/value&gt;&lt;/encryptedKey&gt;</c>.
/// </summary>
public sealed class KeyRingEncryptor(KeyRingKey key) : IXmlEncryptor
{
    internal const int NonceBytes = 12;
    internal const int TagBytes = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        byte[] plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        byte[] sealedBytes = new byte[NonceBytes + plaintext.Length + TagBytes];
        Span<byte> nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.Key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes, plaintext.Length), sealedBytes.AsSpan(NonceBytes + plaintext.Length));
        }
        CryptographicOperations.ZeroMemory(plaintext);
        return new EncryptedXmlInfo(new XElement("encryptedKey", new XElement("value", Convert.ToBase64String(sealedBytes))), typeof(KeyRingDecryptor));
    }
}

/// <summary>Opens what <see cref="KeyRingEncryptor"/> sealed (data protection makes it through its activator, with the service provider).</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        byte[] sealedBytes = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        int length = sealedBytes.Length - KeyRingEncryptor.NonceBytes - KeyRingEncryptor.TagBytes;
        byte[] plaintext = new byte[length];
        using (var aes = new AesGcm(services.GetRequiredService<KeyRingKey>().Key, KeyRingEncryptor.TagBytes))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, KeyRingEncryptor.NonceBytes), sealedBytes.AsSpan(KeyRingEncryptor.NonceBytes, length),
                sealedBytes.AsSpan(KeyRingEncryptor.NonceBytes + length), plaintext);
        }
        try { return XElement.Parse(Encoding.UTF8.GetString(plaintext)); }
        finally { CryptographicOperations.ZeroMemory(plaintext); }
    }
}
