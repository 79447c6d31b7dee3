using System;

namespace Fxs.Core.Ivr
{
    /// <summary>
    /// A secret string of digits (the temporary password, TP-11) in a fixed buffer allocated once:
    /// ASCII '0'-'9', so a cleared byte (0) is never a digit. It never shows its digits as text:
    /// <see cref="ToString"/> gives "********" whatever it holds. The only way out is
    /// <see cref="CopyTo(byte[], int)"/>, for the relay to seal; <see cref="Clear"/> zeroes every
    /// byte of the buffer.
    /// </summary>
    public sealed class SecretDigits
    {
        /// <summary>What <see cref="ToString"/> always returns (also when empty, so not even the length shows).</summary>
        public const string Masked = "********";

        private readonly byte[] _digits;
        private int _length;

        /// <summary>Creates an empty holder for up to <paramref name="capacity"/> digits.</summary>
        public SecretDigits(int capacity)
        {
            if (capacity < 1) { throw new ArgumentOutOfRangeException(nameof(capacity)); }
            _digits = new byte[capacity];
        }

        /// <summary>Digits held.</summary>
        public int Length { get { return _length; } }

        /// <summary>Digits it can hold.</summary>
        public int Capacity { get { return _digits.Length; } }

        /// <summary>True when every byte of the buffer is zero and it holds nothing.</summary>
        public bool IsCleared
        {
            get
            {
                int any = _length;
                for (int i = 0; i < _digits.Length; i++) { any |= _digits[i]; }
                return any == 0;
            }
        }

        /// <summary>Copies the digits (ASCII '0'-'9') to the start of <paramref name="destination"/>; returns how many.</summary>
        public int CopyTo(byte[] destination) { return CopyTo(destination, 0); }

        /// <summary>Copies the digits (ASCII '0'-'9') into <paramref name="destination"/> at <paramref name="offset"/>; returns how many.</summary>
        public int CopyTo(byte[] destination, int offset)
        {
            if (destination == null) { throw new ArgumentNullException(nameof(destination)); }
            if (offset < 0 || offset > destination.Length - _length) { throw new ArgumentOutOfRangeException(nameof(offset)); }
            for (int i = 0; i < _length; i++) { destination[offset + i] = _digits[i]; }
            return _length;
        }

        /// <summary>Zeroes the whole buffer and empties the holder.</summary>
        public void Clear()
        {
            for (int i = 0; i < _digits.Length; i++) { _digits[i] = 0; }
            _length = 0;
        }

        /// <summary>Never the digits.</summary>
        public override string ToString() { return Masked; }

        /// <summary>Appends a digit '0'-'9'; false (nothing changed) when full or not a digit.</summary>
        internal bool Append(char digit)
        {
            if (digit < '0' || digit > '9' || _length == _digits.Length) { return false; }
            _digits[_length++] = (byte)digit;
            return true;
        }

        /// <summary>Replaces the content with <paramref name="source"/>'s (same capacity or larger).</summary>
        internal void CopyFrom(SecretDigits source)
        {
            Clear();
            for (int i = 0; i < source._length; i++) { _digits[i] = source._digits[i]; }
            _length = source._length;
        }

        /// <summary>Same digits, compared over the whole buffer whatever differs first (no early exit).</summary>
        internal bool SameAs(SecretDigits other)
        {
            if (other._digits.Length != _digits.Length) { return false; }
            int diff = _length ^ other._length;
            for (int i = 0; i < _digits.Length; i++) { diff |= _digits[i] ^ other._digits[i]; }
            return diff == 0;
        }
    }
}
