using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Relay.Sealing;

namespace Fxs.Relay;

/// <summary>
/// The IVR's sink on Linux boards: inside <see cref="Accept"/> (before the completion guidance
/// plays) it copies the password's digits into a buffer of its own, seals them
/// (<see cref="PasswordSealing"/>, ecdh-p256-aesgcm-v2, to the carrier's key, associated data = every
/// field of the record, <see cref="PasswordSealing.RecordFields"/>), zeroes that buffer, and commits the device API's JSON to the <see cref="Outbox"/>
/// (synchronous=FULL: on the medium when <see cref="Accept"/> returns). The plaintext exists only in
/// the IVR's buffer and this method's stack buffer; nothing is logged.
/// <para>
/// Record ID: a GUID version 7 (time-ordered), lowercase: the backend's idempotency key.
/// </para>
/// <para>
/// Wall-clock times: the record carries line samples (8 kHz) only. The anchor is taken in
/// <see cref="Accept"/>: UTC now from the injected <see cref="TimeProvider"/> is the line time
/// <c>lineNow()</c> (when given; else the record's <see cref="TemporaryPasswordRecord.CallEndSample"/>:
/// the IVR reports the match at the key that made it, so "now" is the call end within one 10 ms
/// frame). callEnd = anchor - (lineNow - CallEndSample)/8 ms, callStart = callEnd - DurationMs,
/// both truncated to milliseconds, ISO-8601 UTC with Z. So durationMs = callEnd - callStart exactly,
/// as the backend checks, and chargeUnits is the IVR's (TP-6).
/// </para>
/// <para>
/// A failure to seal or store (disk full, bad key) does not throw into the IVR (whose secret
/// buffers are cleared after the callback): it is counted, reported through
/// <paramref name="onError"/> without the digits, and answered false, so that the caller hears
/// that the password cannot be set now instead of 「完了しました」 (issue #12).
/// </para>
/// </summary>
public sealed class OutboxSink(Outbox outbox, string deviceId, byte[] carrierSealingKeySpki, TimeProvider time,
    Func<long>? lineNowSamples = null, Action<Exception>? onError = null, Action? onStored = null) : ITemporaryPasswordSink
{
    private const long SamplesPerMs = TemporaryPasswordIvr.SamplesPerMs;

    /// <summary>Records committed.</summary>
    public int Stored { get; private set; }

    /// <summary>Records that could not be stored.</summary>
    public int Failures { get; private set; }

    /// <summary>The ID of the last committed record.</summary>
    public string? LastRecordId { get; private set; }

    public static OutboxSink Create(Outbox outbox, RelayOptions options, TimeProvider time, Func<long>? lineNowSamples = null,
        Action<Exception>? onError = null, Action? onStored = null) =>
        new(outbox, options.DeviceId, options.CarrierSealingKeySpki(), time, lineNowSamples, onError, onStored);

    /// <summary>Seals and commits the record; true when it is on the medium (issue #12: false makes the IVR say it cannot set now).</summary>
    public bool Accept(TemporaryPasswordRecord record)
    {
        try
        {
            DateTimeOffset now = time.GetUtcNow();
            long lineNow = lineNowSamples?.Invoke() ?? record.CallEndSample;
            long sinceCallEndMs = Math.Max(0, lineNow - record.CallEndSample) / SamplesPerMs; // line time: no wall clock in it
            DateTimeOffset callEnd = TruncateMs(now.AddMilliseconds(-sinceCallEndMs));
            DateTimeOffset callStart = callEnd.AddMilliseconds(-record.DurationMs);
            string recordId = Guid.CreateVersion7(now).ToString("D");

            byte[] digits = new byte[record.Password.Capacity];
            byte[] sealedPassword;
            try
            {
                int n = record.Password.CopyTo(digits);
                // Issue #12: sealed bound to every field of the record (v2), not only its ID.
                string fields = PasswordSealing.RecordFields(recordId, deviceId, (int)record.Unit, record.TargetNumber, record.NotifyNumber,
                    record.AccessNumberDialed, callStart.ToUnixTimeMilliseconds(), callEnd.ToUnixTimeMilliseconds(), record.DurationMs, record.ChargeUnits);
                sealedPassword = PasswordSealing.SealRecord(carrierSealingKeySpki, fields, digits.AsSpan(0, n));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(digits);
            }

            string body = Body(recordId, deviceId, record, callStart, callEnd, sealedPassword);
            outbox.Add(recordId, now, callEnd, body, TimeSpan.FromMilliseconds(sinceCallEndMs));
            LastRecordId = recordId;
            Stored++;
        }
        catch (Exception e)
        {
            Failures++;
            onError?.Invoke(e);
            return false;
        }
        onStored?.Invoke(); // after the commit: what it does cannot unmake a durable record
        return true;
    }

    /// <summary>The device API's record (backend/README.md), camelCase JSON.</summary>
    public static string Body(string recordId, string deviceId, TemporaryPasswordRecord record, DateTimeOffset callStart, DateTimeOffset callEnd, byte[] sealedPassword)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("recordId", recordId);
            w.WriteString("deviceId", deviceId);
            w.WriteNumber("unit", (int)record.Unit);
            w.WriteString("targetNumber", record.TargetNumber);
            w.WriteString("notifyNumber", record.NotifyNumber);
            w.WriteString("accessNumber", record.AccessNumberDialed);
            w.WriteString("callStart", Utc(callStart));
            w.WriteString("callEnd", Utc(callEnd));
            w.WriteNumber("durationMs", record.DurationMs);
            w.WriteNumber("chargeUnits", record.ChargeUnits);
            w.WriteString("sealing", PasswordSealing.SchemeV2);
            w.WriteString("sealedPassword", Convert.ToBase64String(sealedPassword));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset TruncateMs(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    /// <summary>Never the digits.</summary>
    public override string ToString() => $"OutboxSink: {Stored} stored, {Failures} failed, digits {SecretDigits.Masked}";
}
