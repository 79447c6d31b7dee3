using Fxs.Backend.Lines;
using Fxs.Backend.Passwords;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fxs.Backend.Site;

/// <summary>The settings site's pages (server-rendered, Japanese, every value encoded by <see cref="Html"/>).</summary>
public sealed class Pages(BrandNames names, IAntiforgery antiforgery)
{
    public const string Css = """
        body { font-family: sans-serif; margin: 2em auto; max-width: 44em; color: #222; }
        h1 { font-size: 1.4em; border-bottom: 2px solid #06c; padding-bottom: .3em; }
        label { display: block; margin-top: .8em; }
        input[type=text], input[type=password], select { font-size: 1.1em; padding: .2em; }
        button { margin-top: 1em; font-size: 1em; padding: .3em 1.2em; }
        .errors { color: #b00; } .note { color: #555; font-size: .9em; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
        """;

    private static ContentHttpResult Page(Html body, int status) => TypedResults.Content(body.Value, "text/html; charset=utf-8", null, status);

    private Html Layout(string heading, Html main) => Html.Of($"""
        <!DOCTYPE html>
        <html lang="ja">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{heading} | {names.SiteTitle}</title><link rel="stylesheet" href="/site.css"></head>
        <body><header><p>{names.SiteTitle}</p></header>
        <main><h1>{heading}</h1>
        {main}
        </main></body></html>
        """);

