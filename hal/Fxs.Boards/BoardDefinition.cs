namespace Fxs.Boards
{
    /// <summary>
    /// One board as its file in boards/ defines it, validated (<see cref="BoardFile.Load"/>). Sections a
    /// kind does not have are null: <see cref="Sim"/> for sim boards; <see cref="Gpio"/>,
    /// <see cref="Audio"/> and <see cref="Ringing"/> for linux-gpio; <see cref="NanoFramework"/> and
    /// <see cref="Ringing"/> for nanoframework.
    /// </summary>
    public sealed class BoardDefinition
    {
        /// <summary>The board's name: its file name without <c>.json</c> (lowercase letters, digits, '-').</summary>
        public string Name { get; }

        /// <summary>One line for people: what hardware this is.</summary>
        public string Description { get; }

        /// <summary>What the board is built from.</summary>
        public BoardKind Kind { get; }

        /// <summary>.NET runtime identifiers the Publish target builds for it (<c>linux-arm64</c>, <c>linux-x64</c>); empty for nanoframework.</summary>
        public string[] Runtimes => (string[])_runtimes.Clone(); // a copy: the definition stays immutable

        private readonly string[] _runtimes;

        /// <summary>
        /// Frames (10 ms) from a played frame being queued to its echo in a heard frame, <see cref="BoardLimits.MinEchoDelayFrames"/>..<see cref="BoardLimits.MaxEchoDelayFrames"/>:
        /// where the gateway port's echo canceller starts its window. A hint: its bulk-delay estimator
        /// finds the echo up to 64 ms after the frame queued last and moves the window there.
        /// </summary>
        public int EchoDelayFrames { get; }

        /// <summary>The file this was read from (as given to the loader).</summary>
        public string SourcePath { get; }

        /// <summary>The simulated line's settings (sim boards; defaults when the file has no section).</summary>
        public SimSection? Sim { get; }

        /// <summary>The SLIC's control lines (linux-gpio boards).</summary>
        public GpioSection? Gpio { get; }

        /// <summary>The line audio through ALSA (linux-gpio boards).</summary>
        public AudioSection? Audio { get; }

        /// <summary>Ringing (linux-gpio and nanoframework boards; 16 Hz when the file has no section).</summary>
        public RingingSection? Ringing { get; }

        /// <summary>The microcontroller board (nanoframework boards).</summary>
        public NanoFrameworkSection? NanoFramework { get; }

        /// <summary>The vendor daemon's socket (external boards).</summary>
        public ExternalSection? External { get; }

        internal BoardDefinition(string name, string description, BoardKind kind, string[] runtimes, int echoDelayFrames,
            string sourcePath, SimSection? sim, GpioSection? gpio, AudioSection? audio, RingingSection? ringing,
            NanoFrameworkSection? nanoFramework, ExternalSection? external = null)
        {
            External = external;
            Name = name;
            Description = description;
            Kind = kind;
            _runtimes = runtimes;
            EchoDelayFrames = echoDelayFrames;
            SourcePath = sourcePath;
            Sim = sim;
            Gpio = gpio;
            Audio = audio;
            Ringing = ringing;
            NanoFramework = nanoFramework;
        }
    }
}
