using Fxs.Config;
using System.Globalization;

namespace Fxs.Boards.Parsing
{
    /// <summary>Reads each section of a board file into its model, checking every field on the way.</summary>
    internal static class SectionReaders
    {
        private static readonly string[] InputFields = { "line", "activeLow", "bias", "onExpander" };
        internal static readonly string[] GpioFields = { "driver", "chip", "expander", "shk", "rm", "fr", "pd" };
        internal static readonly string[] AudioFields = { "capture", "playback", "format", "periodFrames", "bufferPeriods" };
        internal static readonly string[] RingingFields = { "frequencyHz" };
        internal static readonly string[] SimFields = { "echoReturnLossDb", "noiseDbm0", "format", "seed" };
        internal static readonly string[] NanoFields = { "target", "build" };

        /// <summary>"an integer GPIO line 0-1023": the words every line number is checked with.</summary>
        internal static readonly string GpioLineExpected = Range("an integer GPIO line", BoardLimits.MinGpioLine, BoardLimits.MaxGpioLine);

        /// <summary><paramref name="what"/> followed by its range, as error messages write it.</summary>
        internal static string Range(string what, int min, int max) =>
            what + " " + min.ToString(CultureInfo.InvariantCulture) + "-" + max.ToString(CultureInfo.InvariantCulture);

        internal static GpioSection Gpio(JsonObjectReader gpio, LineRegistry lines)
        {
            GpioDriverKind driver = gpio.RequiredChoice("driver", BoardChoices.Driver, "a GPIO driver");
            int chip = gpio.RequiredInt("chip", 0, int.MaxValue, "a gpiochip number ≥ 0 (/dev/gpiochipN)");
            ExpanderSection? expander = ExpanderReader.Read(gpio, lines);
            GpioLine shk = Line(gpio, "shk", input: true, lines, expander: expander)!;
            GpioLine rm = Line(gpio, "rm", input: false, lines, expander: expander)!;
            GpioLine fr = Line(gpio, "fr", input: false, lines, expander: expander)!;
            GpioLine? pd = Line(gpio, "pd", input: false, lines, optional: true, expander: expander);
            ExpanderReader.CheckInterrupt(gpio, expander, shk);
            return new GpioSection(driver, chip, shk, rm, fr, pd, expander);
        }

        /// <summary>
        /// The line in field <paramref name="name"/>: an input has a bias, an output must not (a
        /// bias on an output says the author took it for an input). Null only when optional and absent.
        /// </summary>
        internal static GpioLine? Line(JsonObjectReader owner, string name, bool input, LineRegistry lines, bool optional = false,
            ExpanderSection? expander = null)
        {
            string what = input
                ? "an input line object {\"line\", \"activeLow\", \"bias\"} (and \"onExpander\")"
                : "an output line object {\"line\", \"activeLow\"} (and \"onExpander\")";
            if (optional && !owner.Has(name)) { return null; }
            JsonObjectReader pin = input
                ? owner.RequiredObject(name, what, InputFields)
                : OpenOutput(owner, name, what);
            bool onExpander = pin.Has("onExpander") && pin.RequiredBool("onExpander", "true (the line is a pin of gpio.expander) or false");
            if (onExpander && expander is null)
            {
                throw pin.Error("onExpander", "a gpio.expander section for a line on an expander", "true without one");
            }
            int line = onExpander
                ? pin.RequiredInt("line", 0, expander!.PinCount - 1, Range("an expander pin", 0, expander.PinCount - 1))
                : pin.RequiredInt("line", BoardLimits.MinGpioLine, BoardLimits.MaxGpioLine, GpioLineExpected);
            bool activeLow = pin.RequiredBool("activeLow", "true or false (written out: a guess would invert the signal)");
            GpioBias? bias = input ? pin.RequiredChoice("bias", BoardChoices.Bias, "an input bias") : null;
            if (onExpander && bias == GpioBias.PullDown)
            {
                throw pin.Error("bias", "pull-up or none (the expander has pull-ups only)", "\"pull-down\"");
            }
            lines.Claim(pin, "line", line, onExpander);
            return new GpioLine(line, activeLow, bias, onExpander);
        }

