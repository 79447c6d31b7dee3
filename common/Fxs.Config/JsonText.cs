using System.Text;
using System.Text.Json;

namespace Fxs.Config
{
    /// <summary>How a value found in a configuration file is quoted back in an error message.</summary>
    public static class JsonText
    {
        /// <summary>Longest quoted value, characters: enough to recognise it, short enough for one line.</summary>
        private const int MaxQuoted = 48;

        /// <summary>Strings in double quotes, numbers and literals as written, containers by kind.</summary>
        public static string Describe(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String: return Quote(value.GetString() ?? string.Empty);
                case JsonValueKind.Object: return "an object";
                case JsonValueKind.Array: return value.GetArrayLength() == 0 ? "an empty array" : "an array";
                default: return Shorten(value.GetRawText());
            }
        }

        /// <summary><paramref name="text"/> in double quotes, with quotes, backslashes and control characters escaped.</summary>
        public static string Quote(string text)
        {
            var sb = new StringBuilder(text.Length + 2);
            sb.Append('"');
            foreach (char c in Shorten(text))
            {
                if (c == '"' || c == '\\') { sb.Append('\\').Append(c); }
                else if (c < ' ') { sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); }
                else { sb.Append(c); }
            }
            return sb.Append('"').ToString();
        }

        private static string Shorten(string text) =>
            text.Length <= MaxQuoted ? text : text.Substring(0, MaxQuoted - 1) + "…";
    }
}
