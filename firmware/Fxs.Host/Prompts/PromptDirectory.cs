using System;
using System.IO;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;

namespace Fxs.Hal.Sim
{
    /// <summary>
    /// The host's <see cref="IPromptSource"/>: every prompt of the catalogue loaded at construction
    /// from a folder of 8 kHz µ-law WAVs named by <see cref="PromptCatalogue.FileName"/> (the
    /// committed prompts/ja/). Lookups allocate nothing.
    /// </summary>
    public sealed class SimPromptSource : IPromptSource
    {
        private readonly PromptAudio?[] _audio = new PromptAudio?[32];

        /// <summary>
        /// Loads every prompt from <paramref name="directory"/>. Throws <see cref="FileNotFoundException"/>
        /// naming the first file missing, <see cref="PromptAudioException"/> for a file in the wrong format.
        /// </summary>
        public SimPromptSource(string directory)
        {
            if (directory == null) { throw new ArgumentNullException(nameof(directory)); }
            Directory = directory;
            for (int i = 0; i < PromptCatalogue.Count; i++)
            {
                PromptId id = PromptCatalogue.At(i);
                string path = Path.Combine(directory, PromptCatalogue.FileName(id)!);
                if (!File.Exists(path)) { throw new FileNotFoundException("prompt " + id + " missing: " + path, path); }
                _audio[(int)id] = PromptAudio.FromWav(File.ReadAllBytes(path));
            }
        }

        /// <summary>Where the prompts were read from.</summary>
        public string Directory { get; }

        /// <summary>
        /// prompts/ja/ next to the running assembly (test and CLI projects copy the committed files
        /// there), else found by walking up from it to the repository's prompts/ja/.
        /// </summary>
        public static string DefaultDirectory()
        {
            string beside = Path.Combine(AppContext.BaseDirectory, "prompts", PromptCatalogue.Language);
            if (System.IO.Directory.Exists(beside)) { return beside; }
            for (DirectoryInfo? d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "prompts", PromptCatalogue.Language);
                if (File.Exists(Path.Combine(candidate, "catalogue.tsv"))) { return candidate; }
            }
            return beside;
        }

        /// <inheritdoc/>
        public PromptAudio? Find(PromptId id)
        {
            int i = (int)id;
            return i > 0 && i < _audio.Length ? _audio[i] : null;
        }
    }
}
