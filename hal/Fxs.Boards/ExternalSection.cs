namespace Fxs.Boards
{
    /// <summary>
    /// A SLIC run by a vendor daemon (ProSLIC API, VP-API-II, TAPI...) that fxs talks to over a Unix
    /// socket (JSON section <c>external</c>, required on external boards; the protocol is in boards/PORTING.md).
    /// </summary>
    public sealed class ExternalSection
    {
        /// <summary>The absolute path of the Unix stream socket the daemon listens on.</summary>
        public string Socket { get; }

        internal ExternalSection(string socket)
        {
            Socket = socket;
        }
    }
}
