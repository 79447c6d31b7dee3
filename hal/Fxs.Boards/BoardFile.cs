using System;
using System.IO;
using System.Text.Json;
using Fxs.Boards.Parsing;
using Fxs.Config;

namespace Fxs.Boards
{
    /// <summary>
    /// Finds, reads and validates board files (boards/NAME.json), by the policy every configuration
    /// file shares (<see cref="ConfigJson"/>: comments and trailing commas allowed). Every fault throws <see cref="BoardFileException"/> naming the
    /// file, the field and what was expected; the first fault is reported, not a list.
    /// </summary>
    public static class BoardFile
    {
        /// <summary>The extension of a board file.</summary>
        public const string Extension = ".json";

        private static readonly string[] RootFields =
            { "name", "description", "kind", "runtimes", "echoDelayFrames", "sim", "gpio", "audio", "ringing", "nanoframework", "external" };

        /// <summary>The sections each kind may have, in <see cref="BoardKind"/> order.</summary>
        private static readonly string[][] SectionsOf =
        {
            new[] { "sim" },
            new[] { "gpio", "audio", "ringing" },
            new[] { "nanoframework", "ringing" },
            new[] { "external" },
        };

        private static readonly string[] AllSections = { "sim", "gpio", "audio", "ringing", "nanoframework", "external" };

