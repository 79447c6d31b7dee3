namespace Fxs.Boards
{
    /// <summary>What a board is built from; decides which sections its file may (and must) have.</summary>
    public enum BoardKind
    {
        /// <summary>JSON <c>"sim"</c>: the in-process simulated line (hal/Fxs.Hal.Sim); section <c>sim</c>.</summary>
        Sim,

        /// <summary>JSON <c>"linux-gpio"</c>: a Linux board with its SLIC on a gpiochip and its codec on ALSA; sections <c>gpio</c>, <c>audio</c>, <c>ringing</c>.</summary>
        LinuxGpio,

        /// <summary>JSON <c>"nanoframework"</c>: a nanoFramework microcontroller; section <c>nanoframework</c> (and <c>ringing</c>). Built as a compile check only.</summary>
        NanoFramework,

        /// <summary>JSON <c>"external"</c>: a SLIC run by a vendor daemon, hook events, ring commands and audio frames over a Unix socket (boards/PORTING.md); section <c>external</c>.</summary>
        External,
    }
}
