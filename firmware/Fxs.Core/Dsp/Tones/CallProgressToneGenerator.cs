using Fxs.Hal;
namespace Fxs.Core.Dsp
{
    /// <summary>
    /// Japanese call-progress tones as 8 kHz line audio, cadence counted in samples. Sources:
    /// Business Telecommunications Facilities Rules (事業用電気通信設備規則) appended table 5,
    /// summarised in research/ivr-features.md and dtmf-receiver.md.
    /// </summary>
    /// <remarks>
    /// Every on-period starts the 400 Hz carrier (and the 16 Hz modulator) at phase 0, so all
    /// bursts are identical; a busy burst is exactly 200 carrier cycles and a ringback burst
    /// exactly 16 modulation cycles, so bursts also end at a zero crossing (no clicks).
    /// </remarks>
    public sealed class CallProgressToneGenerator
    {
        /// <summary>Carrier of every Japanese call-progress tone, Hz.</summary>
        public const int CarrierHz = 400;

        /// <summary>Ringback modulation frequency, Hz (rule: 15-20 Hz; 16 Hz is the usual value).</summary>
        public const int RingbackModulationHz = 16;

        /// <summary>Busy tone on-time, samples: 0.5 s at 8 kHz.</summary>
        public const int BusyOnSamples = 4000;

        /// <summary>Busy tone period (on + off), samples: 1 s at 8 kHz.</summary>
        public const int BusyPeriodSamples = 1000 * LineTime.SamplesPerMs;

        /// <summary>Ringback on-time, samples: 1 s at 8 kHz.</summary>
        public const int RingbackOnSamples = 1000 * LineTime.SamplesPerMs;

        /// <summary>Ringback period (on + off), samples: 3 s at 8 kHz.</summary>
        public const int RingbackPeriodSamples = 24000;

        /// <summary>
        /// Default level, tenths of dBm0: -20.0 dBm0. The rule puts dial tone between -22-L and
        /// -19 dBm at the line (L = line loss, dB); a gateway's in-house line has L ≈ 0 and our
        /// codec path has 0 dB gain, so -20 dBm0 sits inside with 1 dB to spare above.
        /// </summary>
        public const int DefaultLevelDeciDbm0 = -200;

        private readonly ToneOscillator _carrier = new ToneOscillator();
        private readonly uint _modulatorStep;
        private uint _modulatorPhase;
        private CallProgressTone _tone;
        private int _levelDeciDbm0;
        private int _onSamples;
        private int _periodSamples; // 0: continuous
        private int _position;      // samples since the current period began

        /// <summary>Creates a silent generator at <see cref="DefaultLevelDeciDbm0"/>.</summary>
        public CallProgressToneGenerator()
        {
            _carrier.SetFrequency(CarrierHz, 0);
            _modulatorStep = ToneOscillator.PhaseStep(RingbackModulationHz, 0);
            LevelDeciDbm0 = DefaultLevelDeciDbm0;
        }

        /// <summary>
        /// Level of the 400 Hz carrier in tenths of dBm0 (at most +30), effective at once. For
        /// ringback it is the envelope's peak: 100 % modulation puts the mean power of an
        /// on-period 4.26 dB lower (3/8 of the carrier's power).
        /// </summary>
        public int LevelDeciDbm0
        {
            get { return _levelDeciDbm0; }
            set
            {
                _carrier.SetLevel(value);
                _levelDeciDbm0 = value;
            }
        }

        /// <summary>The tone being played.</summary>
        public CallProgressTone Tone { get { return _tone; } }

        /// <summary>Starts <paramref name="tone"/> from the beginning of its first on-period.</summary>
        public void Start(CallProgressTone tone)
        {
            _tone = tone;
            _position = 0;
            if (tone == CallProgressTone.Busy) { _onSamples = BusyOnSamples; _periodSamples = BusyPeriodSamples; }
            else if (tone == CallProgressTone.Ringback) { _onSamples = RingbackOnSamples; _periodSamples = RingbackPeriodSamples; }
            else { _onSamples = 0; _periodSamples = 0; }
            _carrier.ResetPhase();
            _modulatorPhase = 0;
        }

        /// <summary>Writes (does not add) <paramref name="count"/> samples; continuous across calls.</summary>
        public void Fill(short[] buffer, int offset, int count)
        {
            int end = offset + count;
            if (_tone == CallProgressTone.None)
            {
                for (int i = offset; i < end; i++) { buffer[i] = 0; }
                return;
            }
            if (_tone == CallProgressTone.Dial)
            {
                for (int i = offset; i < end; i++) { buffer[i] = (short)_carrier.Next(); }
                return;
            }
            bool modulated = _tone == CallProgressTone.Ringback;
            for (int i = offset; i < end; i++)
            {
                if (_position == 0)
                {
                    _carrier.ResetPhase();
                    _modulatorPhase = 0;
                }
                int sample = 0;
                if (_position < _onSamples)
                {
                    sample = _carrier.Next();
                    if (modulated) { sample = Modulate(sample); }
                }
                buffer[i] = (short)sample;
                _position++;
                if (_position == _periodSamples) { _position = 0; }
            }
        }

        // 100 % amplitude modulation, envelope (1 - cos(2π·16·t)) / 2: it starts each burst at 0,
        // so the burst fades in. The rule names the modulating frequency, not the depth; 100 % is
        // our choice (clearly audible, click-free).
        private int Modulate(int carrierSample)
        {
            int envelope = (SineTable.FullScale - SineTable.Sin(unchecked(_modulatorPhase + SineTable.QuarterTurn))) >> 1; // Q15, 0..32767
            _modulatorPhase = unchecked(_modulatorPhase + _modulatorStep);
            return (carrierSample * envelope + 0x4000) >> 15;
        }
    }
}
