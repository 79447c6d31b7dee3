using System;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// The one time line that codec frames and hook edges share: the frame pump re-anchors it at
    /// the end of every captured frame (line sample count ↔ <see cref="TimeProvider.GetTimestamp"/>
    /// at that moment), and a hook edge stamped on arrival with the same time provider is converted
    /// to line samples from the latest anchor. Re-anchoring every 10 ms follows any drift between
    /// the codec's crystal and the CPU's clock; what remains is the jitter of the capture thread's
    /// wake-up (well under 1 ms on an idle board), which is the accuracy the HAL contract asks of
    /// edges (1 ms).
    /// <para>
    /// Thread-safe: <see cref="Anchor(long)"/> runs on the capture thread, <see cref="ToSamples"/> on the
    /// service thread; a lock keeps the two halves of the anchor together. Neither allocates.
    /// </para>
    /// </summary>
    public sealed class LineTimeBase
    {
        private readonly object _gate = new object();
        private readonly TimeProvider _time;
        private readonly long _frequency;
        private long _anchorSample;
        private long _anchorTimestamp;

        /// <summary>A time base anchored at line sample 0 now.</summary>
        public LineTimeBase(TimeProvider time)
        {
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _frequency = time.TimestampFrequency;
            if (_frequency <= 0) { throw new ArgumentException("timestamp frequency must be positive", nameof(time)); }
            _anchorTimestamp = time.GetTimestamp();
        }

        /// <summary>The time provider whose timestamps <see cref="ToSamples"/> converts.</summary>
        public TimeProvider Time { get { return _time; } }

        /// <summary>Line sample of the latest anchor.</summary>
        public long AnchorSample { get { lock (_gate) { return _anchorSample; } } }

        /// <summary>Declares that line sample <paramref name="sample"/> is happening now (the pump calls it as each frame completes).</summary>
        public void Anchor(long sample)
        {
            Anchor(sample, _time.GetTimestamp());
        }

        /// <summary>Declares that line sample <paramref name="sample"/> happened at <paramref name="timestamp"/> (<see cref="TimeProvider.GetTimestamp"/> units).</summary>
        public void Anchor(long sample, long timestamp)
        {
            lock (_gate)
            {
                _anchorSample = sample;
                _anchorTimestamp = timestamp;
            }
        }

        /// <summary>
        /// The line sample at <paramref name="timestamp"/>, extrapolated (before or after) from the
        /// latest anchor at 8000 samples per second and rounded down. Not clamped: callers that need
        /// monotonic times clamp (see <see cref="GpioHookSwitch"/>).
        /// </summary>
        public long ToSamples(long timestamp)
        {
            long sample, at;
            lock (_gate)
            {
                sample = _anchorSample;
                at = _anchorTimestamp;
            }
            long delta = timestamp - at;
            // Whole seconds and the remainder apart, so delta × 8000 cannot overflow however old the anchor.
            long seconds = delta / _frequency;
            long rest = delta % _frequency;
            long offset = seconds * LineTime.SampleRateHz + (rest * LineTime.SampleRateHz) / _frequency;
            if (rest < 0 && (rest * LineTime.SampleRateHz) % _frequency != 0) { offset--; } // floor, also before the anchor
            return sample + offset;
        }
    }
}
