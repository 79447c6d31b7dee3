using Fxs.Backend.Passwords;
using Microsoft.Playwright;

namespace Fxs.EndToEnd.Tests;

/// <summary>
/// Issue #4 item 4, for real: a call on the sim gateway through audio, the record relayed over
/// pinned mutual TLS to the backend on loopback HTTPS, then Debian's chromium (headless, driven by
/// Playwright's bundled driver; no browser download) logs in to the settings site with the
/// temporary password, tries each new password TP-23 rejects (each violation's message shown),
/// changes it, and logs in with the new one.
/// </summary>
public sealed class BrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Temporary = "58293746";
    private const string NewPassword = "Hikari7Mado";

    private readonly Backend _backend = new();
    private readonly Gateway _gateway;
    private readonly string _profile = Directory.CreateTempSubdirectory("fxs-e2e-chromium-").FullName;

    public BrowserTests() => _gateway = new Gateway(_backend);

    public void Dispose()
    {
        _gateway.Dispose();
        _backend.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }

    /// <summary>Each rejected new password of TP-23 (with the current password typed) and the messages it must show.</summary>
    public static readonly (string Current, string New, string Confirm, string[] Messages)[] Rejected =
    [
        (Temporary, "", "", [PasswordRules.NewMissing]),
        ("", "Kx7pQ2mz", "Kx7pQ2mz", [PasswordRules.CurrentMissing]),
        ("58293747", "Kx7pQ2mz", "Kx7pQ2mz", [PasswordRules.CurrentWrong]),
        (Temporary, "Kx7pQ2", "Kx7pQ2", [PasswordRules.Length]),
        (Temporary, "Kx7p-Q2mz", "Kx7p-Q2mz", [PasswordRules.Charset]),
        (Temporary, "73920518", "73920518", [PasswordRules.DigitsOnly]),
        (Temporary, "Kx7pQ2mz", "Kx7pQ2mZ", [PasswordRules.Mismatch]),
        (Temporary, Temporary, Temporary, [PasswordRules.DigitsOnly, PasswordRules.SameAsCurrent]),
        (Temporary, "a0300001111", "a0300001111", [PasswordRules.Guessable]),
        (Temporary, "Password1", "Password1", [PasswordRules.Guessable]),
        (Temporary, "abc", "abd", [PasswordRules.Length, PasswordRules.Mismatch]),
    ];

    [Fact]
    public async Task ACallSetsTheTemporaryPasswordAndTheBrowserChangesItOnTheSite()
    {
        Assert.True(File.Exists(Chromium),
            $"{Chromium} is missing: this test drives Debian's chromium. Install it with `apt-get install chromium` (as root; .ci/run does it).");

        string id = _gateway.Call(Temporary);
        string answer = await _gateway.DeliverAsync(id);
        Assert.Contains("\"status\":\"applied\"", answer.Replace(" ", ""));

        using IPlaywright playwright = await Playwright.CreateAsync();
        // A fresh profile (--user-data-dir) per run; the backend's certificate is self-signed for
        // loopback, so the browser is told to accept it.
        await using IBrowserContext context = await playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 30_000,
            IgnoreHTTPSErrors = true,
            Locale = "ja-JP",
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        string site = _backend.Url.ToString().TrimEnd('/');

        // Log in with the temporary password the call set.
        await page.GotoAsync(site + "/login");
        await LogInAsync(page, Backend.Contract, Temporary);
        Assert.EndsWith("/top", page.Url);
        Assert.Contains("ログイン中の電話番号：" + Backend.Contract, await page.InnerTextAsync("main"));

        // Each rejected new password: the form again, with each violation's message.
        await page.ClickAsync("text=パスワード変更 >> nth=-1");
        Assert.Contains("/password", page.Url);
        foreach ((string current, string next, string confirm, string[] messages) in Rejected)
        {
            await page.FillAsync("#currentPassword", current);
            await page.FillAsync("#newPassword", next);
            await page.FillAsync("#confirmPassword", confirm);
            await page.ClickAsync("button[type=submit]");
            Assert.Equal("パスワード変更", await page.InnerTextAsync("h1"));
            IReadOnlyList<string> shown = await page.Locator("ul.errors li").AllInnerTextsAsync();
            Assert.True(messages.Order().SequenceEqual(shown.Order()),
                $"new '{next}' / confirm '{confirm}': expected [{string.Join(" | ", messages)}], shown [{string.Join(" | ", shown)}]");
        }

        // The change: TP-25, the contract number logs in again.
        await page.FillAsync("#currentPassword", Temporary);
        await page.FillAsync("#newPassword", NewPassword);
        await page.FillAsync("#confirmPassword", NewPassword);
        await page.ClickAsync("button[type=submit]");
        Assert.Equal("パスワード変更完了", await page.InnerTextAsync("h1"));
        await page.ClickAsync("text=ログイン画面へ");
        Assert.EndsWith("/login", page.Url);

        // The temporary password no longer logs in; the new one does.
        await LogInAsync(page, Backend.Contract, Temporary);
        Assert.EndsWith("/login", page.Url);
        Assert.Equal(1, await page.Locator("ul.errors li").CountAsync());
        await LogInAsync(page, Backend.Contract, NewPassword);
        Assert.EndsWith("/top", page.Url);
        Assert.Contains("ログイン中の電話番号：" + Backend.Contract, await page.InnerTextAsync("main"));
    }

    private static async Task LogInAsync(IPage page, string number, string password)
    {
        await page.FillAsync("#number", number);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
