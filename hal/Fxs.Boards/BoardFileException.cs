using System;
using Fxs.Config;

namespace Fxs.Boards
{
    /// <summary>
    /// A board file that cannot be used, with the first thing wrong in it (the policy of every
    /// configuration file: <see cref="ConfigFileException"/>). <see cref="Exception.Message"/>
    /// is one line: <c>FILE: FIELD: expected EXPECTED, found FOUND</c> (without <c>FIELD: </c> when
    /// the fault is the file itself), e.g.
    /// <c>boards/raspberry-pi-ag1171.json: gpio.shk.line: expected an integer GPIO line 0-1023, found "2x"</c>.
    /// </summary>
    public sealed class BoardFileException : ConfigFileException
    {
        /// <summary>An error at <paramref name="field"/> (empty: the file itself) of <paramref name="file"/>.</summary>
        public BoardFileException(string file, string field, string expected, string found, Exception? inner = null)
            : base(file, field, expected, found, inner)
        {
        }

        /// <summary>The same fault, as a board file's.</summary>
        internal static BoardFileException From(ConfigFileException e) =>
            e as BoardFileException ?? new BoardFileException(e.File, e.Field, e.Expected, e.Found, e.InnerException);
    }
}
