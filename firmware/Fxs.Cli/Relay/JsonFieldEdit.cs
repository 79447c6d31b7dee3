using System;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fxs.Cli.Relay;

// One top-level field of a hand-edited configuration file set in its text, not by re-serialising the
// document: every other byte (the // and /* */ comments the loader allows, the order of the fields,
// their spelling and case, indentation, line endings, trailing commas) stays as the person wrote it.
internal static class JsonFieldEdit
{
    /// <summary>Indentation of a field this inserts (the field was missing): two spaces, as the examples in docs/.</summary>
    private const string InsertIndent = "  ";

    /// <summary>
    /// <paramref name="json"/> with the top-level <paramref name="field"/> (matched in any case, as the
    /// loader does) set to the string <paramref name="value"/>: its value replaced where it is, or the
    /// field inserted first in the object when missing. The text must be an object (the loader has read it).
    /// </summary>
    public static string SetString(string json, string field, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        long rootStart = -1;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 0) { rootStart = reader.TokenStartIndex; continue; }
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) { continue; }
            bool match = string.Equals(reader.GetString(), field, StringComparison.OrdinalIgnoreCase);
            reader.Read();
            long start = reader.TokenStartIndex;
            reader.Skip(); // past an object or array value; a no-op on a scalar
            if (match)
            {
                long end = reader.BytesConsumed;
                return Encoding.UTF8.GetString(utf8, 0, (int)start) + Quote(value) + Encoding.UTF8.GetString(utf8, (int)end, utf8.Length - (int)end);
            }
        }
        if (rootStart < 0) { throw new FormatException("expected a JSON object"); }
        int after = (int)rootStart + 1;
        string newline = json.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        return Encoding.UTF8.GetString(utf8, 0, after) + newline + InsertIndent + Quote(field) + ": " + Quote(value) + ","
            + Encoding.UTF8.GetString(utf8, after, utf8.Length - after);
    }

    // A JSON string literal (Utf8JsonWriter: no reflection in the trimmed edition); base64's '+' and '/' left as they are.
    private static string Quote(string value)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStringValue(value);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
