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

public sealed class PasswordHasherTests
{
    [Fact]
    public void DefaultsAreOwaspPbkdf2Sha256WithSixHundredThousandIterations()
    {
        var options = new PasswordHashOptions();
        Assert.Equal(600_000, options.Pbkdf2Iterations);
        string hash = new PasswordHasher(Options.Create(options)).Hash("abcd1234");
        Assert.StartsWith("pbkdf2-sha256$600000$", hash);
        Assert.DoesNotContain("abcd1234", hash);
        Assert.True(PasswordHasher.Verify("abcd1234", hash));
        Assert.False(PasswordHasher.Verify("abcd1235", hash));
    }

    [Fact]
    public void EachHashHasItsOwnSalt() =>
        Assert.NotEqual(PasswordHasher.Hash("abcd1234", 1000), PasswordHasher.Hash("abcd1234", 1000));
}
