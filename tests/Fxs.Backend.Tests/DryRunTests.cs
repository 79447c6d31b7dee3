using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fxs.Backend.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #15: <c>POST /device/v1/records?dryRun=true</c>, the end-of-line test's record: validated exactly as
/// a real record, answered 200 or the real record's 4xx, never applied, never stored, never counted
/// against idempotency.
/// </summary>
public abstract class DryRunTests(StoreProvider store) : IDisposable
{
    private readonly BackendApp _app = new(store: store);

    public void Dispose() => _app.Dispose();

    private async Task<HttpResponseMessage> DryRunAsync(JsonNode record)
    {
        using HttpClient client = _app.DeviceClient();
        return await client.PostAsync("/device/v1/records?dryRun=true", new StringContent(record.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using System.Data.Common.DbConnection c = await _app.Services.GetRequiredService<Database>().OpenAsync();
        return (long)(await Database.ScalarAsync(c, sql, default))!;
    }

    [Fact]
    public async Task AValidRecordIsAnswered200AndNeitherAppliedNorStored()
    {
        JsonObject record = _app.Record(password: "24682468");
        using HttpResponseMessage r = await DryRunAsync(record);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement answer = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(record["recordId"]!.GetValue<string>(), answer.GetProperty("recordId").GetString());
        Assert.Equal("valid", answer.GetProperty("status").GetString());
        Assert.True(answer.GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM records"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM credentials"));

        // Not counted against idempotency: the same record ID, for real and with this content, is a first delivery.
        using HttpResponseMessage real = await _app.PostRecordAsync(record);
        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        Assert.False(real.Headers.Contains("Idempotent-Replayed"));
        // And a dry run of an ID already used is still only validated: 200, the stored answer untouched.
        using HttpResponseMessage again = await DryRunAsync(record);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM records"));
    }

    [Theory]
    [InlineData("targetNumber", "\"0611114444\"")]     // not this gateway's line
    [InlineData("durationMs", "-1")]                   // a bad field
    [InlineData("sealedPassword", "moved")]            // sealed for another record
    public async Task AnInvalidRecordGetsTheRealRecordsProblemAndNothingIsStored(string field, string json)
    {
        JsonObject record = _app.Record();
        record[field] = json == "moved" ? _app.Record()["sealedPassword"]!.GetValue<string>() : JsonNode.Parse(json);
        using HttpResponseMessage dry = await DryRunAsync(record);
        using HttpResponseMessage real = await _app.PostRecordAsync(JsonNode.Parse(record.ToJsonString())!);

        Assert.Equal(HttpStatusCode.BadRequest, dry.StatusCode);
        Assert.Equal(real.StatusCode, dry.StatusCode);
        Assert.True(JsonDocument.Parse(await dry.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM records"));
    }

    [Fact]
    public async Task ADryRunStillWantsAPinnedClientCertificate()
    {
        using HttpClient anonymous = _app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        using HttpResponseMessage r = await anonymous.PostAsync("/device/v1/records?dryRun=true",
            new StringContent(_app.Record().ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }
}

/// <summary>DryRunTests on SQLite, the embedded store.</summary>
public sealed class DryRunTestsOnSqlite() : DryRunTests(StoreProvider.Sqlite);

/// <summary>DryRunTests on PostgreSQL, the production store.</summary>
public sealed class DryRunTestsOnPostgreSql() : DryRunTests(StoreProvider.PostgreSql);
