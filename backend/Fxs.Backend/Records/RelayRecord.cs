using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fxs.Backend.Lines;
using Fxs.Backend.Passwords;
using Fxs.Backend.Provisioning;
using Fxs.Relay.Sealing;

namespace Fxs.Backend.Records;

/// <summary>
/// A "temporary password set" record as a gateway relays it after TP-12 (JSON, camelCase):
/// recordId (lowercase GUID or ULID), deviceId, unit (TP-7), targetNumber, notifyNumber (TP-2),
/// accessNumber (TP-4), callStart/callEnd (UTC ISO-8601 with Z), durationMs, chargeUnits (TP-6),
/// sealing (<see cref="PasswordSealing.Scheme"/>) and sealedPassword (base64); and, beside the
/// sealed fields, ageMs (issue #12 item 4): how long ago the call ended by the gateway's monotonic
/// clock when this attempt was sent. Absent in records from relays before it (the transition).
/// </summary>
public sealed record RelayRecord(
    string RecordId, string DeviceId, PasswordUnit Unit, string TargetNumber, string NotifyNumber, string AccessNumber,
    DateTimeOffset CallStart, DateTimeOffset CallEnd, long DurationMs, int ChargeUnits, string Sealing, byte[] SealedPassword,
    long? AgeMs = null)
{
    /// <summary>
    /// Issue #12 item 4: the largest age taken, ms (24 h + 1 h of slack). A relay parks a record at
    /// 24 h; an age up to this is answered "expired", a larger one (or a negative one) is refused.
    /// </summary>
    public static readonly long MaxAgeMs = (long)(RecordService.TemporaryPasswordLifetime + TimeSpan.FromHours(1)).TotalMilliseconds;

    /// <summary>
    /// When the password was set on the backend's clock: its receipt time minus the record's age
    /// when the relay gives one (the gateway's wall clock is not trusted: unset, skewed or stepped);
    /// else (a relay from before issue #12, during the transition) the gateway's callEnd.
    /// </summary>
    public DateTimeOffset SetAt(DateTimeOffset receivedAt) => AgeMs is long age ? receivedAt.AddMilliseconds(-age) : CallEnd;

    /// <summary>TP-4: the access numbers, East and West.</summary>
    public static readonly IReadOnlyDictionary<string, Area> AccessNumbers = new Dictionary<string, Area>
    {
        ["0363044747"] = Area.East,
        ["0664806430"] = Area.West,
    };

    /// <summary>How far ahead of the backend's clock a gateway's callEnd may be.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>TP-6: 3-minute units started, at least 1 (3:00.0 is one unit, 3:00.1 two).</summary>
    public static int ChargeUnitsFor(long durationMs) => durationMs <= 0 ? 1 : (int)(1 + (durationMs - 1) / 180_000);

    /// <summary>
    /// Issue #12: what a <see cref="PasswordSealing.SchemeV2"/> seal is bound to: every field but the
    /// seal, as the gateway sealed it (<see cref="PasswordSealing.RecordFields"/>).
    /// </summary>
    public string SealedFields() => PasswordSealing.RecordFields(RecordId, DeviceId, (int)Unit, TargetNumber, NotifyNumber, AccessNumber,
        CallStart.ToUnixTimeMilliseconds(), CallEnd.ToUnixTimeMilliseconds(), DurationMs, ChargeUnits);

    /// <summary>SHA-256 over every field but ageMs (it grows at every attempt): a retry of the same record has the same fingerprint.</summary>
    public string Fingerprint()
    {
        string canonical = string.Join('\n', RecordId, DeviceId, (int)Unit, TargetNumber, NotifyNumber, AccessNumber,
            CallStart.ToUnixTimeMilliseconds(), CallEnd.ToUnixTimeMilliseconds(), DurationMs, ChargeUnits, Sealing,
            Convert.ToBase64String(SealedPassword));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>Reads and checks a record field by field; every bad field gets its own message.</summary>
public static partial class RelayRecordParser
{
    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Guid();

    [GeneratedRegex("^[0-7][0-9A-HJKMNP-TV-Z]{25}$")]
    private static partial Regex Ulid();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex DeviceId();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex UtcTimestamp();

    public static (RelayRecord? Record, Dictionary<string, string[]> Errors) Parse(JsonElement root, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body must be a JSON object."];
            return (null, errors);
        }
        string? Str(string name, Regex? pattern, string what)
        {
            if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(e.GetString()))
            {
                errors[name] = [$"Required: {what}."];
                return null;
            }
            string s = e.GetString()!;
            if (pattern is not null && !pattern.IsMatch(s))
            {
                errors[name] = [$"Must be {what}."];
                return null;
            }
            return s;
        }
        long? Int(string name, long min, long max, string what)
        {
            if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v) || v < min || v > max)
            {
                errors[name] = [$"Must be {what}."];
                return null;
            }
            return v;
        }
        DateTimeOffset? Time(string name)
        {
            string? s = Str(name, UtcTimestamp(), "a UTC ISO-8601 time ending in Z, e.g. 2025-01-31T09:00:00Z");
            if (s is null) { return null; }
            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset t))
            {
                errors[name] = ["Not a valid date and time."];
                return null;
            }
            return t;
        }
        string? Number(string name) => Str(name, null, "a national number, digits only from the area code (TP-3)") is string n
            ? ((name == "accessNumber" ? PhoneNumber.IsNational(n) : PhoneNumber.IsValid(n)) ? n : Fail(name, "Must be a national number, digits only from the area code (TP-3)."))
            : null;
        string? Fail(string name, string message)
        {
            errors[name] = [message];
            return null;
        }

        string? recordId = Str("recordId", null, "a lowercase GUID or a ULID");
        if (recordId is not null && !Guid().IsMatch(recordId) && !Ulid().IsMatch(recordId)) { recordId = Fail("recordId", "Must be a lowercase hyphenated GUID or an uppercase ULID."); }
        string? deviceId = Str("deviceId", DeviceId(), "the gateway's device ID (1-64 of A-Z a-z 0-9 . _ -)");
        long? unit = Int("unit", 1, 3, "1 (line), 2 (phone number) or 3 (admin/user) (TP-7)");
        string? target = Number("targetNumber");
        string? notify = Number("notifyNumber");
        string? access = Number("accessNumber");
        if (access is not null && !RelayRecord.AccessNumbers.ContainsKey(access)) { access = Fail("accessNumber", "Not an access number of the service (TP-4)."); }
        DateTimeOffset? start = Time("callStart");
        DateTimeOffset? end = Time("callEnd");
        if (start is not null && end is not null && end < start) { end = null; Fail("callEnd", "Must not be before callStart."); }
        bool aged = root.TryGetProperty("ageMs", out _);
        long? ageMs = null;
        if (aged) { ageMs = Int("ageMs", 0, RelayRecord.MaxAgeMs, $"the record's age in ms by the gateway's monotonic clock, 0 to {RelayRecord.MaxAgeMs} (24 h + 1 h)"); }
        // With an age the gateway's wall-clock times are its own business (only their difference is
        // checked); without one (a relay from before issue #12) callEnd dates the password, so it must be believable.
        if (end is not null && !aged && end > now + RelayRecord.ClockSkew) { end = null; Fail("callEnd", "Is in the future."); }
        long? duration = Int("durationMs", 0, 24L * 3600 * 1000, "the call's duration in milliseconds (0 to 24 h)");
        if (duration is not null && start is not null && end is not null && Math.Abs((end.Value - start.Value).TotalMilliseconds - duration.Value) > 1000)
        {
            duration = null;
            Fail("durationMs", "Does not match callEnd - callStart.");
        }
        long? units = Int("chargeUnits", 1, 10_000, "the number of 3-minute units started (TP-6)");
        if (units is not null && duration is not null && units != RelayRecord.ChargeUnitsFor(duration.Value))
        {
            units = null;
            Fail("chargeUnits", $"Must be {RelayRecord.ChargeUnitsFor(duration.Value)} for {duration} ms: one per 3 minutes started (TP-6).");
        }
        string? sealing = Str("sealing", null, PasswordSealing.SchemeV2);
        if (sealing is not null && sealing != PasswordSealing.SchemeV2 && sealing != PasswordSealing.Scheme)
        {
            sealing = Fail("sealing", $"Unknown scheme; this backend opens {PasswordSealing.SchemeV2} (and {PasswordSealing.Scheme} during the transition).");
        }
        byte[]? sealedPassword = null;
        if (Str("sealedPassword", null, "the sealed password, base64") is string b64)
        {
            try
            {
                sealedPassword = Convert.FromBase64String(b64);
                if (sealedPassword.Length < PasswordSealing.Overhead) { sealedPassword = null; Fail("sealedPassword", "Too short for a sealed password."); }
            }
            catch (FormatException)
            {
                Fail("sealedPassword", "Not base64.");
            }
        }
        if (errors.Count > 0) { return (null, errors); }
        return (new RelayRecord(recordId!, deviceId!, (PasswordUnit)unit!.Value, target!, notify!, access!, start!.Value, end!.Value,
            duration!.Value, (int)units!.Value, sealing!, sealedPassword!, ageMs), errors);
    }

    /// <summary>The checks against the gateway's line (TP-2, TP-8..TP-10); empty when the record fits.</summary>
    public static Dictionary<string, string[]> CheckLine(RelayRecord r, Gateway gateway, Line line)
    {
        var errors = new Dictionary<string, string[]>();
        if (!gateway.NotifyNumbers.Contains(r.NotifyNumber) || line.Find(r.NotifyNumber) is null)
        {
            errors["notifyNumber"] = ["Not the notify number of a port of this gateway (TP-2)."];
        }
        LineNumber? target = line.Find(r.TargetNumber);
        if (target is null)
        {
            errors["targetNumber"] = ["Not a number of this gateway's line (TP-9, TP-13)."];
        }
        else if (r.Unit == PasswordUnit.Line && !target.IsContract)
        {
            errors["targetNumber"] = ["With unit 1 (line) the target is the line's contract number (TP-8)."];
        }
        else if (r.Unit == PasswordUnit.AdminUser && r.NotifyNumber != line.Contract.Number && r.TargetNumber != r.NotifyNumber)
        {
            errors["targetNumber"] = ["With unit 3 from an additional number, the target is that notify number (TP-10)."];
        }
        return errors;
    }
}
