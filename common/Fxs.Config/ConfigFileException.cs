using System;

namespace Fxs.Config
{
    /// <summary>
    /// A configuration file (board, line, relay, provisioning) that cannot be used, with the first
    /// thing wrong in it. <see cref="Exception.Message"/> is one line:
    /// <c>FILE: FIELD: expected EXPECTED, found FOUND</c> (without <c>FIELD: </c> when the fault is
    /// the file itself), e.g.
    /// <c>line.json: addtional: expected one of the fields area, contract, additional, notifyNumber, found unknown field "addtional" (did you mean "additional"?)</c>.
    /// </summary>
    public class ConfigFileException : Exception
    {
        /// <summary>The file as it was named to the loader.</summary>
        public string File { get; }

        /// <summary>
        /// Where in the file: a JSON path such as <c>gpio.shk.activeLow</c>, <c>line 3, column 5</c> for
        /// JSON that does not parse, or empty when the file itself is at fault (missing, unreadable).
        /// </summary>
        public string Field { get; }

        /// <summary>What the loader needs there, in words.</summary>
        public string Expected { get; }

        /// <summary>What is there instead: the JSON value as written, or a description (<c>nothing (the field is missing)</c>).</summary>
        public string Found { get; }

        /// <summary>An error at <paramref name="field"/> (empty: the file itself) of <paramref name="file"/>.</summary>
        public ConfigFileException(string file, string field, string expected, string found, Exception? inner = null)
            : base(Format(file, field, expected, found), inner)
        {
            File = file;
            Field = field;
            Expected = expected;
            Found = found;
        }

        private static string Format(string file, string field, string expected, string found) =>
            field.Length == 0
                ? file + ": expected " + expected + ", found " + found
                : file + ": " + field + ": expected " + expected + ", found " + found;
    }
}
