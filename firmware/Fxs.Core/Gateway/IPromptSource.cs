using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;

namespace Fxs.Core.Gateway
{
    /// <summary>
    /// Where the port's guidance audio comes from: the board's storage (flash, SD, resources; on
    /// hosts the files of prompts/ja/ named by <see cref="PromptCatalogue.FileName"/>). Looked up
    /// when a prompt starts: must not block or allocate; load everything at boot.
    /// </summary>
    public interface IPromptSource
    {
        /// <summary>The audio of <paramref name="id"/>, or null when the board has none (the prompt is then skipped).</summary>
        PromptAudio? Find(PromptId id);
    }
}
