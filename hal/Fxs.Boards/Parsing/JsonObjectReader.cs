using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Fxs.Boards.Parsing
{
    /// <summary>
    /// One JSON object of a board file, read field by field. Opening it checks the shape first: an
    /// object, each field once, and no field it does not know (a typo is an error with a suggestion,
    /// never silently a default). Every getter throws <see cref="BoardFileException"/> with the
    /// field's full path on the first thing wrong.
    /// </summary>
    internal sealed class JsonObjectReader
    {
        /// <summary>What a missing required field is reported as having.</summary>
        internal const string Missing = "nothing (the field is missing)";

        private readonly JsonElement _object;

        /// <summary>The file, as named to the loader.</summary>
        internal string File { get; }

        /// <summary>This object's JSON path (empty for the root).</summary>
        internal string Path { get; }

        private JsonObjectReader(JsonElement obj, string file, string path)
        {
            _object = obj;
            File = file;
            Path = path;
        }

        /// <summary>Opens <paramref name="element"/> as an object that may hold only <paramref name="known"/> fields.</summary>
        internal static JsonObjectReader Open(JsonElement element, string file, string path, string what, string[] known)
        {
            var reader = new JsonObjectReader(element, file, path);
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new BoardFileException(file, path, what, JsonText.Describe(element));
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
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

        /// <summary>The full JSON path of <paramref name="name"/> in this object.</summary>
        internal string PathOf(string name) => Path.Length == 0 ? name : Path + "." + name;

        /// <summary>An error at field <paramref name="name"/> of this object.</summary>
        internal BoardFileException Error(string name, string expected, string found) =>
            new BoardFileException(File, PathOf(name), expected, found);

        /// <summary>True when the field is written (even as null: null is then reported as the wrong type).</summary>
        internal bool Has(string name) => _object.TryGetProperty(name, out _);

        private JsonElement Required(string name, string expected)
        {
            if (!_object.TryGetProperty(name, out JsonElement value)) { throw Error(name, expected, Missing); }
            return value;
        }

        /// <summary>A string with something other than white space in it.</summary>
        internal string RequiredString(string name, string expected)
        {
            JsonElement value = Required(name, expected);
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw Error(name, expected, JsonText.Describe(value));
            }
            return value.GetString()!;
        }

        /// <summary>An integer in <paramref name="min"/>..<paramref name="max"/> (2.0 and "2" are not integers).</summary>
        internal int RequiredInt(string name, int min, int max, string expected) =>
            ToInt(name, Required(name, expected), min, max, expected);

        /// <summary>As <see cref="RequiredInt"/>, or <paramref name="fallback"/> when the field is absent.</summary>
        internal int OptionalInt(string name, int min, int max, int fallback, string expected) =>
            _object.TryGetProperty(name, out JsonElement value) ? ToInt(name, value, min, max, expected) : fallback;

        /// <summary>As <see cref="RequiredInt"/>, or null when the field is absent.</summary>
        internal int? OptionalNullableInt(string name, int min, int max, string expected) =>
            _object.TryGetProperty(name, out JsonElement value) ? ToInt(name, value, min, max, expected) : null;

        /// <summary>
        /// An integer in <paramref name="min"/>..<paramref name="max"/>, or the string <c>"off"</c>
        /// standing for <paramref name="off"/>; <paramref name="fallback"/> when absent.
        /// </summary>
        internal int OptionalIntOrOff(string name, int min, int max, int off, int fallback, string expected)
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
        internal ulong OptionalULong(string name, ulong fallback, string expected)
        {
            if (!_object.TryGetProperty(name, out JsonElement value)) { return fallback; }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out ulong n))
            {
                throw Error(name, expected, JsonText.Describe(value));
            }
            return n;
        }

        /// <summary><c>true</c> or <c>false</c>, written out (no default: see <see cref="GpioLine.ActiveLow"/>).</summary>
        internal bool RequiredBool(string name, string expected)
        {
            JsonElement value = Required(name, expected);
            if (value.ValueKind == JsonValueKind.True) { return true; }
            if (value.ValueKind == JsonValueKind.False) { return false; }
            throw Error(name, expected, JsonText.Describe(value));
        }

        /// <summary>One of <paramref name="choice"/>'s spellings; an unknown one lists them all.</summary>
        internal T RequiredChoice<T>(string name, Choice<T> choice, string what) =>
            ToChoice(name, Required(name, what + ": " + choice.Listed), choice, what);

        /// <summary>As <see cref="RequiredChoice"/>, or <paramref name="fallback"/> when absent.</summary>
        internal T OptionalChoice<T>(string name, Choice<T> choice, string what, T fallback) =>
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
        internal string[] OptionalChoiceArray<T>(string name, Choice<T> choice, string what)
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
        internal JsonObjectReader RequiredObject(string name, string what, string[] known) =>
            Open(Required(name, what), File, PathOf(name), what, known);

        /// <summary>As <see cref="RequiredObject"/>, or null when absent.</summary>
        internal JsonObjectReader? OptionalObject(string name, string what, string[] known) =>
            _object.TryGetProperty(name, out JsonElement value) ? Open(value, File, PathOf(name), what, known) : null;
    }
}
