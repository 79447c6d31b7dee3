using System;
using System.IO;
using System.Text.Json;

namespace Fxs.Config
{
    /// <summary>
    /// The one policy every configuration file is read with (board, line, relay, provisioning;
    /// docs/configuration.md): JSON with <c>//</c> and <c>/* */</c> comments and trailing commas
    /// allowed (the files are written and commented by hand); every object's fields known, an
    /// unknown one an error with the closest known name (<see cref="JsonObjectReader"/>); every
    /// fault a <see cref="ConfigFileException"/> naming the file, the field and what was expected.
    /// </summary>
    public static class ConfigJson
    {
        /// <summary>How every configuration file is parsed.</summary>
        public static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip, // each field may be commented for the person editing it
            AllowTrailingCommas = true,                 // a hand-edited list keeps its last comma
        };

        /// <summary>What a file that does not parse is reported as expected to be.</summary>
        public const string Expected = "JSON (// comments and trailing commas allowed)";

        /// <summary>
        /// The text of <paramref name="path"/>; a missing or unreadable file is a
        /// <see cref="ConfigFileException"/> expecting <paramref name="what"/> (e.g. "a readable board file").
        /// </summary>
        public static string ReadText(string path, string what)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                throw new ConfigFileException(path, string.Empty, what, "no such file", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw new ConfigFileException(path, string.Empty, what, "it unreadable: " + e.Message, e);
            }
        }

        /// <summary>
        /// <paramref name="json"/> (the text of <paramref name="file"/>) parsed by the policy; JSON that
        /// does not parse is a <see cref="ConfigFileException"/> at its line and column (counted from 1).
        /// </summary>
        public static JsonDocument Parse(string json, string file)
        {
            try
            {
                return JsonDocument.Parse(json, DocumentOptions);
            }
            catch (JsonException e)
            {
                // JsonException counts from 0; editors count from 1.
                long line = (e.LineNumber ?? 0) + 1;
                long column = (e.BytePositionInLine ?? 0) + 1;
                throw new ConfigFileException(file, "line " + line + ", column " + column, Expected, "invalid JSON: " + WithoutPosition(e.Message), e);
            }
        }

        /// <summary>Reads and parses <paramref name="path"/> (see <see cref="ReadText"/> and <see cref="Parse"/>).</summary>
        public static JsonDocument Load(string path, string what) => Parse(ReadText(path, what), path);

        // "… LineNumber: 3 | BytePositionInLine: 4." repeats what Field says.
        private static string WithoutPosition(string message)
        {
            int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return (at >= 0 ? message.Substring(0, at) : message).TrimEnd();
        }
    }
}
