using Fxs.Backend.Passwords;
using Fxs.Backend.Site;
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

        AssertJapaneseFont();
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
            ViewportSize = new ViewportSize { Width = PhoneWidthPx, Height = 844 }, // a 390 px phone (issue #13 item 8)
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000); // CI runs the test projects side by side on 2 cores: a page load under that load took over 10 s once
        string site = _backend.Url.ToString().TrimEnd('/');

        // The login page links to how a temporary password is set.
        await page.GotoAsync(site + "/login");
        await ShotAsync(page, "login");
        await page.ClickAsync("text=" + Pages.HowToLink);
        Assert.EndsWith("/howto", page.Url);
        Assert.Contains("03-6304-4747", await page.InnerTextAsync("main"));
        await ShotAsync(page, "howto");
        await page.GotoAsync(site + "/no-such-page");
        Assert.Equal(Pages.NotFoundHeading, await page.InnerTextAsync("h1"));
        await ShotAsync(page, "not-found");

        // Log in with the temporary password the call set: the banner says when it expires.
        await page.GotoAsync(site + "/login");
        await LogInAsync(page, Backend.Contract, Temporary);
        Assert.EndsWith("/top", page.Url);
        Assert.Contains("ログイン中の電話番号：03-0000-1111", await page.InnerTextAsync("main"));
        Assert.Contains("仮パスワードの有効期限は", await page.InnerTextAsync(".banner"));
        await ShotAsync(page, "top-temporary");

        // Each rejected new password: the form again, with each violation's message.
        await page.ClickAsync("text=パスワード変更 >> nth=-1");
        Assert.Contains("/password", page.Url);
        await ShotAsync(page, "password");
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
        await ShotAsync(page, "password-rejected");

        // The change: TP-25, the contract number logs in again.
        await page.FillAsync("#currentPassword", Temporary);
        await page.FillAsync("#newPassword", NewPassword);
        await page.FillAsync("#confirmPassword", NewPassword);
        await page.ClickAsync("button[type=submit]");
        Assert.Equal("パスワード変更完了", await page.InnerTextAsync("h1"));
        await ShotAsync(page, "password-changed");
        await page.ClickAsync("text=ログイン画面へ");
        Assert.EndsWith("/login", page.Url);

        // The temporary password no longer logs in; the new one does.
        await LogInAsync(page, Backend.Contract, Temporary);
        Assert.EndsWith("/login", page.Url);
        Assert.Equal(1, await page.Locator("ul.errors li").CountAsync());
        await LogInAsync(page, Backend.Contract, NewPassword);
        Assert.EndsWith("/top", page.Url);
        Assert.Contains("ログイン中の電話番号：03-0000-1111", await page.InnerTextAsync("main"));
        Assert.Equal(0, await page.Locator(".banner").CountAsync()); // a permanent password: no banner
        await ShotAsync(page, "top");

        // A form posted after its antiforgery cookie expired: the Japanese page, with the way back.
        await page.GotoAsync(site + "/login");
        await context.ClearCookiesAsync();
        await LogInAsync(page, Backend.Contract, NewPassword);
        Assert.Equal(Pages.ExpiredHeading, await page.InnerTextAsync("h1"));
        await ShotAsync(page, "expired-form");
        await page.ClickAsync("text=ログイン画面へ");
        Assert.EndsWith("/login", page.Url);
    }

    private const int PhoneWidthPx = 390;

    /// <summary>
    /// The page as a 390 px phone shows it, kept as a CI artefact (artifacts/screenshots/NAME.png
    /// under the repository); the page must fit the screen's width (no sideways scrolling) and use
    /// a Japanese font that is installed (<see cref="AssertJapaneseFont"/>).
    /// </summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        int width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= PhoneWidthPx, $"{name}: the page is {width} px wide on a {PhoneWidthPx} px screen");
        string dir = Path.Combine(Repository.Root(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 1000, file);
    }

    /// <summary>The screenshots show Japanese text only with a Japanese font: fontconfig must know Noto Sans CJK JP (.ci/run installs fonts-noto-cjk).</summary>
    private static void AssertJapaneseFont()
    {
        var start = new System.Diagnostics.ProcessStartInfo("fc-list") { RedirectStandardOutput = true };
        start.ArgumentList.Add(":lang=ja");
        start.ArgumentList.Add("family");
        using var p = System.Diagnostics.Process.Start(start)!;
        string families = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(families.Contains("Noto Sans CJK JP", StringComparison.Ordinal), "no Japanese font: apt-get install fonts-noto-cjk (as root; .ci/run does it)");
    }

    private static async Task LogInAsync(IPage page, string number, string password)
    {
        await page.FillAsync("#number", number);
        await page.FillAsync("#password", password);
        // Waits for the document the post brings, parsed: the old one's marker is gone with it. (A bare
        // WaitForLoadState after the click can catch the page between two documents: a CI run waited
        // out its 30 s so, "NetworkIdle event fired" in its log, in a test that takes 5 s.)
        await page.EvaluateAsync("() => { window.fxsBeforeSubmit = true; }");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForFunctionAsync("() => window.fxsBeforeSubmit === undefined && document.readyState !== 'loading'");
    }
}