        private static JsonObjectReader OpenOutput(JsonObjectReader owner, string name, string what)
        {
            // Checked before the general unknown-field error, which would only list the fields.
            JsonObjectReader pin = owner.RequiredObject(name, what, InputFields);
            if (pin.Has("bias")) { throw pin.Error("bias", "no bias on an output line (bias is for inputs: shk)", "a bias"); }
            return pin;
        }

        internal static AudioSection Audio(JsonObjectReader audio)
        {
            string capture = audio.RequiredString("capture", "an ALSA PCM name such as \"plughw:CARD=Device,DEV=0\"");
            string playback = audio.RequiredString("playback", "an ALSA PCM name such as \"plughw:CARD=Device,DEV=0\"");
            Fxs.Hal.CodecEncoding format = audio.RequiredChoice("format", BoardChoices.Format, "a sample format");
            int period = audio.RequiredInt("periodFrames", BoardLimits.MinPeriodFrames, BoardLimits.MaxPeriodFrames,
                Range("an ALSA period in 10 ms frames", BoardLimits.MinPeriodFrames, BoardLimits.MaxPeriodFrames));
            int buffer = audio.RequiredInt("bufferPeriods", BoardLimits.MinBufferPeriods, BoardLimits.MaxBufferPeriods,
                Range("an ALSA buffer in periods", BoardLimits.MinBufferPeriods, BoardLimits.MaxBufferPeriods));
            return new AudioSection(capture, playback, format, period, buffer);
        }

        internal static RingingSection Ringing(JsonObjectReader? ringing) =>
            new RingingSection(ringing is null
                ? BoardLimits.DefaultRingingHz
                : ringing.RequiredInt("frequencyHz", BoardLimits.MinRingingHz, BoardLimits.MaxRingingHz,
                    Range("a ringing frequency in Hz (Japan)", BoardLimits.MinRingingHz, BoardLimits.MaxRingingHz)));

        internal static SimSection Sim(JsonObjectReader? sim)
        {
            if (sim is null) { return SimSection.Defaults(); }
            SimSection defaults = SimSection.Defaults();
            int erl = sim.OptionalIntOrOff("echoReturnLossDb", 0, BoardLimits.SimNoEchoReturnLossDb, BoardLimits.SimNoEchoReturnLossDb,
                defaults.EchoReturnLossDb, Range("an echo return loss in dB", 0, BoardLimits.SimNoEchoReturnLossDb) + " or \"off\"");
            int noise = sim.OptionalIntOrOff("noiseDbm0", BoardLimits.SimNoNoiseDbm0, BoardLimits.MaxSimNoiseDbm0, BoardLimits.SimNoNoiseDbm0,
                defaults.NoiseDbm0, Range("a noise level in dBm0", BoardLimits.SimNoNoiseDbm0, BoardLimits.MaxSimNoiseDbm0) + " or \"off\"");
            Fxs.Hal.CodecEncoding format = sim.OptionalChoice("format", BoardChoices.Format, "a sample format", defaults.Format);
            ulong seed = sim.OptionalULong("seed", defaults.Seed, "an unsigned integer seed");
            return new SimSection(erl, noise, format, seed);
        }

        internal static NanoFrameworkSection NanoFramework(JsonObjectReader nano)
        {
            string target = nano.RequiredString("target", TargetExpected);
            if (!IsTargetName(target)) { throw nano.Error("target", TargetExpected, JsonText.Quote(target)); }
            string build = nano.RequiredString("build", "a sentence saying how this board is built (a compile check only)");
            return new NanoFrameworkSection(target, build);
        }

        private const string TargetExpected = "a nanoFramework firmware target name such as \"ESP32_REV3\" (A-Z, 0-9, _)";

        private static bool IsTargetName(string name)
        {
            foreach (char c in name)
            {
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) { return false; }
            }
            return true;
        }
    }
}
