namespace Fxs.Hal
{
    /// <summary>
    /// The analog port's codec, both directions, in 10 ms frames (<see cref="CodecFrame"/>).
    /// "Heard" is what the port receives from the line (the phone's voice and keys, plus the
    /// echo of what we play through the 2-wire hybrid); "played" is what we send to the phone.
    /// <para>
    /// Contract: neither call blocks or allocates. The board buffers at least two frames each
    /// way. Frames are heard once each, in order, without gaps while the caller keeps up; a
    /// played frame queued now reaches the line after the frames already queued. When the
    /// caller plays nothing the line gets silence. The frame format is the board's
    /// (<see cref="Encoding"/>): the caller converts with the core's G.711 code, the board does
    /// not convert.
    /// </para>
    /// </summary>
    public interface ICodecPort
    {
        /// <summary>The format of every frame this port reads and writes.</summary>
        CodecEncoding Encoding { get; }

        /// <summary>
        /// Copies the next heard frame into <paramref name="frame"/> (its <see cref="CodecFrame.Encoding"/>
        /// and <see cref="CodecFrame.StartSample"/> included). False, with the frame untouched,
        /// when no complete frame is waiting.
        /// </summary>
        bool ReadHeard(CodecFrame frame);

        /// <summary>
        /// Queues <paramref name="frame"/> to be played. Its <see cref="CodecFrame.Encoding"/>
        /// must be <see cref="Encoding"/>. False, frame not taken, when the port's queue is full.
        /// </summary>
        bool WritePlayed(CodecFrame frame);
    }
}
