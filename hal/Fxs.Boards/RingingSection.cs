namespace Fxs.Boards
{
    /// <summary>
    /// How the board rings (JSON section <c>ringing</c>, optional on linux-gpio and nanoframework boards).
    /// An Ag1171 makes ring voltage while RM is asserted by following F/R: the firmware toggles F/R
    /// at this frequency; the cadence (1 s on / 2 s off) is hal/Fxs.Hal/Line/RingCadence's.
    /// </summary>
    public sealed class RingingSection
    {
        /// <summary>Ringing frequency, Hz, <see cref="BoardLimits.MinRingingHz"/>..<see cref="BoardLimits.MaxRingingHz"/> (Japan; default 16).</summary>
        public int FrequencyHz { get; }

        internal RingingSection(int frequencyHz)
        {
            FrequencyHz = frequencyHz;
        }
    }
}
