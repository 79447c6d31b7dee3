using Fxs.Config;

namespace Fxs.Boards.Parsing
{
    /// <summary>Reads the <c>external</c> section.</summary>
    internal static class ExternalReader
    {
        internal static readonly string[] Fields = { "socket" };

        internal const string What = "an external object {\"socket\"}";

        internal static ExternalSection Read(JsonObjectReader external)
        {
            const string Expected = "the absolute path of the vendor daemon's Unix socket, e.g. \"/run/fxs-slic/fxs.sock\"";
            string socket = external.RequiredString("socket", Expected);
            // sockaddr_un's sun_path holds 108 bytes with its terminating NUL.
            if (!socket.StartsWith('/') || System.Text.Encoding.UTF8.GetByteCount(socket) > BoardLimits.MaxSocketPathBytes)
            {
                throw external.Error("socket", Expected + " of at most " + BoardLimits.MaxSocketPathBytes + " bytes", JsonText.Quote(socket));
            }
            return new ExternalSection(socket);
        }
    }
}
