using Microsoft.Extensions.Logging;

namespace Fxs.Hal.Linux
{
    /// <summary>The frame pump's log messages (source-generated: no boxing or parsing at run time).</summary>
    internal static partial class PumpLog
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{What}: {Recent} in the last second, {Total} in all")]
        public static partial void Xruns(ILogger logger, string what, long recent, long total);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{What}: {Recent} in the last second, {Total} in all (last: {Error})")]
        public static partial void Failures(ILogger logger, string what, long recent, long total, string error);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Thread} thread did not stop within {Milliseconds} ms; its PCM is left open")]
        public static partial void StuckThread(ILogger logger, string thread, int milliseconds);
    }
}
