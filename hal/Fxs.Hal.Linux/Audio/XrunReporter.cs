using System;
using Microsoft.Extensions.Logging;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// Counts one kind of stream trouble (capture overruns, playback underruns, failed recoveries)
    /// and logs it at most once per <see cref="Interval"/>: the first occurrence after a quiet second
    /// at once, later ones gathered into one line ("capture overruns: 3 in the last second, 17 in
    /// all") when the second is over. An xrun every frame would otherwise write 100 lines a second
    /// on a board whose flash the log wears. One pump thread owns it; <see cref="Total"/> may be
    /// read from anywhere. Counting allocates nothing; only writing a line does.
    /// </summary>
    internal sealed class XrunReporter
    {
        /// <summary>Shortest time between two log lines of one kind: 1 s.</summary>
        public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

        private readonly string _what;
        private readonly ILogger _logger;
        private readonly TimeProvider _time;
        private readonly IPcmDevice? _describer; // set for failures: the line names the last error
        private long _total;
        private long _recent;
        private int _lastError;
        private long _lastReport;
        private bool _reported;

        public XrunReporter(string what, ILogger logger, TimeProvider time, IPcmDevice? describer)
        {
            _what = what;
            _logger = logger;
            _time = time;
            _describer = describer;
        }

        public long Total { get { return System.Threading.Interlocked.Read(ref _total); } }

        public void Note(int error)
        {
            System.Threading.Interlocked.Increment(ref _total);
            _recent++;
            _lastError = error;
            Flush();
        }

        /// <summary>Writes the gathered count if there is one and the last line is a second old (call every frame).</summary>
        public void Flush()
        {
            if (_recent == 0) { return; }
            long now = _time.GetTimestamp();
            if (_reported && _time.GetElapsedTime(_lastReport, now) < Interval) { return; }
            if (_describer == null) { PumpLog.Xruns(_logger, _what, _recent, Total); }
            else { PumpLog.Failures(_logger, _what, _recent, Total, _describer.Describe(_lastError)); }
            _recent = 0;
            _lastReport = now;
            _reported = true;
        }
    }
}
