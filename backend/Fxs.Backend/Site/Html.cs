using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Fxs.Backend.Site;

/// <summary>
/// A fragment of HTML. Built only through <see cref="Of"/>, whose interpolation handler encodes
/// every string and number it is given and inserts only other <see cref="Html"/> values as they
/// are: output is encoded by construction. Japanese text passes unescaped (UTF-8 page).
/// </summary>
public readonly record struct Html(string Value)
{
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    public static readonly Html Empty = new(string.Empty);

    public static Html Of(HtmlBuilder builder) => new(builder.Build());

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public override string ToString() => Value;
}

[InterpolatedStringHandler]
public readonly struct HtmlBuilder
{
    private readonly StringBuilder _sb;

    public HtmlBuilder(int literalLength, int formattedCount) => _sb = new StringBuilder(literalLength + 16 * formattedCount);

    public void AppendLiteral(string s) => _sb.Append(s);

    public void AppendFormatted(Html html) => _sb.Append(html.Value);

    public void AppendFormatted(string? text) => _sb.Append(Html.Encoder.Encode(text ?? string.Empty));

    public void AppendFormatted(long number) => _sb.Append(number.ToString(CultureInfo.InvariantCulture));

    internal string Build() => _sb.ToString();
}
