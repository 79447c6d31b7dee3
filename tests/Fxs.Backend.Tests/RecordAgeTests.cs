using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fxs.Backend.Records;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #12 item 4: a record's validity is dated by the backend's receipt time minus the age the
/// gateway measured on its monotonic clock (<c>ageMs</c>, beside the sealed fields), bounded to
/// 0 .. 24 h + 1 h; the gateway's wall-clock callEnd no longer decides. Records without an age
/// (relays from before) are dated by callEnd as before, during the transition.
/// </summary>
public sealed class RecordAgeTests : IDisposable
{
    private readonly BackendApp _app = new();

    public void Dispose() => _app.Dispose();

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private JsonObject Aged(long ageMs, DateTimeOffset callEnd, string password = "12345678")
    {
        JsonObject record = _app.Record(password: password, callEnd: callEnd);
        record["ageMs"] = ageMs;
        return record;
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")] // a gateway that booted without a real-time clock
    [InlineData("+25h")]                 // a clock stepped a day ahead
    [InlineData("+10min")]               // a clock 10 minutes fast (refused as "in the future" without an age)
    [InlineData("-1h")]                  // a clock an hour slow
    public async Task TP16_WithAnAgeTheGatewaysWallClockDoesNotDecideTheExpiry(string gatewayClock)
    {
        DateTimeOffset now = _app.Clock.GetUtcNow();
        DateTimeOffset callEnd = gatewayClock switch
        {
            "+25h" => now.AddHours(25),
            "+10min" => now.AddMinutes(10),
            "-1h" => now.AddHours(-1),
            _ => DateTimeOffset.Parse(gatewayClock, System.Globalization.CultureInfo.InvariantCulture),
        };
        using HttpResponseMessage r = await _app.PostRecordAsync(Aged(90_000, callEnd));

        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        JsonElement answer = await Json(r);
        Assert.Equal("applied", answer.GetProperty("status").GetString());
        Assert.Equal(now.AddSeconds(-90), answer.GetProperty("setAt").GetDateTimeOffset());
        Assert.Equal(now.AddSeconds(-90).AddHours(24), answer.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task AnAgeOf24HoursOrMoreIsAnsweredExpiredAndChangesNothing()
    {
        using HttpResponseMessage r = await _app.PostRecordAsync(Aged((long)TimeSpan.FromHours(24).TotalMilliseconds, _app.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal(RecordAnswer.Expired, (await Json(r)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(25L * 3600 * 1000 + 1)]
    public async Task ANegativeAgeOrOneOver25HoursIsRefusedNamingTheField(long ageMs)
    {
        using HttpResponseMessage r = await _app.PostRecordAsync(Aged(ageMs, _app.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await Json(r)).GetProperty("errors").TryGetProperty("ageMs", out _));
    }

    [Fact]
    public async Task TheAgeIsNotPartOfTheRecordSoARetryWithAnOlderAgeGetsTheFirstAnswer()
    {
        JsonObject record = Aged(1_000, _app.Clock.GetUtcNow());
        using HttpResponseMessage first = await _app.PostRecordAsync(record);
        string answer = await first.Content.ReadAsStringAsync();
        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        record["ageMs"] = 31_000;
        using HttpResponseMessage retry = await _app.PostRecordAsync(record);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(answer, await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheTransitionARecordWithoutAnAgeIsStillDatedByItsCallEndAndAFutureOneRefused()
    {
        DateTimeOffset now = _app.Clock.GetUtcNow();
        using HttpResponseMessage old = await _app.PostRecordAsync(_app.Record(callEnd: now.AddHours(-1)));
        Assert.Equal(HttpStatusCode.Created, old.StatusCode);
        Assert.Equal(now.AddHours(23), (await Json(old)).GetProperty("expiresAt").GetDateTimeOffset());

        using HttpResponseMessage future = await _app.PostRecordAsync(_app.Record(callEnd: now.AddMinutes(10)));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.True((await Json(future)).GetProperty("errors").TryGetProperty("callEnd", out _));
    }
}
