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
/// <para>
/// Rotation (issue #17): the file may hold several keys, one a line; the <b>last</b> encrypts (as
/// in the pepper file), every line decrypts. A new key is first added as an earlier line on every
/// instance, then made the last, then <c>rotate-key-ring</c> (<see cref="KeyRingRotation"/>)
/// re-encrypts the stored keys under it, then the old line goes: no instance ever meets a row it
/// cannot open, and the data protection keys themselves (so antiforgery tokens and known-device
/// cookies) stay the same.
/// </para>
/// </summary>
public sealed class KeyRingKey
{
    public const int KeyBytes = 32;

    /// <summary>Bytes of SHA-256(key) that name a key in the stored XML (4: tells a handful of keys apart, says nothing of the key).</summary>
    private const int IdBytes = 4;

    public KeyRingKey(string path)
    {
        if (!File.Exists(path))
        {
            PrivateFiles.WriteAllBytes(path, Encoding.ASCII.GetBytes(NewLine()));
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~PrivateFiles.FileMode) != 0)
        {
            throw new InvalidDataException($"{path}: the key ring's key file must be mode 0600 (it is {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); chmod 600 it.");
        }
        var keys = new List<byte[]>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) { continue; }
            byte[]? key = null;
            try { key = Convert.FromBase64String(lines[i].Trim()); }
            catch (FormatException) { }
            if (key is not { Length: KeyBytes })
            {
                throw new InvalidDataException($"{path} line {i + 1}: expected a {KeyBytes}-byte key in base64 (one key a line; the last encrypts, all decrypt).");
            }
            keys.Add(key);
        }
        if (keys.Count == 0) { throw new InvalidDataException($"{path}: expected one line, a {KeyBytes}-byte key in base64."); }
        Keys = keys;
        Key = keys[^1];
        KeyId = Id(Key);
    }

    /// <summary>The current key: the file's last line; it encrypts.</summary>
    public byte[] Key { get; }

    /// <summary>The current key's name in the stored XML (<see cref="Id"/>).</summary>
    public string KeyId { get; }

    /// <summary>Every key of the file, in its order; each decrypts.</summary>
    public IReadOnlyList<byte[]> Keys { get; }

    /// <summary>A key's name: the first <see cref="IdBytes"/> bytes of its SHA-256, lowercase hex.</summary>
    public static string Id(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, IdBytes));

    /// <summary>A new key's line for the file (`new-key-ring-key`).</summary>
    public static string NewLine() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) + "\n";

    /// <summary>The keys that may have encrypted an element named <paramref name="keyId"/>: that one; all, for an element from before key names.</summary>
    public IEnumerable<byte[]> Candidates(string? keyId) => keyId is null ? Keys : Keys.Where(k => Id(k) == keyId);
}

/// <summary>
/// Encrypts each data protection key's XML before it is stored: AES-256-GCM under
/// <see cref="KeyRingKey"/>'s current key, a random 12-byte nonce, the stored form
/// <c>&lt;encryptedKey keyId="ID"&gt;&lt;value&gt;BASE64(nonce || ciphertext || tag)&lt;/value&gt;&lt;/encryptedKey&gt;</c>
/// (<c>keyId</c>: <see cref="KeyRingKey.Id"/>, so a rotation knows what is still under an old key).
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
        return new EncryptedXmlInfo(new XElement("encryptedKey", new XAttribute("keyId", key.KeyId), new XElement("value", Convert.ToBase64String(sealedBytes))),
            typeof(KeyRingDecryptor));
    }
}

/// <summary>Opens what <see cref="KeyRingEncryptor"/> sealed (data protection makes it through its activator, with the service provider).</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => Open(services.GetRequiredService<KeyRingKey>(), encryptedElement);

    /// <summary>Opens an <c>encryptedKey</c> element with the key it names (or, from before key names, whichever of the file's keys opens it).</summary>
    public static XElement Open(KeyRingKey ring, XElement encryptedElement)
    {
        byte[] sealedBytes = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        int length = sealedBytes.Length - KeyRingEncryptor.NonceBytes - KeyRingEncryptor.TagBytes;
        byte[] plaintext = new byte[length];
        string? keyId = (string?)encryptedElement.Attribute("keyId");
        foreach (byte[] key in ring.Candidates(keyId))
        {
            try
            {
                using (var aes = new AesGcm(key, KeyRingEncryptor.TagBytes))
                {
                    aes.Decrypt(sealedBytes.AsSpan(0, KeyRingEncryptor.NonceBytes), sealedBytes.AsSpan(KeyRingEncryptor.NonceBytes, length),
                        sealedBytes.AsSpan(KeyRingEncryptor.NonceBytes + length), plaintext);
                }
                return XElement.Parse(Encoding.UTF8.GetString(plaintext));
            }
            catch (CryptographicException)
            {
                // not this key (a key from before key names): the next
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        throw new CryptographicException(
            $"a data protection key is encrypted under a key-ring.key key {(keyId is null ? "" : $"(id {keyId}) ")}that is not in this instance's file: keep the old key as an earlier line until `rotate-key-ring` has run (backend/README.md, the key ring).");
    }
}
