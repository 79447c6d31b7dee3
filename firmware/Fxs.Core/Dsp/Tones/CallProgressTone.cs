namespace Fxs.Core.Dsp
{
    /// <summary>Japanese call-progress tones (事業用電気通信設備規則 別表第5号).</summary>
    public enum CallProgressTone
    {
        /// <summary>No tone: silence.</summary>
        None = 0,

        /// <summary>Dial tone (発信音): 400 Hz continuous.</summary>
        Dial = 1,

        /// <summary>Busy tone (話中音): 400 Hz, 0.5 s on / 0.5 s off.</summary>
        Busy = 2,

        /// <summary>Ringback tone (呼出音): 400 Hz modulated by 16 Hz, 1 s on / 2 s off.</summary>
        Ringback = 3,
    }
}
