using System;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// A board part would not open: a native library (libgpiod, libasound), a gpiochip, a GPIO line,
    /// an ALSA PCM. <see cref="Exception.Message"/> is one line, "PART PROBLEM: ADVICE" (e.g.
    /// "libgpiod.so.3 not found: on Debian 12 set gpio.driver to libgpiod-v1, or install libgpiod3"),
    /// naming only the part that failed, for the daemon's one-line refusal (exit 7).
    /// </summary>
    public sealed class BoardPartException : Exception
    {
        /// <summary>The part, as a user finds it (a library's file name, a device path, a PCM name).</summary>
        public string Part { get; }

        /// <summary>What to do about it, naming the board file's field or the package where one applies.</summary>
        public string Advice { get; }

        /// <summary>The message is "<paramref name="part"/> <paramref name="problem"/>: <paramref name="advice"/>", on one line.</summary>
        public BoardPartException(string part, string problem, string advice, Exception? inner = null)
            : base(OneLine(part + " " + problem + ": " + advice), inner)
        {
            Part = part;
            Advice = advice;
        }

        /// <summary>The first line of <paramref name="text"/> (a DllNotFoundException lists every path tried, one a line).</summary>
        public static string FirstLine(string text)
        {
            int end = text.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? text : text.Substring(0, end)).Trim();
        }

        private static string OneLine(string text)
        {
            return text.Replace("\r", " ").Replace("\n", " ");
        }
    }
}
