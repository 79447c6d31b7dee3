using Fxs.Config;
using System.Collections.Generic;

namespace Fxs.Boards.Parsing
{
    /// <summary>
    /// The GPIO numbers a board has used so far: one pin wired to two signals is a wiring
    /// mistake the file can show before anything is powered, so the second use is an error naming both.
    /// </summary>
    internal sealed class LineRegistry
    {
        private const int ExpanderKeyBase = BoardLimits.MaxGpioLine + 1;

        private readonly Dictionary<int, string> _usedBy = new Dictionary<int, string>();

        /// <summary>Records <paramref name="line"/> for field <paramref name="name"/> of <paramref name="owner"/>, or throws if another field has it.</summary>
        internal void Claim(JsonObjectReader owner, string name, int line, bool onExpander = false)
        {
            // Expander pins are their own numbers: GPA0 is not gpiochip line 0.
            int key = onExpander ? ExpanderKeyBase + line : line;
            if (_usedBy.TryGetValue(key, out string? other))
            {
                throw owner.Error(name, onExpander ? "an expander pin no other field uses" : "a GPIO line no other field uses",
                    line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", already used by " + other);
            }
            _usedBy.Add(key, owner.PathOf(name));
        }
    }
}
