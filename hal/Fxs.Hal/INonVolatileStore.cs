namespace Fxs.Hal
{
    /// <summary>
    /// A small non-volatile store: keys to short byte records (settings, counters, the relay's
    /// outbox pointer). Not on any per-frame path; may block for the duration of a flash write.
    /// <para>
    /// Contract: keys are 1-<see cref="MaxKeyLength"/> characters from [A-Za-z0-9._-]; records
    /// are 0-<see cref="MaxRecordBytes"/> bytes. <see cref="Write"/> and <see cref="Delete"/> are
    /// atomic and durable: when they return the change survives power loss, and a power loss
    /// at any moment during them leaves the key with either its old record or its new one,
    /// never a mix, a truncation or another key changed. (A board meets this with two slots
    /// and a sequence number and CRC, or a journaling file system plus write-then-rename and
    /// fsync.) Invalid keys or sizes throw System.ArgumentException; storage failure throws
    /// System.InvalidOperationException with nothing changed.
    /// </para>
    /// </summary>
    public interface INonVolatileStore
    {
        /// <summary>Longest key accepted, characters (at least 32 on every board).</summary>
        int MaxKeyLength { get; }

        /// <summary>Largest record accepted, bytes (at least 256 on every board).</summary>
        int MaxRecordBytes { get; }

        /// <summary>
        /// Copies the record of <paramref name="key"/> into <paramref name="buffer"/> at
        /// <paramref name="offset"/> and returns its length, or -1 when the key holds no record.
        /// Throws when the record does not fit in the buffer.
        /// </summary>
        int Read(string key, byte[] buffer, int offset);

        /// <summary>Replaces the record of <paramref name="key"/>, atomically and durably (see the contract).</summary>
        void Write(string key, byte[] record, int offset, int count);

        /// <summary>Removes the record of <paramref name="key"/>, atomically; false when there was none.</summary>
        bool Delete(string key);
    }
}
