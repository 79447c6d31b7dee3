using System.Collections.Generic;
using Fxs.Hal;

namespace Fxs.Hal.Linux.Tests;

/// <summary>Raw edges as an <see cref="IHookEdgeListener"/> received them.</summary>
internal sealed class EdgeRecorder : IHookEdgeListener
{
    public readonly List<(bool Closed, long At)> Edges = new();

    public void HookEdge(bool loopClosed, long atSample) => Edges.Add((loopClosed, atSample));
}
