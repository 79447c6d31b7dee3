using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Passwords;

/// <summary>The slow hash new passwords get (verification reads the algorithm from each stored hash).</summary>
public enum PasswordAlgorithm { Argon2id, Pbkdf2Sha256 }

/// <summary>Section "Passwords" (OWASP Password Storage Cheat Sheet parameters by default).</summary>
public sealed class PasswordHashOptions
{
    /// <summary>OWASP: PBKDF2-HMAC-SHA256 with 600,000 iterations.</summary>
    public const int OwaspPbkdf2Sha256Iterations = 600_000;

    /// <summary>OWASP: Argon2id with 19 MiB (19,456 KiB) of memory, 2 iterations, 1 lane.</summary>
    public const int OwaspArgon2idMemoryKiB = 19_456;
    public const int OwaspArgon2idIterations = 2;

    /// <summary>
    /// Argon2id by the figures of <c>dotnet cake --target=BenchBackend</c> (backend/README.md):
    /// at OWASP's parameters it costs the server a fraction of PBKDF2's time per login and makes
    /// each guess need 19 MiB of memory, which is what GPU and ASIC rigs lack.
    /// </summary>
    public PasswordAlgorithm Algorithm { get; set; } = PasswordAlgorithm.Argon2id;

    public int Pbkdf2Iterations { get; set; } = OwaspPbkdf2Sha256Iterations;
    public int Argon2idIterations { get; set; } = OwaspArgon2idIterations;
    public int Argon2idMemoryKiB { get; set; } = OwaspArgon2idMemoryKiB;
}

/// <summary>
/// Password storage (issue #13 item 3). New hashes: <c>pepper$KEYID$INNER</c>, where INNER is the
/// slow hash of HMAC-SHA256(pepper key KEYID, password) (<see cref="PepperKeys"/>, kept outside
/// the database): Argon2id through libsodium (Geralt; libsodium's own string,
/// <c>$argon2id$v=19$m=…,t=…,p=1$SALT$HASH</c>, 16-byte random salt) or
/// <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (16-byte salt, 32-byte hash, base64). Hashes made
/// before the pepper (<c>pbkdf2-sha256$…</c> of the password itself) still verify, and
/// <see cref="NeedsRehash"/> tells the login to replace them, as it does hashes of an older key
/// or weaker parameters. Only hashes are stored, never a password.
/// </summary>
public sealed class PasswordHasher
{
    private const string PepperPrefix = "pepper";
    private const string Pbkdf2Prefix = "pbkdf2-sha256";
    private const string Argon2idPrefix = "$argon2id$";
    private const int SaltLength = 16;
    private const int HashLength = 32;
    private const int BytesPerKiB = 1024;

    private readonly PasswordHashOptions _o;
    private readonly PepperKeys _pepper;
    private readonly Lazy<string> _dummy;

    public PasswordHasher(IOptions<PasswordHashOptions> options, PepperKeys pepper)
    {
        _o = options.Value;
        _pepper = pepper;
        _dummy = new(() => Hash("dummy-password"));
    }

    public string Hash(string password)
    {
        byte[] keyed = _pepper.Key(_pepper.CurrentId, password);
        try
        {
            string inner = _o.Algorithm == PasswordAlgorithm.Argon2id ? Argon2id(keyed) : Pbkdf2(keyed, _o.Pbkdf2Iterations);
            return string.Join('$', PepperPrefix, _pepper.CurrentId, inner);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyed);
        }
    }

    public bool Verify(string password, string stored)
    {
        if (!TrySplit(stored, out string? keyId, out string inner)) { return VerifyInner(System.Text.Encoding.UTF8.GetBytes(password), inner); }
        if (!_pepper.Has(keyId!)) { return false; }
        byte[] keyed = _pepper.Key(keyId!, password);
        try { return VerifyInner(keyed, inner); }
        finally { CryptographicOperations.ZeroMemory(keyed); }
    }

    /// <summary>True when <paramref name="stored"/> is not what <see cref="Hash"/> makes now: no pepper, an older key, another algorithm or weaker parameters.</summary>
    public bool NeedsRehash(string stored)
    {
        if (!TrySplit(stored, out string? keyId, out string inner) || keyId != _pepper.CurrentId) { return true; }
        if (_o.Algorithm == PasswordAlgorithm.Argon2id)
        {
            return !inner.StartsWith(Argon2idPrefix, StringComparison.Ordinal)
                || Geralt.Argon2id.NeedsRehash(Padded(inner), _o.Argon2idIterations, _o.Argon2idMemoryKiB * BytesPerKiB);
        }
        string[] parts = inner.Split('$');
        return parts.Length != 4 || parts[0] != Pbkdf2Prefix || parts[1] != _o.Pbkdf2Iterations.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Spends a verification's time when there is no hash to check (unknown number), so timing tells nothing.</summary>
    public void VerifyNothing(string password) => Verify(password, _dummy.Value);

    private static bool TrySplit(string stored, out string? keyId, out string inner)
    {
        string[] parts = stored.Split('$', 3);
        if (parts.Length == 3 && parts[0] == PepperPrefix)
        {
            keyId = parts[1];
            inner = parts[2];
            return true;
        }
        keyId = null;
        inner = stored;
        return false;
    }

    private static bool VerifyInner(byte[] keyed, string inner)
    {
        if (inner.StartsWith(Argon2idPrefix, StringComparison.Ordinal))
        {
            return inner.Length < Geralt.Argon2id.HashSize && Geralt.Argon2id.VerifyHash(Padded(inner), keyed);
        }
        string[] parts = inner.Split('$');
        if (parts.Length != 4 || parts[0] != Pbkdf2Prefix || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations))
        {
            return false;
        }
        byte[] salt = Convert.FromBase64String(parts[2]);
        byte[] expected = Convert.FromBase64String(parts[3]);
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(keyed, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private string Argon2id(byte[] keyed)
    {
        char[] encoded = new char[Geralt.Argon2id.HashSize];
        Geralt.Argon2id.ComputeHash(encoded, keyed, _o.Argon2idIterations, _o.Argon2idMemoryKiB * BytesPerKiB);
        return new string(encoded).TrimEnd('\0');
    }

    public static string Pbkdf2(byte[] input, int iterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltLength);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(input, salt, iterations, HashAlgorithmName.SHA256, HashLength);
        return string.Join('$', Pbkdf2Prefix, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>libsodium's string in Geralt's fixed-size, NUL-padded buffer.</summary>
    private static char[] Padded(string encoded)
    {
        char[] buffer = new char[Geralt.Argon2id.HashSize];
        encoded.AsSpan(0, Math.Min(encoded.Length, buffer.Length - 1)).CopyTo(buffer);
        return buffer;
    }
}
