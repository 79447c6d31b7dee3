using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Passwords;

public sealed class PasswordHashOptions
{
    /// <summary>OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA256 with 600,000 iterations.</summary>
    public const int OwaspPbkdf2Sha256Iterations = 600_000;

    public int Pbkdf2Iterations { get; set; } = OwaspPbkdf2Sha256Iterations;
}

/// <summary>
/// Password storage: PBKDF2-HMAC-SHA256 (.NET's Rfc2898DeriveBytes.Pbkdf2 on OpenSSL), 16-byte
/// random salt, 32-byte hash, iterations per hash in the stored string
/// <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64), so raising the count later keeps old hashes
/// verifiable. Only hashes are stored, never a password.
/// </summary>
public sealed class PasswordHasher(IOptions<PasswordHashOptions> options)
{
    private const string Prefix = "pbkdf2-sha256";
    private const int SaltLength = 16;
    private const int HashLength = 32;
    private readonly Lazy<string> _dummy = new(() => Hash("dummy-password", options.Value.Pbkdf2Iterations));

    public string Hash(string password) => Hash(password, options.Value.Pbkdf2Iterations);

    public static string Hash(string password, int iterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltLength);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashLength);
        return string.Join('$', Prefix, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string stored)
    {
        string[] parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations))
        {
            return false;
        }
        byte[] salt = Convert.FromBase64String(parts[2]);
        byte[] expected = Convert.FromBase64String(parts[3]);
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends a verification's time when there is no hash to check (unknown number), so timing tells nothing.</summary>
    public void VerifyNothing(string password) => Verify(password, _dummy.Value);
}
