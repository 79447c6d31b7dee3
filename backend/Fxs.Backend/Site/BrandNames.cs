using Fxs.Backend.Provisioning;

namespace Fxs.Backend.Site;

/// <summary>The site's brand (TP-26), from configuration Site:Brand.</summary>
public enum Brand { East, West, Ocn }

/// <summary>TP-26's name map (名称読み替え表), East / West / OCN.</summary>
public sealed class BrandNames(Brand brand)
{
    private static readonly Dictionary<string, (string East, string West, string Ocn)> Map = new()
    {
        ["ひかり電話"] = ("ひかり電話", "ひかり電話", "OCN ひかり電話"),
        ["ナンバー・ディスプレイ"] = ("ナンバー・ディスプレイ", "ナンバー・ディスプレイ", "発信者電話番号表示"),
        ["ナンバー・リクエスト"] = ("ナンバー・リクエスト", "ナンバー・リクエスト", "発信者電話番号通知リクエスト"),
        ["キャッチホン"] = ("キャッチホン", "キャッチホン", "通話中着信"),
        ["ボイスワープ"] = ("ボイスワープ", "ボイスワープ", "転送電話"),
        ["迷惑電話おことわりサービス"] = ("迷惑電話おことわりサービス", "迷惑電話おことわりサービス", "迷惑電話お断り"),
        ["着信お知らせメール"] = ("着信お知らせメール", "着信お知らせメール", "着信お知らせメール"),
        ["FAXお知らせメール"] = ("FAXお知らせメール", "FAXお知らせメール", "FAXお知らせメール"),
        ["ダブルチャンネル"] = ("ダブルチャンネル", "複数チャンネル", "ダブルチャンネル"),
        ["マイナンバー"] = ("マイナンバー", "追加番号", "マイナンバー"),
        ["フリーアクセス・ひかりワイド"] = ("フリーアクセス・ひかりワイド", "フリーアクセス・ひかりワイド", "着信課金"),
        ["ひかり電話 #ダイヤル"] = ("ひかり電話 #ダイヤル", "ひかり電話 #ダイヤル", "#ダイヤル"),
        ["グループ通話定額"] = ("グループ通話定額", "グループ通話定額", "グループ通話定額"),
    };

    public Brand Brand { get; } = brand;

    /// <summary>The brand's name for an NTT East name of TP-26.</summary>
    public string this[string eastName] => Map.TryGetValue(eastName, out var names)
        ? Brand switch { Brand.West => names.West, Brand.Ocn => names.Ocn, _ => names.East }
        : eastName;

    public string SiteTitle => this["ひかり電話"] + "設定サイト";

    public string AdditionalNumber => this["マイナンバー"];

    public string Service(Service service) => service switch
    {
        Provisioning.Service.VoiceWarp => this["ボイスワープ"],
        Provisioning.Service.IncomingCallMail => this["着信お知らせメール"],
        _ => this["FAXお知らせメール"],
    };
}
