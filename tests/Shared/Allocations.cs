using System;

namespace Fxs.Tests;

/// <summary>
/// The one way the tests measure "allocates nothing" (the design rule: zero allocations per frame in steady
/// state): the bytes this thread allocates while <c>run</c> runs. Linked into every test project that measures.
/// <para>
/// A collection first: a GC started by a test running beside this one (xUnit runs classes, and dotnet test runs
/// assemblies, side by side) retires this thread's allocation context, and the runtime then counts the context's
/// unused rest as allocated by this thread. Once in CI that charged an echo-canceller test 8,032 B that were not
/// its own. After a collection the thread holds no context, so nothing can be retired while <c>run</c> allocates
/// nothing. Warm <c>run</c>'s paths up first (JIT, tiering, first-use statics): they are not per frame.
/// </para>
/// </summary>
internal static class Allocations
{
    /// <summary>Bytes this thread allocated during <paramref name="run"/> (create the delegate before: a closure is allocated then, not here).</summary>
    public static long During(Action run)
    {
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        run();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
