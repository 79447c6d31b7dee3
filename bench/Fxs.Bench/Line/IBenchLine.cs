using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Bench.Line;

/// <summary>
/// One gateway port on a simulated line with a model phone, as the line bench needs it (the CLI
/// supplies the sim board's: Fxs.Bench does not depend on the sim). The phone touches only the hook
/// and audio; time moves in 10 ms frames as its script runs.
/// </summary>
public interface IBenchLine
{
    /// <summary>The port under test.</summary>
    GatewayPort Port { get; }

    /// <summary>Line time where the phone's script ends (sample-exact; the board runs whole frames up to it).</summary>
    long ScriptEndSample { get; }

    /// <summary>Line time reached by the board (end of the last frame).</summary>
    long NowSamples { get; }

    /// <summary>Lifts the handset at the end of the script.</summary>
    void OffHook();

    /// <summary>Hangs up at the end of the script.</summary>
    void OnHook();

    /// <summary>Holds the line, silent.</summary>
    void Wait(int ms);

    /// <summary>Keys DTMF at −10 dBm0 (+2 dB twist): each tone <paramref name="toneMs"/>, then <paramref name="pauseMs"/> of silence.</summary>
    void Dtmf(string keys, int toneMs, int pauseMs);
}

/// <summary>Makes <see cref="IBenchLine"/>s (the CLI's: the sim board) and gives the guidance they play.</summary>
public interface IBenchLineFactory
{
    /// <summary>The guidance audio the ports play.</summary>
    IPromptSource Prompts { get; }

    /// <summary>A fresh port and phone for <paramref name="line"/> reporting to <paramref name="monitor"/>; <paramref name="seed"/> seeds the line noise.</summary>
    IBenchLine Create(LineConfiguration line, IGatewayMonitor monitor, int seed);

    /// <summary>CPU-heavy part of the sim not in the port: runs <paramref name="frames"/> frames of an idle line with no port (for the overhead row).</summary>
    void RunBoardOnly(int frames);
}
