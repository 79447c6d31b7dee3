using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Fxs.Relay.Sealing;

namespace Fxs.Backend.Passwords;

/// <summary>
/// The password pepper (issue #13 item 3): secret keys kept outside the database, in a key file
/// of mode 0600 (<see cref="PasswordHashOptions.PepperFile"/>, default <c>password-pepper.keys</c>
/// in the data folder; on a production host, a path on another volume, or a file a KMS/HSM agent
/// writes). One key a line, <c>ID BASE64</c> (32 random bytes); the last line is the current key,
/// the others still verify the hashes made with them. Created with one key when missing. Each
/// password is keyed as HMAC-SHA256(key, password) before the slow hash, so a copy of
/// <c>backend.db</c> without this file gives no way to test a guess offline.
/// </summary>
public sealed partial class PepperKeys
{
    public const int KeyBytes = 32;

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex IdPattern();

    public PepperKeys(string path)
    {
        if (!File.Exists(path))
        {
            PrivateFiles.WriteAllBytes(path, Encoding.ASCII.GetBytes(NewLine("k1")));
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~PrivateFiles.FileMode) != 0)
        {
            throw new InvalidDataException($"{path}: the pepper key file must be mode 0600 (it is {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); chmod 600 it.");
        }
        int lineNumber = 0;
        foreach (string raw in File.ReadAllLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) { continue; }
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            byte[]? key = null;
            if (parts.Length != 2 || !IdPattern().IsMatch(parts[0]) || !TryBase64(parts[1], out key) || key!.Length != KeyBytes || !_keys.TryAdd(parts[0], key))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'ID BASE64' with a unique ID of letters, digits, _ or - and a {KeyBytes}-byte key.");
            }
            CurrentId = parts[0];
        }
        if (CurrentId is null) { throw new InvalidDataException($"{path}: no key."); }
    }

    /// <summary>The key new hashes are made with (the file's last).</summary>
    public string CurrentId { get; } = null!;

    public bool Has(string id) => _keys.ContainsKey(id);

    /// <summary>HMAC-SHA256 of the password under key <paramref name="id"/>: what the slow hash takes as its input.</summary>
    public byte[] Key(string id, string password) => HMACSHA256.HashData(_keys[id], Encoding.UTF8.GetBytes(password));

    /// <summary>A key file line with a fresh random key: <c>dotnet run --project backend/Fxs.Backend -- new-pepper ID</c> prints one.</summary>
    public static string NewLine(string id) => id + " " + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) + "\n";

    private static bool TryBase64(string s, out byte[]? bytes)
    {
        try { bytes = Convert.FromBase64String(s); return true; }
        catch (FormatException) { bytes = null; return false; }
    }
}
