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
/// <para>
/// Scheme <see cref="SchemeV2"/> ("ecdh-p256-aesgcm-v2", issue #12) is the same construction with
/// info "fxs/ecdh-p256-aesgcm-v2" || E || R and associated data = <see cref="RecordFields"/>: every
/// field of the record (ID, device, unit, numbers, times, duration, charge units), so none can be
/// changed after sealing, not even by whoever holds the device's key. v1 binds the record ID only;
/// the backend still opens it during the transition (backend/README.md).
/// </para>
/// </summary>
public static class PasswordSealing
{
    /// <summary>The scheme's name as the relay record's <c>sealing</c> field carries it (v1: the record ID bound).</summary>
    public const string Scheme = "ecdh-p256-aesgcm-v1";

    /// <summary>Issue #12: every field of the record bound (<see cref="RecordFields"/>).</summary>
    public const string SchemeV2 = "ecdh-p256-aesgcm-v2";

    private const int PointLength = 65;
    private const int CoordinateLength = 32;
    private const int KeyLength = 32;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] InfoPrefix = Encoding.ASCII.GetBytes("fxs/" + Scheme);
    private static readonly byte[] InfoPrefixV2 = Encoding.ASCII.GetBytes("fxs/" + SchemeV2);

    /// <summary>
    /// The associated data of <see cref="SchemeV2"/>: the record's fields in a fixed order, one per
    /// line (LF), times as Unix milliseconds UTC, numbers as digits, prefixed with the scheme's name.
    /// Gateway and backend compute it from the same values; one character changed and the seal does
    /// not open.
    /// </summary>
    public static string RecordFields(string recordId, string deviceId, int unit, string targetNumber, string notifyNumber, string accessNumber,
        long callStartUnixMs, long callEndUnixMs, long durationMs, int chargeUnits) =>
        string.Join('\n', SchemeV2, recordId, deviceId, unit.ToString(System.Globalization.CultureInfo.InvariantCulture), targetNumber, notifyNumber, accessNumber,
            callStartUnixMs.ToString(System.Globalization.CultureInfo.InvariantCulture), callEndUnixMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            durationMs.ToString(System.Globalization.CultureInfo.InvariantCulture), chargeUnits.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary><see cref="SchemeV2"/>: seals <paramref name="plaintext"/> bound to <paramref name="recordFields"/> (<see cref="RecordFields"/>).</summary>
    public static byte[] SealRecord(ReadOnlySpan<byte> carrierPublicKeySpki, string recordFields, ReadOnlySpan<byte> plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordFields);
        return Seal(carrierPublicKeySpki, InfoPrefixV2, Encoding.UTF8.GetBytes(recordFields), plaintext);
    }

    /// <summary><see cref="SchemeV2"/>: opens a password sealed bound to <paramref name="recordFields"/>; the caller clears the result.</summary>
    /// <exception cref="CryptographicException">Malformed, sealed to another key, any field changed, or altered.</exception>
    public static byte[] OpenRecord(ECDiffieHellman carrierPrivateKey, string recordFields, ReadOnlySpan<byte> sealedBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordFields);
        return Open(carrierPrivateKey, InfoPrefixV2, Encoding.UTF8.GetBytes(recordFields), sealedBytes);
    }

    /// <summary>Bytes of a sealed message besides the plaintext (ephemeral point and tag).</summary>
    public const int Overhead = PointLength + TagLength;

    /// <summary>Seals <paramref name="plaintext"/> to the carrier's public key (SubjectPublicKeyInfo, DER).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> carrierPublicKeySpki, string recordId, ReadOnlySpan<byte> plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        return Seal(carrierPublicKeySpki, InfoPrefix, Encoding.UTF8.GetBytes(recordId), plaintext);
    }

    private static byte[] Seal(ReadOnlySpan<byte> carrierPublicKeySpki, byte[] infoPrefix, byte[] associatedData, ReadOnlySpan<byte> plaintext)
    {
        using var carrier = ECDiffieHellman.Create();
        carrier.ImportSubjectPublicKeyInfo(carrierPublicKeySpki, out _);
        byte[] carrierPoint = P256Point(carrier);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        byte[] ephemeralPoint = P256Point(ephemeral);

        byte[] sealedBytes = new byte[PointLength + plaintext.Length + TagLength];
        ephemeralPoint.CopyTo(sealedBytes, 0);
        byte[] okm = KeyAndNonce(infoPrefix, ephemeral.DeriveRawSecretAgreement(carrier.PublicKey), ephemeralPoint, carrierPoint);
        try
        {
            using var aes = new AesGcm(okm.AsSpan(0, KeyLength), TagLength);
            aes.Encrypt(okm.AsSpan(KeyLength, NonceLength), plaintext,
                sealedBytes.AsSpan(PointLength, plaintext.Length), sealedBytes.AsSpan(PointLength + plaintext.Length, TagLength),
                associatedData);
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
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        return Open(carrierPrivateKey, InfoPrefix, Encoding.UTF8.GetBytes(recordId), sealedBytes);
    }

    private static byte[] Open(ECDiffieHellman carrierPrivateKey, byte[] infoPrefix, byte[] associatedData, ReadOnlySpan<byte> sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(carrierPrivateKey);
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
        byte[] okm = KeyAndNonce(infoPrefix, carrierPrivateKey.DeriveRawSecretAgreement(ephemeral.PublicKey), ephemeralPoint, carrierPoint);
        int length = sealedBytes.Length - Overhead;
        byte[] plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(okm.AsSpan(0, KeyLength), TagLength);
            aes.Decrypt(okm.AsSpan(KeyLength, NonceLength), sealedBytes.Slice(PointLength, length),
                sealedBytes.Slice(PointLength + length, TagLength), plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException("The sealed password does not open with this key and these record fields.", e);
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
    private static byte[] KeyAndNonce(byte[] infoPrefix, byte[] z, byte[] ephemeralPoint, byte[] carrierPoint)
    {
        byte[] info = new byte[infoPrefix.Length + 2 * PointLength];
        infoPrefix.CopyTo(info, 0);
        ephemeralPoint.CopyTo(info, infoPrefix.Length);
        carrierPoint.CopyTo(info, infoPrefix.Length + PointLength);
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
