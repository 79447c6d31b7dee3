using Fxs.Core.Line;

namespace Fxs.Cli.Run;

/// <summary>
/// The daemon's stand-in for the gateway's voice stack: it places no call. On a gateway the
/// numbers that are not the access number belong to the carrier's voice stack (SIP), which the
/// board integrator connects through <see cref="IOutgoingCalls"/>; until then call control
/// refuses them as it does any call the stack refuses, and the log says so.
/// </summary>
internal sealed class NoVoiceStack : IOutgoingCalls
{
    public bool Place(char[] digits, int length, long nowSamples) => false;

    public void Heard(short[] samples, int count) { }

    public bool FillPlayed(short[] samples, int count) => false;

    public void Release(long nowSamples) { }
}
