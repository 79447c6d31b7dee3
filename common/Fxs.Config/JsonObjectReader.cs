using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Fxs.Config
{
    /// <summary>
    /// One JSON object of a configuration file (board, line, relay, provisioning), read field by
    /// field. Opening it checks the shape first: an object, each field once, and no field it does not
    /// know (a typo is an error with a suggestion, never silently a default). Every getter throws
    /// <see cref="ConfigFileException"/> with the field's full path on the first thing wrong.
    /// </summary>
    public sealed class JsonObjectReader
    {
        /// <summary>What a missing required field is reported as having.</summary>
        public const string Missing = "nothing (the field is missing)";

        private readonly JsonElement _object;

        /// <summary>The file, as named to the loader.</summary>
        public string File { get; }

        /// <summary>This object's JSON path (empty for the root).</summary>
        public string Path { get; }

        private JsonObjectReader(JsonElement obj, string file, string path)
        {
            _object = obj;
            File = file;
            Path = path;
        }

        /// <summary>Opens <paramref name="element"/> as an object that may hold only <paramref name="known"/> fields.</summary>
        public static JsonObjectReader Open(JsonElement element, string file, string path, string what, string[] known) =>
            Open(element, file, path, what, known, ignoreCase: false);

        /// <summary>
        /// As <see cref="Open(JsonElement, string, string, string, string[])"/>; with <paramref name="ignoreCase"/>
        /// a field matches a known name in any case (files read by System.Text.Json's Web defaults, which match so).
        /// </summary>
        public static JsonObjectReader Open(JsonElement element, string file, string path, string what, string[] known, bool ignoreCase)
        {
            StringComparer comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var reader = new JsonObjectReader(element, file, path);
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigFileException(file, path, what, JsonText.Describe(element));
            }
            var seen = new HashSet<string>(comparer);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!Contains(known, property.Name, comparer))
                {
                    throw reader.Error(property.Name, "one of the fields " + string.Join(", ", known),
                        "unknown field " + JsonText.Quote(property.Name) + Suggestions.DidYouMean(property.Name, known));
                }
                if (!seen.Add(property.Name))
                {
                    throw reader.Error(property.Name, "each field once", "it a second time");
                }
            }
            return reader;
        }

        private static bool Contains(string[] known, string name, StringComparer comparer)
        {
            foreach (string k in known)
            {
                if (comparer.Equals(k, name)) { return true; }
            }
            return false;
        }

        /// <summary>The full JSON path of <paramref name="name"/> in this object.</summary>
        public string PathOf(string name) => Path.Length == 0 ? name : Path + "." + name;

        /// <summary>An error at field <paramref name="name"/> of this object.</summary>
        public ConfigFileException Error(string name, string expected, string found) =>
            new ConfigFileException(File, PathOf(name), expected, found);

        /// <summary>True when the field is written (even as null: null is then reported as the wrong type).</summary>
        public bool Has(string name) => _object.TryGetProperty(name, out _);

        private JsonElement Required(string name, string expected)
        {
            if (!_object.TryGetProperty(name, out JsonElement value)) { throw Error(name, expected, Missing); }
            return value;
        }

        /// <summary>This object as parsed (for a field read in a shape the getters here do not cover).</summary>
        public JsonElement Element => _object;

        /// <summary>The value of field <paramref name="name"/>, when it is written.</summary>
        public bool TryGet(string name, out JsonElement value) => _object.TryGetProperty(name, out value);

        /// <summary>As <see cref="RequiredString"/>, or null when the field is absent or null.</summary>
        public string? OptionalString(string name, string expected)
        {
            if (!_object.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) { return null; }
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw Error(name, expected, JsonText.Describe(value));
            }
            return value.GetString()!;
        }

        /// <summary>A string with something other than white space in it.</summary>
        public string RequiredString(string name, string expected)
        {
            JsonElement value = Required(name, expected);
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw Error(name, expected, JsonText.Describe(value));
            }
            return value.GetString()!;
        }

        /// <summary>An integer in <paramref name="min"/>..<paramref name="max"/> (2.0 and "2" are not integers).</summary>
        public int RequiredInt(string name, int min, int max, string expected) =>
            ToInt(name, Required(name, expected), min, max, expected);

        /// <summary>As <see cref="RequiredInt"/>, or <paramref name="fallback"/> when the field is absent.</summary>
        public int OptionalInt(string name, int min, int max, int fallback, string expected) =>
            _object.TryGetProperty(name, out JsonElement value) ? ToInt(name, value, min, max, expected) : fallback;

        /// <summary>As <see cref="RequiredInt"/>, or null when the field is absent.</summary>
        public int? OptionalNullableInt(string name, int min, int max, string expected) =>
            _object.TryGetProperty(name, out JsonElement value) ? ToInt(name, value, min, max, expected) : null;

        /// <summary>
        /// An integer in <paramref name="min"/>..<paramref name="max"/>, or the string <c>"off"</c>
        /// standing for <paramref name="off"/>; <paramref name="fallback"/> when absent.
        /// </summary>
        public int OptionalIntOrOff(string name, int min, int max, int off, int fallback, string expected)
        {
            if (!_object.TryGetProperty(name, out JsonElement value)) { return fallback; }
            if (value.ValueKind == JsonValueKind.String && value.GetString() == "off") { return off; }
            return ToInt(name, value, min, max, expected);
        }

        private int ToInt(string name, JsonElement value, int min, int max, string expected)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int n) || n < min || n > max)
            {
                throw Error(name, expected, JsonText.Describe(value));
            }
            return n;
        }

        /// <summary>An unsigned 64-bit integer, or <paramref name="fallback"/> when absent.</summary>
        public ulong OptionalULong(string name, ulong fallback, string expected)
        {
            if (!_object.TryGetProperty(name, out JsonElement value)) { return fallback; }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out ulong n))
            {
                throw Error(name, expected, JsonText.Describe(value));
            }
            return n;
        }

        /// <summary><c>true</c> or <c>false</c>, written out (no default: a board's activeLow, for one, must be said).</summary>
        public bool RequiredBool(string name, string expected)
        {
            JsonElement value = Required(name, expected);
            if (value.ValueKind == JsonValueKind.True) { return true; }
            if (value.ValueKind == JsonValueKind.False) { return false; }
            throw Error(name, expected, JsonText.Describe(value));
        }

        /// <summary>One of <paramref name="choice"/>'s spellings; an unknown one lists them all.</summary>
        public T RequiredChoice<T>(string name, Choice<T> choice, string what) =>
            ToChoice(name, Required(name, what + ": " + choice.Listed), choice, what);

        /// <summary>As <see cref="RequiredChoice"/>, or <paramref name="fallback"/> when absent.</summary>
        public T OptionalChoice<T>(string name, Choice<T> choice, string what, T fallback) =>
            _object.TryGetProperty(name, out JsonElement value) ? ToChoice(name, value, choice, what) : fallback;

        private T ToChoice<T>(string name, JsonElement value, Choice<T> choice, string what)
        {
            string expected = what + ": " + choice.Listed;
            if (value.ValueKind != JsonValueKind.String) { throw Error(name, expected, JsonText.Describe(value)); }
            string text = value.GetString()!;
            if (!choice.TryGet(text, out T result))
            {
                throw Error(name, expected, JsonText.Quote(text) + Suggestions.DidYouMean(text, choice.Names));
            }
            return result;
        }

        /// <summary>
        /// An array of distinct spellings of <paramref name="choice"/>, as written (empty when the
        /// field is absent); <paramref name="name"/>[i] is the path of a bad element.
        /// </summary>
        public string[] OptionalChoiceArray<T>(string name, Choice<T> choice, string what)
        {
            if (!_object.TryGetProperty(name, out JsonElement value)) { return Array.Empty<string>(); }
            string expected = "an array of " + what + ": " + choice.Listed;
            if (value.ValueKind != JsonValueKind.Array) { throw Error(name, expected, JsonText.Describe(value)); }
            var result = new string[value.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                string itemName = name + "[" + i + "]";
                if (item.ValueKind != JsonValueKind.String) { throw Error(itemName, what + ": " + choice.Listed, JsonText.Describe(item)); }
                string text = item.GetString()!;
                if (!choice.TryGet(text, out _))
                {
                    throw Error(itemName, what + ": " + choice.Listed, JsonText.Quote(text) + Suggestions.DidYouMean(text, choice.Names));
                }
                if (Array.IndexOf(result, text, 0, i) >= 0)
                {
                    throw Error(itemName, "each " + what + " once", JsonText.Quote(text) + " a second time");
                }
                result[i++] = text;
            }
            return result;
        }

        /// <summary>The object in field <paramref name="name"/>, opened with its own known fields.</summary>
        public JsonObjectReader RequiredObject(string name, string what, string[] known) =>
            Open(Required(name, what), File, PathOf(name), what, known);

        /// <summary>As <see cref="RequiredObject"/>, or null when absent.</summary>
        public JsonObjectReader? OptionalObject(string name, string what, string[] known) =>
            _object.TryGetProperty(name, out JsonElement value) ? Open(value, File, PathOf(name), what, known) : null;
    }
}
