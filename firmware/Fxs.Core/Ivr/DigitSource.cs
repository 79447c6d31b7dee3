namespace Fxs.Core.Ivr
{
    /// <summary>How a key reached the IVR: both are accepted alike (research/ivr-features.md: rotary phones).</summary>
    public enum DigitSource
    {
        /// <summary>A push-button (PB) key, heard by the DTMF receiver: '0'-'9', '*', '#', 'A'-'D'.</summary>
        Dtmf = 0,

        /// <summary>A dial-pulse digit ('0'-'9'), decoded from the loop by the HAL's hook-signal decoder. A rotary phone has no '#' or '*'.</summary>
        Pulse = 1,
    }
}
