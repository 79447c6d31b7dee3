using System;

namespace Fxs.Hal
{
    /// <summary>Checks of <see cref="INonVolatileStore"/> arguments, shared by every board so all refuse alike.</summary>
    public static class StoreKeys
    {
        /// <summary>True when <paramref name="key"/> is 1-<paramref name="maxLength"/> characters from [A-Za-z0-9._-].</summary>
        public static bool IsValid(string key, int maxLength)
        {
            if (key == null || key.Length == 0 || key.Length > maxLength) { return false; }
            for (int i = 0; i < key.Length; i++)
            {
                char c = key[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                if (!ok) { return false; }
            }
            return true;
        }

        /// <summary>Throws ArgumentException unless the key is valid and the record span lies inside the array and within <paramref name="maxRecordBytes"/>.</summary>
        public static void CheckWrite(string key, int maxKeyLength, byte[] record, int offset, int count, int maxRecordBytes)
        {
            if (!IsValid(key, maxKeyLength)) { throw new ArgumentException("invalid key", nameof(key)); }
            if (record == null) { throw new ArgumentNullException(nameof(record)); }
            if (offset < 0 || count < 0 || offset > record.Length - count) { throw new ArgumentOutOfRangeException(nameof(count)); }
            if (count > maxRecordBytes) { throw new ArgumentException("record too large", nameof(count)); }
        }
    }
}
