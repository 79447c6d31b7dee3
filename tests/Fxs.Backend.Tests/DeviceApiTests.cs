using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fxs.Backend.Data;
using Fxs.Backend.Records;
using Fxs.Relay.Sealing;
using Microsoft.Extensions.DependencyInjection;

namespace Fxs.Backend.Tests;

/// <summary>The device API: gateways relay "temporary password set" records.</summary>
public abstract class DeviceApiTests(StoreProvider store) : IDisposable
{
    private readonly BackendApp _app = new(store: store);

    public void Dispose() => _app.Dispose();

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> CountAsync(string sql)
    {
        await using System.Data.Common.DbConnection c = await _app.Services.GetRequiredService<Database>().OpenAsync();
        return (long)(await Database.ScalarAsync(c, sql, default))!;
    }

    private async Task<bool> LogsInAsync(string number, string password)
    {
        using Browser browser = _app.Browser();
        using HttpResponseMessage r = await browser.LoginAsync(number, password);
        return r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString == "/top";
    }

    [Fact]
    public async Task ValidRecordIsAppliedAndExpiresTwentyFourHoursAfterCallEnd()
    {
        JsonObject record = _app.Record();
        using HttpResponseMessage r = await _app.PostRecordAsync(record);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal($"/device/v1/records/{record["recordId"]}", r.Headers.Location?.OriginalString);
        JsonElement answer = await Json(r);
        Assert.Equal("applied", answer.GetProperty("status").GetString());
        Assert.Equal(BackendApp.Contract, answer.GetProperty("targetNumber").GetString());
        DateTimeOffset callEnd = DateTimeOffset.Parse(record["callEnd"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(callEnd.AddHours(24), answer.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.True(await LogsInAsync(BackendApp.Contract, "12345678"));
    }

    [Fact]
    public async Task TheSameRecordTwiceIsAppliedOnceWithTheSameAnswer()
    {
        JsonObject first = _app.Record(password: "11111111");
        using HttpResponseMessage a = await _app.PostRecordAsync(first);
        string answerA = await a.Content.ReadAsStringAsync();
        // A newer password in between: the replay must not bring the first one back.
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await _app.SetTemporaryAsync(1, BackendApp.Contract, BackendApp.Contract, "22222222");
        using HttpResponseMessage b = await _app.PostRecordAsync(first);

        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.Equal(answerA, await b.Content.ReadAsStringAsync());
        Assert.Equal("true", b.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM records"));
        Assert.False(await LogsInAsync(BackendApp.Contract, "11111111"));
        Assert.True(await LogsInAsync(BackendApp.Contract, "22222222"));
    }

    [Fact]
    public async Task ARecordIdReusedForOtherContentIsAConflict()
    {
        JsonObject first = _app.Record();
        (await _app.PostRecordAsync(first)).Dispose();
        JsonObject other = _app.Record(recordId: first["recordId"]!.GetValue<string>(), password: "87654321");
        using HttpResponseMessage r = await _app.PostRecordAsync(other);
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.True((await Json(r)).GetProperty("errors").TryGetProperty("recordId", out _));
    }

    public static TheoryData<string, string?> BadFields => new()
    {
        { "recordId", "\"not-an-id\"" },
        { "recordId", "\"6F9619FF-8B86-D011-B42D-00C04FC964FF\"" },
        { "recordId", null },
        { "deviceId", "\"\"" },
        { "deviceId", "\"hgw 0001\"" },
        { "unit", "4" },
        { "unit", "\"1\"" },
        { "unit", null },
        { "targetNumber", "\"03-0000-1111\"" },
        { "targetNumber", "\"12345\"" },
        { "notifyNumber", "\"abc\"" },
        { "notifyNumber", null },
        { "accessNumber", "\"0312345678\"" },
        { "callStart", "\"2025-05-31 23:58:00\"" },
        { "callStart", "\"2025-05-31T23:58:00+09:00\"" },
        { "callEnd", "\"2025-06-02T00:00:00Z\"" },
        { "callEnd", "\"2025-05-31T00:00:00Z\"" },
        { "durationMs", "-1" },
        { "durationMs", "5000" },
        { "durationMs", "1.5" },
        { "chargeUnits", "2" },
        { "chargeUnits", "0" },
        { "sealing", "\"rsa-oaep\"" },
        { "sealedPassword", "\"!!!not base64\"" },
        { "sealedPassword", "\"AAAA\"" },
        { "sealedPassword", null },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task EveryBadFieldIsNamedInTheProblem(string field, string? json)
    {
        JsonObject record = _app.Record();
        if (json is null) { record.Remove(field); } else { record[field] = JsonNode.Parse(json); }
        using HttpResponseMessage r = await _app.PostRecordAsync(record);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        JsonElement errors = (await Json(r)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors: {errors}");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM credentials"));
    }

    [Fact]
    public async Task NotJsonIsAProblem()
    {
        using HttpClient client = _app.DeviceClient();
        using HttpResponseMessage r = await client.PostAsync("/device/v1/records", new StringContent("{nope", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await Json(r)).GetProperty("errors").TryGetProperty("body", out _));
    }

    [Theory]
    [InlineData(2, "0399999999", BackendApp.Contract, "targetNumber")]             // no such number (TP-9)
    [InlineData(2, BackendApp.OtherLineContract, BackendApp.Contract, "targetNumber")] // another line's number
    [InlineData(1, BackendApp.Additional2, BackendApp.Contract, "targetNumber")]    // unit 1 is the contract number (TP-8)
    [InlineData(3, BackendApp.Additional3, BackendApp.Additional2, "targetNumber")] // unit 3 from an additional number: itself (TP-10)
    [InlineData(2, BackendApp.Contract, BackendApp.Additional3, "notifyNumber")]    // not a port's notify number (TP-2)
    public async Task NumbersThatAreNotOnTheGatewaysLineAreRefused(int unit, string target, string notify, string field)
    {
        using HttpResponseMessage r = await _app.PostRecordAsync(_app.Record(unit: unit, target: target, notify: notify));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await Json(r)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task OnlyAPinnedClientCertificateOfTheSameDeviceIsAccepted()
    {
        using HttpClient anonymous = _app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        using HttpResponseMessage none = await anonymous.PostAsync("/device/v1/records", new StringContent(_app.Record().ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using HttpResponseMessage stranger = await _app.PostRecordAsync(_app.Record(), BackendApp.StrangerCert);
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);

        // Gateway 2's certificate cannot speak for gateway 1.
        using HttpResponseMessage impostor = await _app.PostRecordAsync(_app.Record(), BackendApp.Gateway2Cert);
        Assert.Equal(HttpStatusCode.Forbidden, impostor.StatusCode);
        Assert.True((await Json(impostor)).GetProperty("errors").TryGetProperty("deviceId", out _));

        // Gateway 2 sets its own line's password.
        using HttpResponseMessage own = await _app.PostRecordAsync(
            _app.Record(target: BackendApp.OtherLineContract, notify: BackendApp.OtherLineContract, device: BackendApp.Gateway2), BackendApp.Gateway2Cert);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Fact]
    public async Task ExpiredClientCertificateIsRefused()
    {
        _app.Clock.Advance(TimeSpan.FromDays(400));
        using HttpResponseMessage r = await _app.PostRecordAsync(_app.Record());
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task ASealedPasswordOpensOnlyUnderItsRecordIdAndMustBeEightDigits()
    {
        JsonObject moved = _app.Record();
        JsonObject other = _app.Record();
        moved["sealedPassword"] = other["sealedPassword"]!.GetValue<string>(); // sealed for another record ID
        using HttpResponseMessage r1 = await _app.PostRecordAsync(moved);
        Assert.Equal(HttpStatusCode.BadRequest, r1.StatusCode);
        Assert.True((await Json(r1)).GetProperty("errors").TryGetProperty("sealedPassword", out _));

        using HttpResponseMessage r2 = await _app.PostRecordAsync(_app.Record(password: "1234567"));
        Assert.Equal(HttpStatusCode.BadRequest, r2.StatusCode);
        Assert.True((await Json(r2)).GetProperty("errors").TryGetProperty("sealedPassword", out _));

        using var foreignKey = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        JsonObject wrongKey = _app.Record();
        wrongKey["sealedPassword"] = Convert.ToBase64String(PasswordSealing.Seal(foreignKey.PublicKey.ExportSubjectPublicKeyInfo(),
            wrongKey["recordId"]!.GetValue<string>(), Encoding.ASCII.GetBytes("12345678")));
        using HttpResponseMessage r3 = await _app.PostRecordAsync(wrongKey);
        Assert.Equal(HttpStatusCode.BadRequest, r3.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM records"));
    }

    [Theory]
    [InlineData("targetNumber", "\"0300002222\"")]   // another number of the same line, unit 2
    [InlineData("callEnd", null)]                      // the times moved
    [InlineData("chargeUnits", "2")]
    public async Task AV2SealBindsEveryFieldSoNoneCanBeChangedAfterSealing(string field, string? json)
    {
        // Issue #12: whoever holds the device's key can resend a record, but not alter it.
        JsonObject record = _app.Record(unit: 2);
        if (field == "callEnd")
        {
            DateTimeOffset end = DateTimeOffset.Parse(record["callEnd"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).AddSeconds(-30);
            record["callEnd"] = BackendApp.Utc(end);
            record["callStart"] = BackendApp.Utc(end.AddSeconds(-75));
        }
        else
        {
            record[field] = JsonNode.Parse(json!);
            if (field == "chargeUnits") { record["durationMs"] = 200_000; record["callStart"] = BackendApp.Utc(DateTimeOffset.Parse(record["callEnd"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).AddMilliseconds(-200_000)); }
        }
        using HttpResponseMessage r = await _app.PostRecordAsync(record);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await Json(r)).GetProperty("errors").TryGetProperty("sealedPassword", out _));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM records"));
    }

    [Fact]
    public async Task AV1RecordIsStillAppliedDuringTheTransition()
    {
        using HttpResponseMessage r = await _app.PostRecordAsync(_app.Record(scheme: PasswordSealing.Scheme, password: "24681357"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.True(await LogsInAsync(BackendApp.Contract, "24681357"));
    }

    [Fact]
    public async Task ABodyOverTheRecordLimitIsRefusedWith413AndARealRecordIsFarBelowIt()
    {
        JsonObject record = _app.Record();
        Assert.InRange(Encoding.UTF8.GetByteCount(record.ToJsonString()), 1, 2047); // a record is < 2 KiB
        record["padding"] = new string(' ', 5 * 1024 * 1024); // 5 MiB, as a misbehaving gateway sent
        using HttpResponseMessage r = await _app.PostRecordAsync(record);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);

        JsonObject chunked = _app.Record();
        chunked["padding"] = new string(' ', 64 * 1024);
        using HttpClient client = _app.DeviceClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(chunked.ToJsonString())));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/device/v1/records") { Content = content };
        request.Headers.TransferEncodingChunked = true; // no Content-Length: stopped while reading
        using HttpResponseMessage r2 = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r2.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM records"));
    }

    [Fact]
    public async Task ANewTemporaryPasswordReplacesTheEarlierOne()
    {
        await _app.SetTemporaryAsync(1, BackendApp.Contract, BackendApp.Contract, "11111111");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.SetTemporaryAsync(1, BackendApp.Contract, BackendApp.Contract, "22222222");
        Assert.False(await LogsInAsync(BackendApp.Contract, "11111111"));
        Assert.True(await LogsInAsync(BackendApp.Contract, "22222222"));
    }

    [Fact]
    public async Task AnOlderRecordArrivingLateIsSupersededAndChangesNothing()
    {
        DateTimeOffset now = _app.Clock.GetUtcNow();
        (await _app.PostRecordAsync(_app.Record(password: "22222222", callEnd: now.AddMinutes(-1)))).Dispose();
        using HttpResponseMessage late = await _app.PostRecordAsync(_app.Record(password: "11111111", callEnd: now.AddMinutes(-30)));
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.Equal("superseded", (await Json(late)).GetProperty("status").GetString());
        Assert.True(await LogsInAsync(BackendApp.Contract, "22222222"));
    }

    [Fact]
    public async Task TheTemporaryPasswordExpiresTwentyFourHoursAfterItWasSet()
    {
        DateTimeOffset callEnd = _app.Clock.GetUtcNow();
        (await _app.PostRecordAsync(_app.Record(password: "12345678", callEnd: callEnd))).Dispose();
        _app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.True(await LogsInAsync(BackendApp.Contract, "12345678"));
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await LogsInAsync(BackendApp.Contract, "12345678"));
    }

    [Fact]
    public async Task ARecordArrivingAfterTheTwentyFourHoursIsAnsweredExpired()
    {
        using HttpResponseMessage r = await _app.PostRecordAsync(_app.Record(callEnd: _app.Clock.GetUtcNow().AddHours(-25)));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("expired", (await Json(r)).GetProperty("status").GetString());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM credentials"));
    }

    [Fact]
    public async Task TheGatewayCanReadBackItsRecordAnswer()
    {
        JsonObject record = _app.Record();
        using HttpResponseMessage posted = await _app.PostRecordAsync(record);
        using HttpClient client = _app.DeviceClient();
        using HttpResponseMessage got = await client.GetAsync($"/device/v1/records/{record["recordId"]}");
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal(await posted.Content.ReadAsStringAsync(), await got.Content.ReadAsStringAsync());
        using HttpClient other = _app.DeviceClient(BackendApp.Gateway2Cert);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/device/v1/records/{record["recordId"]}")).StatusCode);
    }

    [Fact]
    public async Task UlidRecordIdsAreAccepted()
    {
        using HttpResponseMessage r = await _app.PostRecordAsync(_app.Record(recordId: "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
    }

    [Fact]
    public async Task TheSealingKeyIsPublished()
    {
        using HttpClient client = _app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        JsonElement key = JsonDocument.Parse(await client.GetStringAsync("/device/v1/sealing-key")).RootElement;
        Assert.Equal(PasswordSealing.Scheme, key.GetProperty("scheme").GetString());
        Assert.Equal(_app.SealingPublicKey, Convert.FromBase64String(key.GetProperty("publicKey").GetString()!));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(75_000, 1)]
    [InlineData(180_000, 1)]
    [InlineData(180_001, 2)]
    [InlineData(360_000, 2)]
    [InlineData(360_001, 3)]
    public void ChargeUnitsAreThreeMinuteUnitsStarted(long durationMs, int units) =>
        Assert.Equal(units, RelayRecord.ChargeUnitsFor(durationMs));
}

/// <summary>DeviceApiTests on SQLite, the embedded store.</summary>
public sealed class DeviceApiTestsOnSqlite() : DeviceApiTests(StoreProvider.Sqlite);

/// <summary>DeviceApiTests on PostgreSQL, the production store.</summary>
public sealed class DeviceApiTestsOnPostgreSql() : DeviceApiTests(StoreProvider.PostgreSql);
