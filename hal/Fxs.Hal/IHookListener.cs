namespace Fxs.Hal
{
    /// <summary>
    /// What the hook signals mean, as <see cref="Line.HookSignalDecoder"/> decides them: the
    /// events call control acts on. Called from inside the decoder; must not block or allocate.
    /// Times are line samples (<see cref="IMonotonicClock"/>).
    /// </summary>
    public interface IHookListener
    {
        /// <summary>The phone went off hook: the loop closed at <paramref name="atSample"/>.</summary>
        void OffHook(long atSample);

        /// <summary>
        /// The phone hung up: the loop opened at <paramref name="atSample"/> and stayed open longer
        /// than a flash (reported that much later).
        /// </summary>
        void OnHook(long atSample);

        /// <summary>A hook flash: the loop opened at <paramref name="breakSample"/> and closed again at <paramref name="makeSample"/>.</summary>
        void HookFlash(long breakSample, long makeSample);

        /// <summary>
        /// A dial-pulse digit ('1'..'9', '0' for ten breaks): its first break began at
        /// <paramref name="firstBreakSample"/>, its last break ended at <paramref name="lastMakeSample"/>;
        /// reported once the inter-digit pause has shown the train is over.
        /// </summary>
        void PulseDigit(char digit, long firstBreakSample, long lastMakeSample);
    }
}
