namespace Fxs.Hal
{
    /// <summary>
    /// The ring generator of the analog port. The board rings at its own frequency and voltage
    /// (Japan: 15-20 Hz, 16 Hz usual, 75 V rms −10/+8 V; research/dtmf-receiver.md); the cadence
    /// (1 s on / 2 s off) is the portable <see cref="Line.RingCadence"/>'s. Ring trip is the
    /// board's (see <see cref="IHookSwitch"/>): after a trip <see cref="IsRinging"/> is false
    /// until <see cref="SetRinging"/>(true) is called again.
    /// </summary>
    public interface IRinger
    {
        /// <summary>Applies (true) or removes (false) the ring voltage now.</summary>
        void SetRinging(bool on);

        /// <summary>True while the ring voltage is applied.</summary>
        bool IsRinging { get; }
    }
}
