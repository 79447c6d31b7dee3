namespace Fxs.Hal.Linux
{
    /// <summary>
    /// What a hook switch tells the ring generator the moment the loop closes (ring trip, see
    /// <see cref="IHookSwitch"/>): called on the GPIO driver's event thread, before the edge is
    /// decoded, so the ring voltage is cut within the driver's latency rather than a frame later.
    /// </summary>
    public interface IRingTrip
    {
        /// <summary>The loop closed (raw edge, bounce included): stop ringing now if ringing.</summary>
        void LoopClosed();
    }
}
