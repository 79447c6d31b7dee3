using System.Data.Common;
using System.Xml.Linq;

namespace Fxs.Backend.Data;

/// <summary>
/// `rotate-key-ring` (issue #17): re-encrypts every data protection key stored in the database
/// under key-ring.key's current (last) key, each row by compare-and-set (an instance storing a new
/// key meanwhile loses nothing; run it again to take that one too). The data protection keys
/// inside stay the same: antiforgery tokens, known-device cookies and sessions (which are not data
/// protection's) all stay valid; nobody is logged out. Rows already under the current key are
/// left alone, so it can run any number of times. Procedure: backend/README.md, "The key ring".
/// </summary>
public static class KeyRingRotation
{
    /// <summary>What a run did: rows re-encrypted, rows already under the current key, rows another writer changed meanwhile (run again).</summary>
    public sealed record Result(int Reencrypted, int AlreadyCurrent, int ChangedMeanwhile);

    /// <summary>The element data protection wraps each key's encrypted secret in; its decryptorType names ours.</summary>
    private const string EncryptedSecret = "encryptedSecret";

    public static async Task<Result> RotateAsync(Database db, KeyRingKey ring, CancellationToken ct)
    {
        var rows = new List<(string Name, string Xml)>();
        await using (DbConnection c = await db.OpenAsync(ct))
        await using (DbCommand cmd = Database.Command(c, "SELECT friendly_name, xml FROM data_protection_keys ORDER BY friendly_name", null))
        await using (DbDataReader r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) { rows.Add((r.GetString(0), r.GetString(1))); }
        }
        int reencrypted = 0, current = 0, changed = 0;
        var encryptor = new KeyRingEncryptor(ring);
        foreach ((string name, string xml) in rows)
        {
            XElement key = XElement.Parse(xml);
            bool rewritten = false;
            foreach (XElement secret in key.Descendants().Where(e => e.Name.LocalName == EncryptedSecret
                && ((string?)e.Attribute("decryptorType"))?.StartsWith(typeof(KeyRingDecryptor).FullName + ",", StringComparison.Ordinal) == true).ToList())
            {
                XElement sealedKey = secret.Elements().Single();
                if ((string?)sealedKey.Attribute("keyId") == ring.KeyId) { continue; }
                sealedKey.ReplaceWith(encryptor.Encrypt(KeyRingDecryptor.Open(ring, sealedKey)).EncryptedElement);
                rewritten = true;
            }
            if (!rewritten) { current++; continue; }
            await using DbConnection c = await db.OpenAsync(ct);
            await using DbCommand update = Database.Command(c, "UPDATE data_protection_keys SET xml = @new WHERE friendly_name = @n AND xml = @old", null,
                ("@new", key.ToString(SaveOptions.DisableFormatting)), ("@n", name), ("@old", xml));
            if (await update.ExecuteNonQueryAsync(ct) == 1) { reencrypted++; } else { changed++; }
        }
        return new Result(reencrypted, current, changed);
    }
}
