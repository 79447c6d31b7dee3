using Fxs.Hal;

namespace Fxs.Boards
{
    /// <summary>
    /// A nanoFramework board (JSON section <c>nanoframework</c>, required on nanoframework boards).
    /// Built as a compile check only: see <see cref="Build"/>.
    /// </summary>
    public sealed class NanoFrameworkSection
    {
        /// <summary>nanoFramework firmware target name, e.g. <c>ESP32_REV3</c> (what nanoff would flash).</summary>
        public string Target { get; }

        /// <summary>What building this board does, in words (the file must say it: a compile check, not a flashable image).</summary>
        public string Build { get; }

        /// <summary>SHK input (GPIO number).</summary>
        public GpioLine Shk { get; }

        /// <summary>RM output (GPIO number).</summary>
        public GpioLine Rm { get; }

        /// <summary>F/R output (GPIO number).</summary>
        public GpioLine Fr { get; }

        /// <summary>PD output (GPIO number); null when not wired.</summary>
        public GpioLine? Pd { get; }

        /// <summary>The I2S/PCM codec that turns the SLIC's analog VTX/VRX into samples.</summary>
        public PcmCodec Codec { get; }

        internal NanoFrameworkSection(string target, string build, GpioLine shk, GpioLine rm, GpioLine fr, GpioLine? pd, PcmCodec codec)
        {
            Target = target;
            Build = build;
            Shk = shk;
            Rm = rm;
            Fr = fr;
            Pd = pd;
            Codec = codec;
        }
    }

    /// <summary>An I2S/PCM codec on a microcontroller's serial audio port (JSON <c>nanoframework.codec</c>).</summary>
    public sealed class PcmCodec
    {
        /// <summary>The codec part, e.g. <c>TP3054</c>.</summary>
        public string Chip { get; }

        /// <summary>Master clock output GPIO; null when the codec needs none.</summary>
        public int? Mclk { get; }

        /// <summary>Bit clock GPIO.</summary>
        public int Bclk { get; }

        /// <summary>Word select / frame sync GPIO (8 kHz).</summary>
        public int Ws { get; }

        /// <summary>Serial data from the codec (what the line sends) GPIO.</summary>
        public int DataIn { get; }

        /// <summary>Serial data to the codec (what the gateway plays) GPIO.</summary>
        public int DataOut { get; }

        /// <summary>Sample format on the serial port.</summary>
        public CodecEncoding Format { get; }

        internal PcmCodec(string chip, int? mclk, int bclk, int ws, int dataIn, int dataOut, CodecEncoding format)
        {
            Chip = chip;
            Mclk = mclk;
            Bclk = bclk;
            Ws = ws;
            DataIn = dataIn;
            DataOut = dataOut;
            Format = format;
        }
    }
}
