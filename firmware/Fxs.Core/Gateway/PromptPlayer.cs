using System;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;

namespace Fxs.Core.Gateway
{
    /// <summary>
    /// Plays a sequence of prompts back to back (what <see cref="IIvrListener.Play"/> asks for) as
    /// 8 kHz linear samples, frame by frame, from an <see cref="IPromptSource"/>. Portable; the
    /// sequence is copied into a buffer allocated once; nothing is allocated per frame. A prompt
    /// the source does not have is skipped (<see cref="MissingPrompts"/> counts them).
    /// </summary>
    public sealed class PromptPlayer
    {
        /// <summary>Longest sequence taken (the IVR's longest is 19: invalid entry, 15 digits with 2 group pauses, a sentence).</summary>
        public const int MaxSequence = 32;

        private readonly IPromptSource _source;
        private readonly IGatewayMonitor _monitor;
        private readonly PromptId[] _sequence = new PromptId[MaxSequence];
        private int _count;
        private int _index;          // prompt under way
        private int _position;       // next sample of it
        private PromptAudio? _audio; // its audio (null: not looked up yet)
        private bool _playing;

        /// <summary>A silent player reading from <paramref name="source"/>, telling <paramref name="monitor"/> what starts.</summary>
        public PromptPlayer(IPromptSource source, IGatewayMonitor monitor)
        {
            if (source == null) { throw new ArgumentNullException(nameof(source)); }
            if (monitor == null) { throw new ArgumentNullException(nameof(monitor)); }
            _source = source;
            _monitor = monitor;
        }

        /// <summary>A sequence is playing (not finished, not stopped).</summary>
        public bool IsPlaying { get { return _playing; } }

        /// <summary>The prompt under way (<see cref="PromptId.None"/> when silent).</summary>
        public PromptId Current { get { return _playing && _index < _count ? _sequence[_index] : PromptId.None; } }

        /// <summary>Prompts skipped because the source had no audio for them.</summary>
        public int MissingPrompts { get; private set; }

        /// <summary>Starts the first <paramref name="count"/> prompts of <paramref name="sequence"/>, replacing anything playing.</summary>
        public void Play(PromptId[] sequence, int count)
        {
            if (sequence == null) { throw new ArgumentNullException(nameof(sequence)); }
            if (count < 0 || count > MaxSequence || count > sequence.Length) { throw new ArgumentOutOfRangeException(nameof(count)); }
            for (int i = 0; i < count; i++) { _sequence[i] = sequence[i]; }
            _count = count;
            _index = 0;
            _position = 0;
            _audio = null;
            _playing = true;
        }

        /// <summary>Stops at once (the rest of the sequence is dropped).</summary>
        public void Stop()
        {
            _playing = false;
            _audio = null;
            _count = 0;
        }

        /// <summary>
        /// Writes <paramref name="count"/> samples at <paramref name="offset"/> (silence after the end) for
        /// line time <paramref name="now"/> (reported with each prompt that starts). True when the
        /// sequence ended within these samples (it is then no longer playing): report it to the IVR.
        /// </summary>
        public bool Fill(short[] buffer, int offset, int count, long now)
        {
            int written = 0;
            while (_playing && written < count)
            {
                if (_audio == null)
                {
                    if (_index >= _count) { break; }
                    _audio = _source.Find(_sequence[_index]);
                    _position = 0;
                    if (_audio == null)
                    {
                        MissingPrompts++;
                        _index++;
                        continue;
                    }
                    _monitor.PromptStarted(_sequence[_index], now);
                }
                int n = _audio.ReadLinear(_position, buffer, offset + written, count - written);
                _position += n;
                written += n;
                if (_position >= _audio.SampleCount)
                {
                    _audio = null;
                    _index++;
                    if (_index >= _count) { break; }
                }
            }
            for (int i = offset + written; i < offset + count; i++) { buffer[i] = 0; }
            if (_playing && _audio == null && _index >= _count)
            {
                _playing = false;
                return true;
            }
            return false;
        }
    }
}