        /// <summary>
        /// The board file <paramref name="nameOrPath"/> stands for: a path (it has a <c>/</c> or <c>\</c>,
        /// or ends in <c>.json</c>) as it is; a board name as <paramref name="boardsDirectory"/>/NAME.json,
        /// which must exist (else the error lists the boards there, with a suggestion).
        /// </summary>
        public static string Resolve(string nameOrPath, string boardsDirectory)
        {
            if (nameOrPath.IndexOf('/') >= 0 || nameOrPath.IndexOf('\\') >= 0
                || nameOrPath.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
            {
                return nameOrPath;
            }
            string path = Path.Combine(boardsDirectory, nameOrPath + Extension);
            if (File.Exists(path)) { return path; }
            string[] known = BoardNames(boardsDirectory);
            throw new BoardFileException(path, string.Empty,
                known.Length == 0
                    ? "a board name, but " + boardsDirectory + " has no board files"
                    : "a board name: one of " + string.Join(", ", known),
                JsonText.Quote(nameOrPath) + Suggestions.DidYouMean(nameOrPath, known));
        }

        /// <summary>The names of the board files in <paramref name="boardsDirectory"/>, sorted (empty if it does not exist).</summary>
        public static string[] BoardNames(string boardsDirectory)
        {
            if (!Directory.Exists(boardsDirectory)) { return Array.Empty<string>(); }
            string[] files = Directory.GetFiles(boardsDirectory, "*" + Extension);
            var names = new string[files.Length];
            for (int i = 0; i < files.Length; i++) { names[i] = Path.GetFileNameWithoutExtension(files[i]); }
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }

        /// <summary>Reads and validates the board file at <paramref name="path"/>.</summary>
        public static BoardDefinition Load(string path)
        {
            try
            {
                return Parse(ConfigJson.ReadText(path, "a readable board file"), path);
            }
            catch (ConfigFileException e)
            {
                throw BoardFileException.From(e);
            }
        }

        /// <summary>
        /// Validates <paramref name="json"/>, the text of the board file at <paramref name="sourcePath"/>
        /// (whose file name the board's <c>name</c> must equal).
        /// </summary>
        public static BoardDefinition Parse(string json, string sourcePath)
        {
            try
            {
                using JsonDocument document = ConfigJson.Parse(json, sourcePath);
                return Read(document.RootElement, sourcePath);
            }
            catch (ConfigFileException e)
            {
                throw BoardFileException.From(e);
            }
        }

        /// <summary>The name (without .json) a board file has inside a published artefact, whatever its board.</summary>
        public const string InstalledFileName = "board";

        private static BoardDefinition Read(JsonElement root, string file)
        {
            JsonObjectReader board = JsonObjectReader.Open(root, file, string.Empty, "a board object { \"name\", \"kind\", ... }", RootFields);

            string name = board.RequiredString("name", "the board's name (its file name without .json)");
            string fileName = Path.GetFileNameWithoutExtension(file);
            if (!IsBoardName(name))
            {
                throw board.Error("name", "a board name of lowercase letters, digits and '-'", JsonText.Quote(name));
            }
            // An artefact installs its board's file as board.json (deploy/publish.cake): that copy keeps its board's name.
            if (!string.Equals(name, fileName, StringComparison.Ordinal) && !string.Equals(fileName, InstalledFileName, StringComparison.Ordinal))
            {
                throw board.Error("name", JsonText.Quote(fileName) + " (the file's name without .json)", JsonText.Quote(name));
            }

            BoardKind kind = board.RequiredChoice("kind", BoardChoices.Kind, "a board kind");
            string kindName = BoardChoices.Kind.NameOf(kind);
            foreach (string section in AllSections)
            {
                string[] allowed = SectionsOf[(int)kind];
                if (board.Has(section) && Array.IndexOf(allowed, section) < 0)
                {
                    throw board.Error(section, "no \"" + section + "\" section on " + (kindName[0] == 'e' ? "an " : "a ") + kindName + " board (it takes: " + string.Join(", ", allowed) + ")",
                        "a \"" + section + "\" section");
                }
            }

            string description = board.RequiredString("description", "a one-line description of the hardware");
            string[] runtimes = board.OptionalChoiceArray("runtimes", BoardChoices.Runtime, "a .NET runtime identifier");
            if (kind == BoardKind.NanoFramework)
            {
                if (runtimes.Length > 0)
                {
                    throw board.Error("runtimes", "no runtimes on a nanoframework board (it is built as a compile check, not published)",
                        JsonText.Quote(runtimes[0]));
                }
            }
            else if (runtimes.Length == 0)
            {
                throw board.Error("runtimes", "at least one .NET runtime identifier: " + BoardChoices.Runtime.Listed,
                    board.Has("runtimes") ? "an empty array" : JsonObjectReader.Missing);
            }

            string echoExpected = SectionReaders.Range("an echo delay in 10 ms frames", BoardLimits.MinEchoDelayFrames, BoardLimits.MaxEchoDelayFrames);
            int echoDelay = kind == BoardKind.Sim
                ? board.OptionalInt("echoDelayFrames", BoardLimits.MinEchoDelayFrames, BoardLimits.MaxEchoDelayFrames, BoardLimits.MinEchoDelayFrames, echoExpected)
                : board.RequiredInt("echoDelayFrames", BoardLimits.MinEchoDelayFrames, BoardLimits.MaxEchoDelayFrames, echoExpected);

            var lines = new LineRegistry();
            switch (kind)
            {
                case BoardKind.Sim:
                    return new BoardDefinition(name, description, kind, runtimes, echoDelay, file,
                        SectionReaders.Sim(board.OptionalObject("sim", "a sim object", SectionReaders.SimFields)),
                        null, null, null, null);
                case BoardKind.LinuxGpio:
                    GpioSection gpio = SectionReaders.Gpio(board.RequiredObject("gpio", "a gpio object {\"driver\", \"chip\", \"shk\", \"rm\", \"fr\"}", SectionReaders.GpioFields), lines);
                    AudioSection audio = SectionReaders.Audio(board.RequiredObject("audio", "an audio object {\"capture\", \"playback\", \"format\", \"periodFrames\", \"bufferPeriods\"}", SectionReaders.AudioFields));
                    RingingSection ringing = SectionReaders.Ringing(board.OptionalObject("ringing", "a ringing object {\"frequencyHz\"}", SectionReaders.RingingFields));
                    return new BoardDefinition(name, description, kind, runtimes, echoDelay, file, null, gpio, audio, ringing, null);
                case BoardKind.External:
                    return new BoardDefinition(name, description, kind, runtimes, echoDelay, file, null, null, null, null, null,
                        ExternalReader.Read(board.RequiredObject("external", ExternalReader.What, ExternalReader.Fields)));
                default:
                    NanoFrameworkSection nano = SectionReaders.NanoFramework(board.RequiredObject("nanoframework", "a nanoframework object {\"target\", \"build\"}", SectionReaders.NanoFields));
                    RingingSection nanoRinging = SectionReaders.Ringing(board.OptionalObject("ringing", "a ringing object {\"frequencyHz\"}", SectionReaders.RingingFields));
                    return new BoardDefinition(name, description, kind, runtimes, echoDelay, file, null, null, null, nanoRinging, nano);
            }
        }

        private static bool IsBoardName(string name)
        {
            if (name[0] == '-') { return false; }
            foreach (char c in name)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) { return false; }
            }
            return true;
        }
    }
}
