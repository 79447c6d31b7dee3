using System.Net;

namespace Fxs.EndToEnd.Tests;

/// <summary>
/// Issue #4 item 4, over HTTP: a call on the sim gateway through audio, relayed over pinned mutual
/// TLS to the real backend on loopback HTTPS, then the settings site.
/// </summary>
public sealed class RelayToSiteTests : IDisposable
{
    private readonly Backend _backend = new();
    private readonly Gateway _gateway;

    public RelayToSiteTests() => _gateway = new Gateway(_backend);

    public void Dispose()
    {
        _gateway.Dispose();
        _backend.Dispose();
    }

    [Fact]
    public async Task TheTemporaryPasswordLogsInUntil24HoursAfterTheCallAndNotAt26()
    {
        const string password = "60412793";
        string id = _gateway.Call(password);
        Assert.Contains("\"applied\"", await _gateway.DeliverAsync(id));

        using (var site = new Site(_backend))
        {
            Assert.False(await site.LoginAsync(Backend.Contract, "60412794"));
            Assert.True(await site.LoginAsync(Backend.Contract, password));
            Assert.Equal(HttpStatusCode.OK, (await site.GetAsync("/top")).Status);
        }

        _backend.Clock.Advance(TimeSpan.FromHours(23));
        using (var site = new Site(_backend)) { Assert.True(await site.LoginAsync(Backend.Contract, password)); }

        _backend.Clock.Advance(TimeSpan.FromHours(3)); // 26 h after the call (TP-16: 24 h)
        using (var site = new Site(_backend))
        {
            Assert.False(await site.LoginAsync(Backend.Contract, password));
            (HttpStatusCode status, _, string html) = await site.SubmitAsync("/login", "/login", ("number", Backend.Contract), ("password", password));
            Assert.Equal(HttpStatusCode.OK, status); // the login page again, with its message
            Assert.Contains("class=\"errors\"", html);
        }
    }

    [Fact]
    public async Task TheAdminChangesAnAdditionalNumbersPassword()
    {
        // unit 3 from the contract number's port, for the contract number itself: the admin (TP-21).
        const string password = "31415926";
        string id = _gateway.Call(password, unit: '3', target: Backend.Contract);
        Assert.Contains("\"applied\"", await _gateway.DeliverAsync(id));

        using var site = new Site(_backend);
        Assert.True(await site.LoginAsync(Backend.Contract, password));
        (_, string top) = await site.GetAsync("/top");
        Assert.Contains("/password?number=" + Backend.Additional2, top);

        // TP-24: the additional number's new password, with the admin's own current password.
        var changed = await site.ChangePasswordAsync(Backend.Additional2, password, "Fax2Line9q");
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Contains("03-0000-2222 のパスワードを変更しました。", changed.Html); // shown with hyphens (issue #13 item 8)
        Assert.Contains("戻る", changed.Html); // TP-25: an additional number's change

        using var user = new Site(_backend);
        Assert.True(await user.LoginAsync(Backend.Additional2, "Fax2Line9q"));
        (_, string userTop) = await user.GetAsync("/top");
        Assert.DoesNotContain("/password?number=" + Backend.Additional3, userTop); // the user manages itself only
        Assert.True(await site.LoginAsync(Backend.Contract, password)); // the admin's own password is unchanged
    }
}
