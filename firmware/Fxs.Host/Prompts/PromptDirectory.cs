using System;
using System.IO;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;

namespace Fxs.Host.Prompts
{
    /// <summary>
    /// The host's <see cref="IPromptSource"/>: every prompt of the catalogue loaded at construction
    /// from a folder of 8 kHz µ-law WAVs named by <see cref="PromptCatalogue.FileName"/> (the
    /// committed prompts/ja/). Lookups allocate nothing.
    /// </summary>
    public sealed class PromptDirectory : IPromptSource
    {
        private readonly PromptAudio?[] _audio = new PromptAudio?[32];

        /// <summary>
        /// Loads every prompt from <paramref name="directory"/>. Throws <see cref="FileNotFoundException"/>
        /// naming the first file missing, <see cref="PromptAudioException"/> for a file in the wrong format.
        /// </summary>
        public PromptDirectory(string directory)
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
        /// prompts/ja/ beside the running program, the one place guidance is looked for by default: every
        /// build and publish of a program that references the host layer copies the committed prompts/ja/
        /// there (Fxs.Host.csproj), so a gateway, a bench build and a test run all find it beside
        /// themselves. Nothing walks parent folders looking for a repository checkout; elsewhere, say
        /// where with --prompts.
        /// </summary>
        public static string DefaultDirectory() => Path.Combine(AppContext.BaseDirectory, "prompts", PromptCatalogue.Language);

        /// <inheritdoc/>
        public PromptAudio? Find(PromptId id)
        {
            int i = (int)id;
            return i > 0 && i < _audio.Length ? _audio[i] : null;
        }
    }
}
