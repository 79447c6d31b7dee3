namespace Fxs.Hal.Sim
{
    /// <summary>
    /// The gateway side of a <see cref="SimBoard"/> (call control, or a test standing in for it):
    /// called once per 10 ms frame, after the frame's hook edges and its heard frame are ready
    /// and the clock has moved to the frame's end. It reads heard frames from
    /// <see cref="SimBoard.Codec"/> and writes the frame to play next.
    /// </summary>
    public interface ISimFrameClient
    {
        /// <summary>One frame has passed on <paramref name="board"/>.</summary>
        void OnFrame(SimBoard board);
    }
}
