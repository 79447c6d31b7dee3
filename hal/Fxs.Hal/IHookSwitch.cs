namespace Fxs.Hal
{
    /// <summary>
    /// The loop-current detector of the analog port: the loop is closed when the phone is off
    /// hook (and during the makes of dial pulses), open when it is on hook (and during breaks).
    /// The board reports raw edges, bounce included, each with the line time it happened at;
    /// debouncing and the meaning of edges (off-hook, on-hook, flash, dial pulses) are the
    /// portable <see cref="Line.HookSignalDecoder"/>'s, so every board decodes alike.
    /// <para>
    /// Contract: edges arrive in time order, alternate (closed, open, closed, ...), carry the
    /// time the loop state changed to within 1 ms, and are delivered before the frame that
    /// follows them is handed to the caller. A board that polls its detector pin does so at
    /// least every 1 ms. Ring trip (off-hook while ringing) is the board's: it cuts the ring
    /// voltage itself and reports the loop closing as an ordinary edge; ring current must not
    /// show as edges.
    /// </para>
    /// </summary>
    public interface IHookSwitch
    {
        /// <summary>The loop state now (raw, not debounced): true when loop current flows.</summary>
        bool LoopClosed { get; }

        /// <summary>Sets the one receiver of edges (null: none).</summary>
        void SetEdgeListener(IHookEdgeListener? listener);
    }

    /// <summary>Receives raw loop-state edges from an <see cref="IHookSwitch"/>. Must not block or allocate.</summary>
    public interface IHookEdgeListener
    {
        /// <summary>The loop became closed (<paramref name="loopClosed"/>) or open at <paramref name="atSample"/>.</summary>
        void HookEdge(bool loopClosed, long atSample);
    }
}
