using System;

namespace Fxs.Config
{
    /// <summary>
    /// The spellings a string field allows and the values they stand for. A table instead of
    /// Enum.Parse: the JSON names are kebab-case, and nothing here may depend on reflection (trimming).
    /// </summary>
    public sealed class Choice<T>
    {
        private readonly string[] _names;
        private readonly T[] _values;

        /// <summary>Spelling <paramref name="names"/>[i] stands for <paramref name="values"/>[i].</summary>
        public Choice(string[] names, T[] values)
        {
            if (names.Length != values.Length) { throw new ArgumentException("one value per name", nameof(values)); }
            _names = names;
            _values = values;
        }

        /// <summary>The allowed spellings, in the order the error message lists them.</summary>
        public string[] Names => _names;

        /// <summary><c>"a" | "b" | "c"</c>, for error messages.</summary>
        public string Listed => "\"" + string.Join("\" | \"", _names) + "\"";

        /// <summary>The value <paramref name="name"/> spells (exactly), if it is one of the spellings.</summary>
        public bool TryGet(string name, out T value)
        {
            int i = Array.IndexOf(_names, name); // exact: "S16LE" is a typo to be reported, not guessed
            value = i >= 0 ? _values[i] : default!;
            return i >= 0;
        }

        /// <summary>The spelling of <paramref name="value"/> (for messages that quote a value back).</summary>
        public string NameOf(T value)
        {
            for (int i = 0; i < _values.Length; i++)
            {
                if (Equals(_values[i], value)) { return _names[i]; }
            }
            throw new ArgumentOutOfRangeException(nameof(value));
        }
    }
}
