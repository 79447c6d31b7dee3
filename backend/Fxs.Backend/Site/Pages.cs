using Fxs.Backend.Lines;
using Fxs.Backend.Passwords;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fxs.Backend.Site;

/// <summary>The settings site's pages (server-rendered, Japanese, every value encoded by <see cref="Html"/>).</summary>
public sealed class Pages(BrandNames names, IAntiforgery antiforgery)
{
    /// <summary>
    /// One column that fits a 390 px phone (issue #13 item 8): side padding, full-width fields and
    /// buttons, tables that wrap (or scroll inside their own box), nothing wider than the screen.
    /// </summary>
    public const string Css = """
        *, *::before, *::after { box-sizing: border-box; }
        body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; margin: 0 auto; padding: 1em; max-width: 44em; color: #222; line-height: 1.6; overflow-wrap: anywhere; }
        h1 { font-size: 1.4em; border-bottom: 2px solid #06c; padding-bottom: .3em; }
        h2 { font-size: 1.15em; }
        label { display: block; margin-top: .8em; }
        input[type=text], input[type=password], select { font-size: 1.1em; padding: .4em; width: 100%; max-width: 24em; }
        button { margin-top: 1em; font-size: 1em; padding: .6em 1.2em; min-width: 10em; }
        .errors { color: #b00; } .note { color: #555; font-size: .9em; }
        .banner { background: #fff4d6; border: 1px solid #e0a800; padding: .6em .8em; margin: 1em 0; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
        .number { white-space: nowrap; }
        @media (max-width: 480px) { body { padding: .75em; } h1 { font-size: 1.25em; } button { width: 100%; } }
        """;

    /// <summary>Japan Standard Time (UTC+9, no daylight saving): the times the site shows.</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>A time as the site shows it: 2025年6月2日 9時00分.</summary>
    public static string JapanTime(DateTimeOffset t)
    {
        DateTimeOffset j = t.ToOffset(Jst);
        return $"{j.Year}年{j.Month}月{j.Day}日 {j.Hour}時{j.Minute:D2}分";
    }

    public const string HowToLink = "仮パスワードの設定方法";

