using System;

namespace Fxs.Hal.Line
{
    /// <summary>
    /// The Japanese ringing cadence, 1 s on / 2 s off (事業用電気通信設備規則: 20 IPM ± 20 %,
    /// research/dtmf-receiver.md), laid on an <see cref="IRinger"/> from the line clock. The
    /// first burst starts at <see cref="Start"/>. Call <see cref="Advance"/> every frame; the
    /// ringer switches within a frame (10 ms) of the cadence's edges. No allocation.
    /// </summary>
    public sealed class RingCadence
    {
        /// <summary>Ring voltage on-time per cycle, samples: 1 s.</summary>
        public const int OnSamples = 1000 * LineTime.SamplesPerMs;

        /// <summary>Cycle length (on + off), samples: 3 s (20 rings per minute).</summary>
        public const int PeriodSamples = 24000;

        private readonly IRinger _ringer;
        private bool _running;
        private bool _on;          // what the cadence says now (the ringer may have tripped since)
        private long _startedAt;

        /// <summary>Creates a stopped cadence driving <paramref name="ringer"/>.</summary>
        public RingCadence(IRinger ringer)
        {
            if (ringer == null) { throw new ArgumentNullException(nameof(ringer)); }
            _ringer = ringer;
        }

        /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
        public bool IsRunning { get { return _running; } }

        /// <summary>Completed ring bursts' count plus the one under way, since <see cref="Start"/>, at <paramref name="nowSamples"/>.</summary>
        public int RingsAt(long nowSamples)
        {
            if (!_running || nowSamples < _startedAt) { return 0; }
            return (int)((nowSamples - _startedAt) / PeriodSamples) + 1;
        }

        /// <summary>Starts ringing now (the first second is a burst).</summary>
        public void Start(long nowSamples)
        {
            _running = true;
            _on = true;
            _startedAt = nowSamples;
            _ringer.SetRinging(true);
        }

        /// <summary>Stops the cadence and removes the ring voltage (call on off-hook too: a trip only stops the burst).</summary>
        public void Stop()
        {
            _running = false;
            _on = false;
            _ringer.SetRinging(false);
        }

        /// <summary>
        /// Switches the ringer where the cadence changes (burst start or end) up to
        /// <paramref name="nowSamples"/>. Only changes are applied, so a burst the board tripped
        /// stays off until the next burst would start.
        /// </summary>
        public void Advance(long nowSamples)
        {
            if (!_running || nowSamples < _startedAt) { return; }
            bool on = (nowSamples - _startedAt) % PeriodSamples < OnSamples;
            if (on == _on) { return; }
            _on = on;
            _ringer.SetRinging(on);
        }
    }
}
