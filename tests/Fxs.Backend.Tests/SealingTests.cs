using System.Security.Cryptography;
using System.Text;
using Fxs.Backend.Passwords;
using Fxs.Relay.Sealing;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Tests;

public sealed class SealingTests
{
    private static readonly byte[] Password = Encoding.ASCII.GetBytes("12345678");

    [Fact]
    public void ASealedPasswordOpensWithTheCarrierKeyUnderItsRecordId()
    {
        using var carrier = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        byte[] sealedBytes = PasswordSealing.Seal(PasswordSealing.ExportPublicKey(carrier), "rec-1", Password);
        Assert.Equal(65 + Password.Length + 16, sealedBytes.Length);
        Assert.Equal(Password, PasswordSealing.Open(carrier, "rec-1", sealedBytes));
        Assert.NotEqual(sealedBytes, PasswordSealing.Seal(PasswordSealing.ExportPublicKey(carrier), "rec-1", Password)); // fresh ephemeral key each time
    }

    [Fact]
    public void AV2SealOpensOnlyUnderTheSameFieldsAndNeverAsV1()
    {
        // Issue #12: every field bound; a v1 opening (record ID only) of a v2 seal fails too.
        using var carrier = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        string fields = PasswordSealing.RecordFields("rec-1", "hgw-0001", 1, "0300001111", "0300001111", "0363044747", 1_000, 76_000, 75_000, 1);
        byte[] sealedBytes = PasswordSealing.SealRecord(PasswordSealing.ExportPublicKey(carrier), fields, Password);
        Assert.Equal(Password, PasswordSealing.OpenRecord(carrier, fields, sealedBytes));
        foreach (string changed in new[]
        {
            PasswordSealing.RecordFields("rec-1", "hgw-0001", 2, "0300001111", "0300001111", "0363044747", 1_000, 76_000, 75_000, 1),
            PasswordSealing.RecordFields("rec-1", "hgw-0001", 1, "0300002222", "0300001111", "0363044747", 1_000, 76_000, 75_000, 1),
            PasswordSealing.RecordFields("rec-1", "hgw-0001", 1, "0300001111", "0300001111", "0363044747", 1_001, 76_000, 75_000, 1),
            PasswordSealing.RecordFields("rec-1", "hgw-0002", 1, "0300001111", "0300001111", "0363044747", 1_000, 76_000, 75_000, 1),
        })
        {
            Assert.ThrowsAny<CryptographicException>(() => PasswordSealing.OpenRecord(carrier, changed, sealedBytes));
        }
        Assert.ThrowsAny<CryptographicException>(() => PasswordSealing.Open(carrier, "rec-1", sealedBytes));
    }

    [Fact]
    public void AnotherRecordIdAnotherKeyOrAnyChangedByteDoesNotOpen()
    {
        using var carrier = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        byte[] sealedBytes = PasswordSealing.Seal(PasswordSealing.ExportPublicKey(carrier), "rec-1", Password);
        Assert.ThrowsAny<CryptographicException>(() => PasswordSealing.Open(carrier, "rec-2", sealedBytes));
        Assert.ThrowsAny<CryptographicException>(() => PasswordSealing.Open(other, "rec-1", sealedBytes));
        for (int i = 0; i < sealedBytes.Length; i += 7)
        {
            byte[] altered = (byte[])sealedBytes.Clone();
            altered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => PasswordSealing.Open(carrier, "rec-1", altered));
        }
        Assert.ThrowsAny<CryptographicException>(() => PasswordSealing.Open(carrier, "rec-1", sealedBytes.AsSpan(0, 80)));
    }

    [Fact]
    public void OnlyP256KeysAreUsed()
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        Assert.ThrowsAny<CryptographicException>(() => PasswordSealing.Seal(p384.PublicKey.ExportSubjectPublicKeyInfo(), "rec-1", Password));
    }
}

/// <summary>Issue #13 item 3: peppered Argon2id (or PBKDF2), the pepper outside the database, key rotation.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PasswordHasherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-pepper-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PasswordHasher Hasher(string pepperFile = "pepper.keys", PasswordHashOptions? options = null) =>
        new(Options.Create(options ?? new PasswordHashOptions()), new PepperKeys(Path.Combine(_dir, pepperFile)));

    [Fact]
    public void DefaultsAreOwaspArgon2idKeyedWithThePepper()
    {
        var options = new PasswordHashOptions();
        Assert.Equal(PasswordAlgorithm.Argon2id, options.Algorithm);
        Assert.Equal(600_000, options.Pbkdf2Iterations);
        PasswordHasher hasher = Hasher();
        string hash = hasher.Hash("abcd1234");
        Assert.StartsWith("pepper$k1$$argon2id$v=19$m=19456,t=2,p=1$", hash);
        Assert.DoesNotContain("abcd1234", hash);
        Assert.True(hasher.Verify("abcd1234", hash));
        Assert.False(hasher.Verify("abcd1235", hash));
        Assert.False(hasher.NeedsRehash(hash));
        Assert.Equal("600", Convert.ToString((int)File.GetUnixFileMode(Path.Combine(_dir, "pepper.keys")), 8));
    }

    [Fact]
    public void ACopyOfTheDatabaseWithoutThePepperFileVerifiesNothing()
    {
        string hash = Hasher().Hash("12345678");
        PasswordHasher elsewhere = Hasher("another.keys"); // the same key ID k1, another secret
        Assert.False(elsewhere.Verify("12345678", hash));
    }

    [Fact]
    public void Pbkdf2IsStillAvailableAndHashesMadeBeforeThePepperVerifyAndAskForARehash()
    {
        PasswordHasher pbkdf2 = Hasher(options: new PasswordHashOptions { Algorithm = PasswordAlgorithm.Pbkdf2Sha256, Pbkdf2Iterations = 1000 });
        string hash = pbkdf2.Hash("abcd1234");
        Assert.StartsWith("pepper$k1$pbkdf2-sha256$1000$", hash);
        Assert.True(pbkdf2.Verify("abcd1234", hash));
        Assert.NotEqual(hash, pbkdf2.Hash("abcd1234")); // each hash has its own salt

        string legacy = PasswordHasher.Pbkdf2(System.Text.Encoding.UTF8.GetBytes("abcd1234"), 1000); // as stored before issue #13
        Assert.True(pbkdf2.Verify("abcd1234", legacy));
        Assert.False(pbkdf2.Verify("abcd1235", legacy));
        Assert.True(pbkdf2.NeedsRehash(legacy));
        Assert.True(Hasher().NeedsRehash(hash)); // PBKDF2 where Argon2id is configured
    }

    [Fact]
    public void RotationAddsAKeyOldHashesStillVerifyAndAskForARehash()
    {
        string file = Path.Combine(_dir, "pepper.keys");
        string old = Hasher().Hash("abcd1234");
        File.AppendAllText(file, PepperKeys.NewLine("k2"));
        PasswordHasher rotated = Hasher();
        string fresh = rotated.Hash("abcd1234");
        Assert.StartsWith("pepper$k2$", fresh);
        Assert.True(rotated.Verify("abcd1234", old));
        Assert.True(rotated.NeedsRehash(old));
        Assert.False(rotated.NeedsRehash(fresh));
    }

    [Fact]
    public void APepperFileOthersCanReadIsRefused()
    {
        string file = Path.Combine(_dir, "open.keys");
        File.WriteAllText(file, PepperKeys.NewLine("k1"));
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Contains("0600", Assert.Throws<InvalidDataException>(() => new PepperKeys(file)).Message);
    }
}
