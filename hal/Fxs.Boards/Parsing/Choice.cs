using System;

namespace Fxs.Boards.Parsing
{
    /// <summary>
    /// The spellings a string field allows and the values they stand for. A table instead of
    /// Enum.Parse: the JSON names are kebab-case, and nothing here may depend on reflection (trimming).
    /// </summary>
    internal sealed class Choice<T>
    {
        private readonly string[] _names;
        private readonly T[] _values;

        internal Choice(string[] names, T[] values)
        {
            if (names.Length != values.Length) { throw new ArgumentException("one value per name", nameof(values)); }
            _names = names;
            _values = values;
        }

        /// <summary>The allowed spellings, in the order the error message lists them.</summary>
        internal string[] Names => _names;

        /// <summary><c>"a" | "b" | "c"</c>, for error messages.</summary>
        internal string Listed => "\"" + string.Join("\" | \"", _names) + "\"";

        internal bool TryGet(string name, out T value)
        {
            int i = Array.IndexOf(_names, name); // exact: "S16LE" is a typo to be reported, not guessed
            value = i >= 0 ? _values[i] : default!;
            return i >= 0;
        }

        /// <summary>The spelling of <paramref name="value"/> (for messages that quote a value back).</summary>
        internal string NameOf(T value)
        {
            for (int i = 0; i < _values.Length; i++)
            {
                if (Equals(_values[i], value)) { return _names[i]; }
            }
            throw new ArgumentOutOfRangeException(nameof(value));
        }
    }
}
