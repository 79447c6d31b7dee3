using System;

namespace Fxs.Config
{
    /// <summary>"Did you mean" for a field or value that is not one of the known ones.</summary>
    public static class Suggestions
    {
        /// <summary>Most edits (insert, delete, substitute one character) a typo may be from a known name and still be suggested.</summary>
        public const int MaxEdits = 2;

        /// <summary>
        /// The known name closest to <paramref name="typed"/> (ignoring case) if it is within
        /// <see cref="MaxEdits"/>, else null; ties go to the name listed first.
        /// </summary>
        public static string? Closest(string typed, string[] known)
        {
            string? best = null;
            int bestDistance = MaxEdits + 1;
            foreach (string name in known)
            {
                int d = Distance(typed.ToLowerInvariant(), name.ToLowerInvariant());
                if (d < bestDistance)
                {
                    best = name;
                    bestDistance = d;
                }
            }
            return best;
        }

        /// <summary><c> (did you mean "x"?)</c> or an empty string.</summary>
        public static string DidYouMean(string typed, string[] known)
        {
            string? closest = Closest(typed, known);
            return closest is null ? string.Empty : " (did you mean \"" + closest + "\"?)";
        }

        /// <summary>Levenshtein distance: one row at a time, the names are a few dozen characters at most.</summary>
        public static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) { previous[j] = j; }
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
                }
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }
    }
}
