namespace Fxs.Core.Line
{
    /// <summary>Where the port's call is (<see cref="CallControl.State"/>).</summary>
    public enum CallState
    {
        /// <summary>On hook.</summary>
        Idle = 0,

        /// <summary>Off hook, dial tone, no key yet.</summary>
        DialTone = 1,

        /// <summary>Keys being collected (dial tone stopped), the number not complete yet.</summary>
        Dialing = 2,

        /// <summary>An access number was dialed: the local temporary-password IVR has the line.</summary>
        Ivr = 3,

        /// <summary>The voice stack carries a call placed through <see cref="IOutgoingCalls"/>.</summary>
        Outgoing = 4,

        /// <summary>Busy tone until on-hook: after the IVR, a refused or invalid number, a timeout, or the far end's release.</summary>
        Busy = 5,
    }

    /// <summary>What call control decided, for transcripts and tests (<see cref="Gateway.IGatewayMonitor.LineEvent"/>).</summary>
    public enum LineEvent
    {
        /// <summary>Nothing.</summary>
        None = 0,

        /// <summary>The phone went off hook: dial tone.</summary>
        OffHook = 1,

        /// <summary>The phone hung up: the port is idle (an IVR under way is abandoned, a placed call released).</summary>
        OnHook = 2,

        /// <summary>The first key (DTMF, or the first break of a dial-pulse train) stopped the dial tone.</summary>
        DialToneStopped = 3,

        /// <summary>No key within <see cref="CallControl.FirstDigitTimeoutSamples"/> of off-hook: busy tone.</summary>
        FirstDigitTimeout = 4,

        /// <summary>An open-length number was ended by the inter-digit timeout.</summary>
        NumberEndedByTimeout = 5,

        /// <summary>An open-length number was ended by '#'.</summary>
        NumberEndedByHash = 6,

        /// <summary>A number of known length was left unfinished (timeout or '#'): busy tone.</summary>
        PartialDial = 7,

        /// <summary>No number starts like this: busy tone.</summary>
        InvalidNumber = 8,

        /// <summary>TP-4: an access number (either area): the local IVR answers.</summary>
        RoutedToIvr = 9,

        /// <summary>Any other complete number: handed to <see cref="IOutgoingCalls"/>, which took it.</summary>
        OutgoingPlaced = 10,

        /// <summary>Handed to <see cref="IOutgoingCalls"/>, which refused it: busy tone.</summary>
        OutgoingRefused = 11,

        /// <summary>The placed call ended from the far side: busy tone.</summary>
        OutgoingEnded = 12,

        /// <summary>A hook flash: ignored in every state (no supplementary services on this port yet).</summary>
        FlashIgnored = 13,

        /// <summary>A key arrived where none is taken (busy tone, a placed call, the IVR's closing): ignored.</summary>
        KeyIgnored = 14,
    }
}