    /// <summary>After a login with the temporary password: when it expires, and the way to replace it.</summary>
    private static Html TemporaryBanner(SiteAccess access) => !access.Credential.IsTemporary || access.Credential.ExpiresAt is not DateTimeOffset expires ? Html.Empty
        : Html.Of($"""
            <div class="banner" role="status"><p>仮パスワードでログインしています。仮パスワードの有効期限は<strong>{JapanTime(expires)}</strong>です。有効期限を過ぎるとログインできなくなります。</p>
            <p><a href="/password">今すぐパスワードを変更する</a></p></div>
            """);

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
        <label for="number">電話番号（市外局番から）</label>
        <input type="text" id="number" name="number" inputmode="numeric" autocomplete="username" value="{number}" required>
        <label for="password">パスワード</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required>
        <button type="submit">ログイン</button>
        </form>
        <p class="note">仮パスワードでログインする場合は、仮パスワードを設定したときに選んだ単位（回線単位・電話番号単位・管理者／ユーザ単位）に応じた電話番号を入力してください。仮パスワードの有効期限は設定から24時間です。</p>
        <p><a href="/howto">{HowToLink}</a>（パスワードをお持ちでない方・お忘れの方）</p>
        """)), status);

    /// <summary>How to get a temporary password: the very call the gateway answers (TP-4..TP-16).</summary>
    public ContentHttpResult HowTo() => Page(Layout(HowToLink, Html.Of($"""
        <p>{names.SiteTitle}に初めてログインするとき、またはパスワードを忘れたときは、お電話で仮パスワードを設定してから、その仮パスワードでログインしてください。</p>
        <h2>1. アクセス番号に電話をかける</h2>
        <p>ご契約の回線につながっている電話機から、次のアクセス番号におかけください。プッシュ信号（トーン）を送れる電話機をお使いください。ダイヤル回線の場合は、電話機のトーン切替ボタン（「＊」など）でプッシュ信号に切り替えてください。</p>
        <div class="table"><table><thead><tr><th>地域</th><th>アクセス番号</th></tr></thead><tbody>
        <tr><td>NTT東日本エリア</td><td class="number">{PhoneFormat.Hyphenated("0363044747")}</td></tr>
        <tr><td>NTT西日本エリア</td><td class="number">{PhoneFormat.Hyphenated("0664806430")}</td></tr>
        </tbody></table></div>
        <p class="note">通話料として3分ごとに8円（税込8.8円）かかります。</p>
        <h2>2. 設定する単位を選ぶ</h2>
        <ul>
        <li><strong>1：回線単位</strong>…契約者回線番号でログインし、回線のすべての電話番号を管理します。</li>
        <li><strong>2：電話番号単位</strong>…入力した電話番号でログインし、その電話番号だけを管理します。</li>
        <li><strong>3：管理者／ユーザ単位</strong>…契約者回線番号（管理者）はすべての電話番号を、{names.AdditionalNumber}（ユーザ）はその電話番号だけを管理します。</li>
        </ul>
        <p>2と3では、案内に従って電話番号を市外局番から入力し、最後に「#」を押してください。</p>
        <h2>3. 仮パスワードを入力する</h2>
        <p>お好きな数字8桁を入力し、確認のためにもう一度同じ8桁を入力してください。設定が完了すると、その旨の案内が流れます。</p>
        <h2>4. ログインしてパスワードを変更する</h2>
        <p>仮パスワードの有効期限は設定から24時間です。期限内にログインし、8～12文字の半角英数字のパスワードに変更してください。</p>
        <p><a href="/login">ログイン画面へ</a></p>
        """)), StatusCodes.Status200OK);

    public ContentHttpResult Top(HttpContext http, SiteAccess access)
    {
        IEnumerable<Html> rows = access.Managed.Select(n => Html.Of($"""
            <tr><td class="number">{PhoneFormat.Hyphenated(n.Number)}</td><td>{(n.IsContract ? "契約者回線番号" : names.AdditionalNumber)}</td>
            <td>{(n.Services.Count == 0 ? Html.Of($"ご利用中のサービスはありません") : Html.Join(n.Services.Select(s => Html.Of($"<span class=\"service\">{names.Service(s)}</span> "))))}</td>
            <td>{(access.CanChangePasswordOf(n.Number) ? Html.Of($"""<a href="/password?number={n.Number}">パスワード変更</a>""") : Html.Empty)}</td></tr>
            """));
        return Page(Layout("トップページ", Html.Of($"""
            {TemporaryBanner(access)}
            <p>ログイン中の電話番号：<span class="number">{PhoneFormat.Hyphenated(access.Number)}</span>（{access.UnitLabel}）</p>
            <h2>ご利用中のサービス</h2>
            <div class="table"><table><thead><tr><th>電話番号</th><th>種別</th><th>ご利用中のサービス</th><th></th></tr></thead>
            <tbody>{Html.Join(rows)}</tbody></table></div>
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
                    n.Number == target ? Html.Of($"""<option value="{n.Number}" selected>{PhoneFormat.Hyphenated(n.Number)}</option>""") : Html.Of($"""<option value="{n.Number}">{PhoneFormat.Hyphenated(n.Number)}</option>""")))}</select>
                """)
            : Html.Of($"""<p>電話番号：<span class="number">{PhoneFormat.Hyphenated(target)}</span></p><input type="hidden" name="number" value="{target}">""");
        string currentLabel = target == access.Number ? "現在のパスワード" : $"現在のパスワード（ログイン中の電話番号 {PhoneFormat.Hyphenated(access.Number)} のパスワード）";
        return Page(Layout("パスワード変更", Html.Of($"""
            {TemporaryBanner(access)}
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
        <p>{PhoneFormat.Hyphenated(number)} のパスワードを変更しました。</p>
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
