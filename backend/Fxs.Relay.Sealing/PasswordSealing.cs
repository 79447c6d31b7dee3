using System;
using System.Security.Cryptography;
using System.Text;

namespace Fxs.Relay.Sealing;

/// <summary>
/// Seals a temporary password (TP-11) to the carrier's static P-256 key, so that the gateway's
/// outbox and every retry carry no plaintext, and opens it on the carrier's side.
/// Scheme <see cref="Scheme"/> ("ecdh-p256-aesgcm-v1"):
/// <list type="number">
/// <item>an ephemeral P-256 key pair per seal; Z = the raw ECDH shared secret (x coordinate, 32 bytes)
/// with the carrier's public key;</item>
/// <item>HKDF-SHA256(ikm = Z, salt = empty, info = "fxs/ecdh-p256-aesgcm-v1" || E || R), 44 bytes,
/// where E and R are the uncompressed points (0x04 || X || Y) of the ephemeral and the carrier key:
/// the first 32 are the AES-256-GCM key, the last 12 the nonce (the key is used once);</item>
/// <item>AES-256-GCM over the password bytes, associated data = the record ID in UTF-8, 16-byte tag;</item>
/// <item>sealed = E (65 bytes) || ciphertext || tag, sent base64 as <c>sealedPassword</c>.</item>
/// </list>
/// A sealed password opens only with the carrier's private key and only under the record ID it
/// was sealed for.
/// </summary>
public static class PasswordSealing
{
    /// <summary>The scheme's name as the relay record's <c>sealing</c> field carries it.</summary>
    public const string Scheme = "ecdh-p256-aesgcm-v1";

    private const int PointLength = 65;
    private const int CoordinateLength = 32;
    private const int KeyLength = 32;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] InfoPrefix = Encoding.ASCII.GetBytes("fxs/" + Scheme);

    /// <summary>Bytes of a sealed message besides the plaintext (ephemeral point and tag).</summary>
    public const int Overhead = PointLength + TagLength;

    /// <summary>Seals <paramref name="plaintext"/> to the carrier's public key (SubjectPublicKeyInfo, DER).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> carrierPublicKeySpki, string recordId, ReadOnlySpan<byte> plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        using var carrier = ECDiffieHellman.Create();
        carrier.ImportSubjectPublicKeyInfo(carrierPublicKeySpki, out _);
        byte[] carrierPoint = P256Point(carrier);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        byte[] ephemeralPoint = P256Point(ephemeral);

        byte[] sealedBytes = new byte[PointLength + plaintext.Length + TagLength];
        ephemeralPoint.CopyTo(sealedBytes, 0);
        byte[] okm = KeyAndNonce(ephemeral.DeriveRawSecretAgreement(carrier.PublicKey), ephemeralPoint, carrierPoint);
        try
        {
            using var aes = new AesGcm(okm.AsSpan(0, KeyLength), TagLength);
            aes.Encrypt(okm.AsSpan(KeyLength, NonceLength), plaintext,
                sealedBytes.AsSpan(PointLength, plaintext.Length), sealedBytes.AsSpan(PointLength + plaintext.Length, TagLength),
                Encoding.UTF8.GetBytes(recordId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
        return sealedBytes;
    }

    /// <summary>
    /// Opens a sealed password with the carrier's private key. The caller clears the result
    /// (<see cref="CryptographicOperations.ZeroMemory"/>) once it has used it.
    /// </summary>
    /// <exception cref="CryptographicException">Malformed, sealed to another key or for another record ID, or altered.</exception>
    public static byte[] Open(ECDiffieHellman carrierPrivateKey, string recordId, ReadOnlySpan<byte> sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(carrierPrivateKey);
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        if (sealedBytes.Length < Overhead || sealedBytes[0] != 0x04)
        {
            throw new CryptographicException("Not an " + Scheme + " sealed message.");
        }
        byte[] carrierPoint = P256Point(carrierPrivateKey);
        byte[] ephemeralPoint = sealedBytes[..PointLength].ToArray();
        using var ephemeral = ECDiffieHellman.Create();
        // ImportParameters checks that the point is on the curve.
        ephemeral.ImportParameters(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = ephemeralPoint[1..(1 + CoordinateLength)], Y = ephemeralPoint[(1 + CoordinateLength)..] },
        });
        byte[] okm = KeyAndNonce(carrierPrivateKey.DeriveRawSecretAgreement(ephemeral.PublicKey), ephemeralPoint, carrierPoint);
        int length = sealedBytes.Length - Overhead;
        byte[] plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(okm.AsSpan(0, KeyLength), TagLength);
            aes.Decrypt(okm.AsSpan(KeyLength, NonceLength), sealedBytes.Slice(PointLength, length),
                sealedBytes.Slice(PointLength + length, TagLength), plaintext, Encoding.UTF8.GetBytes(recordId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException("The sealed password does not open with this key and record ID.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
        return plaintext;
    }

    /// <summary>The carrier key's SubjectPublicKeyInfo (DER) to give gateways.</summary>
    public static byte[] ExportPublicKey(ECDiffieHellman carrierKey)
    {
        ArgumentNullException.ThrowIfNull(carrierKey);
        P256Point(carrierKey);
        return carrierKey.PublicKey.ExportSubjectPublicKeyInfo();
    }

    // HKDF-SHA256 over Z (cleared here): the AES key (32 bytes) then the nonce (12 bytes).
    private static byte[] KeyAndNonce(byte[] z, byte[] ephemeralPoint, byte[] carrierPoint)
    {
        byte[] info = new byte[InfoPrefix.Length + 2 * PointLength];
        InfoPrefix.CopyTo(info, 0);
        ephemeralPoint.CopyTo(info, InfoPrefix.Length);
        carrierPoint.CopyTo(info, InfoPrefix.Length + PointLength);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, z, KeyLength + NonceLength, Array.Empty<byte>(), info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }

    private static byte[] P256Point(ECDiffieHellman key)
    {
        ECParameters p = key.ExportParameters(false);
        if (p.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value || p.Q.X is null || p.Q.Y is null || p.Q.X.Length != CoordinateLength)
        {
            throw new CryptographicException("The carrier key must be a P-256 key.");
        }
        byte[] point = new byte[PointLength];
        point[0] = 0x04;
        p.Q.X.CopyTo(point, 1);
        p.Q.Y.CopyTo(point, 1 + CoordinateLength);
        return point;
    }
}