    private Html Token(HttpContext http)
    {
        AntiforgeryTokenSet tokens = antiforgery.GetAndStoreTokens(http);
        return Html.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    private static Html Errors(IReadOnlyList<string> errors) => errors.Count == 0 ? Html.Empty
        : Html.Of($"""<ul class="errors" role="alert">{Html.Join(errors.Select(e => Html.Of($"<li>{e}</li>")))}</ul>""");

    public ContentHttpResult Login(HttpContext http, IReadOnlyList<string> errors, string? number, int status = StatusCodes.Status200OK) => Page(Layout("ログイン", Html.Of($"""
        {Errors(errors)}
        <form method="post" action="/login">
        {Token(http)}
        <label for="number">電話番号（市外局番から、ハイフンなし）</label>
        <input type="text" id="number" name="number" inputmode="numeric" autocomplete="username" value="{number}" required>
        <label for="password">パスワード</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required>
        <button type="submit">ログイン</button>
        </form>
        <p class="note">仮パスワードでログインする場合は、仮パスワードを設定したときに選んだ単位（回線単位・電話番号単位・管理者／ユーザ単位）に応じた電話番号を入力してください。仮パスワードの有効期限は設定から24時間です。</p>
        """)), status);

    public ContentHttpResult Top(HttpContext http, SiteAccess access)
    {
        IEnumerable<Html> rows = access.Managed.Select(n => Html.Of($"""
            <tr><td>{n.Number}</td><td>{(n.IsContract ? "契約者回線番号" : names.AdditionalNumber)}</td>
            <td>{(n.Services.Count == 0 ? Html.Of($"ご利用中のサービスはありません") : Html.Join(n.Services.Select(s => Html.Of($"<span class=\"service\">{names.Service(s)}</span> "))))}</td>
            <td>{(access.CanChangePasswordOf(n.Number) ? Html.Of($"""<a href="/password?number={n.Number}">パスワード変更</a>""") : Html.Empty)}</td></tr>
            """));
        return Page(Layout("トップページ", Html.Of($"""
            <p>ログイン中の電話番号：{access.Number}（{access.UnitLabel}）</p>
            <h2>ご利用中のサービス</h2>
            <table><thead><tr><th>電話番号</th><th>種別</th><th>ご利用中のサービス</th><th></th></tr></thead>
            <tbody>{Html.Join(rows)}</tbody></table>
            <p><a href="/password">パスワード変更</a></p>
            <form method="post" action="/logout">{Token(http)}<button type="submit">ログアウト</button></form>
            """)), StatusCodes.Status200OK);
    }

    public ContentHttpResult PasswordForm(HttpContext http, SiteAccess access, string target, IReadOnlyList<string> errors, int status = StatusCodes.Status200OK)
    {
        Html targetField = access.IsAdmin
            ? Html.Of($"""
                <label for="number">パスワードを変更する電話番号</label>
                <select id="number" name="number">{Html.Join(access.Line.Numbers.Select(n =>
                    n.Number == target ? Html.Of($"""<option value="{n.Number}" selected>{n.Number}</option>""") : Html.Of($"""<option value="{n.Number}">{n.Number}</option>""")))}</select>
                """)
            : Html.Of($"""<p>電話番号：{target}</p><input type="hidden" name="number" value="{target}">""");
        string currentLabel = target == access.Number ? "現在のパスワード" : $"現在のパスワード（ログイン中の電話番号 {access.Number} のパスワード）";
        return Page(Layout("パスワード変更", Html.Of($"""
            {Errors(errors)}
            <form method="post" action="/password">
            {Token(http)}
            {targetField}
            <label for="currentPassword">{currentLabel}</label>
            <input type="password" id="currentPassword" name="currentPassword" autocomplete="current-password">
            <label for="newPassword">新しいパスワード</label>
            <input type="password" id="newPassword" name="newPassword" autocomplete="new-password" maxlength="{PasswordRules.MaxLength}">
            <label for="confirmPassword">新しいパスワード（確認のためもう一度入力）</label>
            <input type="password" id="confirmPassword" name="confirmPassword" autocomplete="new-password" maxlength="{PasswordRules.MaxLength}">
            <p class="note">パスワードは8～12文字の半角英数字で設定してください（数字のみは不可）。現在のパスワードと同じパスワードは設定できません。</p>
            <p class="note">{PasswordRules.Advice}</p>
            <button type="submit">変更する</button>
            </form>
            <p><a href="/top">戻る</a></p>
            """)), status);
    }

    /// <summary>TP-25: after the contract number's change "ログイン画面へ", after an additional number's "戻る".</summary>
    public ContentHttpResult PasswordChanged(string number, bool contract) => Page(Layout("パスワード変更完了", Html.Of($"""
        <p>{number} のパスワードを変更しました。</p>
        {(contract ? Html.Of($"""<p><a href="/login">ログイン画面へ</a></p>""") : Html.Of($"""<p><a href="/top">戻る</a></p>"""))}
        """)), StatusCodes.Status200OK);

    /// <summary>Japanese texts of the site's error pages (issue #13 item 8).</summary>
    public const string ExpiredHeading = "画面の有効期限が切れました";
    public const string ExpiredText = "画面の有効期限が切れたか、画面が正しく送信されませんでした。お手数ですが、もう一度ログインしてから操作をやり直してください。";
    public const string NotFoundHeading = "ページが見つかりません";
    public const string NotFoundText = "お探しのページは見つかりませんでした。アドレスをお確かめのうえ、ログイン画面からご利用ください。";
    public const string ErrorHeading = "エラーが発生しました";
    public const string RefusedText = "このリクエストは処理できませんでした。お手数ですが、ログイン画面からもう一度操作をやり直してください。";
    public const string FailedText = "ただいまご利用いただけません。しばらくしてからもう一度お試しください。";

    /// <summary>The page for a site error answer: a stale or broken form (400) is "expired", with a way back to the login page.</summary>
    public ContentHttpResult Error(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorPage(ExpiredHeading, ExpiredText, status),
        StatusCodes.Status404NotFound => ErrorPage(NotFoundHeading, NotFoundText, status),
        >= 500 => ErrorPage(ErrorHeading, FailedText, status),
        _ => ErrorPage(ErrorHeading, RefusedText, status),
    };

    private ContentHttpResult ErrorPage(string heading, string text, int status) => Page(Layout(heading, Html.Of($"""
        <p class="errors" role="alert">{text}</p>
        <p><a href="/login">ログイン画面へ</a></p>
        """)), status);

    public ContentHttpResult Message(string heading, string text, int status) => Page(Layout(heading, Html.Of($"""
        <p>{text}</p><p><a href="/top">トップページへ</a></p>
        """)), status);
}
