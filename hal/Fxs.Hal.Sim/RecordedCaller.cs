using System;

namespace Fxs.Hal.Sim
{
    /// <summary>
    /// What the far side of a <see cref="SimBoard"/>'s line does, sample by sample, in place of the
    /// scripted <see cref="SimPhone"/> (<see cref="SimBoard.SetCaller"/>): the loop state and the
    /// audio sent into the line. Called once per 10 ms frame from the board's step.
    /// </summary>
    public interface ISimCaller
    {
        /// <summary>Fills the next <paramref name="count"/> samples: what the caller sends and whether its loop is closed.</summary>
        void Produce(short[] tx, bool[] closed, int count);
    }

    /// <summary>
    /// A recorded caller: the audio a phone sent into the line (8 kHz linear, from line time 0) and
    /// its hook switch over the call, as sample times where the loop changes state (the loop is
    /// open before the first change). The audio reaches the line only while the loop is closed,
    /// as with <see cref="SimPhone"/>; after the recording ends the caller sends silence and keeps
    /// the last hook state. Sample-exact and allocation-free per frame.
    /// </summary>
    public sealed class RecordedCaller : ISimCaller
    {
        private readonly short[] _audio;
        private readonly long[] _changes;
        private readonly bool[] _states;
        private int _next;
        private bool _closed;
        private long _t;

        /// <summary>
        /// <paramref name="audio"/>: what the phone sends from line time 0. <paramref name="changeSamples"/>
        /// (ascending) and <paramref name="closedAfter"/>: at each time, the loop's new state.
        /// </summary>
        public RecordedCaller(short[] audio, long[] changeSamples, bool[] closedAfter)
        {
            if (audio == null) { throw new ArgumentNullException(nameof(audio)); }
            if (changeSamples == null) { throw new ArgumentNullException(nameof(changeSamples)); }
            if (closedAfter == null || closedAfter.Length != changeSamples.Length) { throw new ArgumentException("one state per change", nameof(closedAfter)); }
            for (int i = 1; i < changeSamples.Length; i++)
            {
                if (changeSamples[i] < changeSamples[i - 1]) { throw new ArgumentException("changes out of order", nameof(changeSamples)); }
            }
            _audio = audio;
            _changes = changeSamples;
            _states = closedAfter;
        }

        /// <summary>Line time reached (samples produced).</summary>
        public long NowSamples { get { return _t; } }

        /// <summary>The loop state at the line time reached.</summary>
        public bool LoopClosed { get { return _closed; } }

        /// <summary>True once every hook change has been produced and the recording has ended.</summary>
        public bool Finished { get { return _next >= _changes.Length && _t >= _audio.Length; } }

        /// <inheritdoc/>
        public void Produce(short[] tx, bool[] closed, int count)
        {
            for (int i = 0; i < count; i++, _t++)
            {
                while (_next < _changes.Length && _changes[_next] <= _t) { _closed = _states[_next++]; }
                closed[i] = _closed;
                tx[i] = _closed && _t < _audio.Length ? _audio[_t] : (short)0;
            }
        }
    }
}
