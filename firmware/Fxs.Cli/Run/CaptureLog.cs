using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

// The daemon's log lines about call captures (`fxs run --record-dir`), event IDs 40-49. None carries
// a password digit: a capture's folder name is its start time, and its outcome is one word.
internal static partial class CaptureLog
{
    [LoggerMessage(40, LogLevel.Information, "capturing calls in {Dir} (at most {MaxMb} MB, oldest deleted first; password keys {Keys})")]
    public static partial void Capturing(ILogger log, string dir, long maxMb, string keys);

    [LoggerMessage(41, LogLevel.Information, "call captured: {Folder} ({Seconds} s, outcome {Outcome}, password keys {Keys})")]
    public static partial void Written(ILogger log, string folder, string seconds, string outcome, string keys);

    [LoggerMessage(42, LogLevel.Warning, "call capture {Folder} stopped, the call itself was not disturbed: {Error}")]
    public static partial void Failed(ILogger log, string folder, string error);

    [LoggerMessage(43, LogLevel.Information, "oldest capture {Folder} deleted ({Kb} KiB): the captures stay within {MaxMb} MB")]
    public static partial void Deleted(ILogger log, string folder, long kb, long maxMb);

    [LoggerMessage(44, LogLevel.Warning, "call not captured: {Reason}")]
    public static partial void Skipped(ILogger log, string reason);

    [LoggerMessage(45, LogLevel.Warning, "the call outlasted one capture ({Seconds} s): its start is kept, the rest is not recorded")]
    public static partial void Truncated(ILogger log, long seconds);
}
