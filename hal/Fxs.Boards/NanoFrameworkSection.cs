namespace Fxs.Boards
{
    /// <summary>
    /// A nanoFramework board (JSON section <c>nanoframework</c>, required on nanoframework boards).
    /// Built as a compile check only: see <see cref="Build"/>. It names no pins: no nanoFramework HAL
    /// exists to drive them, so a wiring here would be parsed and never used (issue #14).
    /// </summary>
    public sealed class NanoFrameworkSection
    {
        /// <summary>nanoFramework firmware target name, e.g. <c>ESP32_REV3</c> (what nanoff would flash).</summary>
        public string Target { get; }

        /// <summary>What building this board does, in words (the file must say it: a compile check, not a flashable image).</summary>
        public string Build { get; }

        internal NanoFrameworkSection(string target, string build)
        {
            Target = target;
            Build = build;
        }
    }
}
