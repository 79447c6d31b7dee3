namespace Fxs.Core.Dsp
{
    /// <summary>The 4×4 DTMF matrix (ITU-T Q.23): digit ↔ row/column tone.</summary>
    public static class DtmfDigits
    {
        /// <summary>Low-group (row) frequencies, Hz.</summary>
        public static readonly int[] RowHz = { 697, 770, 852, 941 };

        /// <summary>High-group (column) frequencies, Hz.</summary>
        public static readonly int[] ColumnHz = { 1209, 1336, 1477, 1633 };

        /// <summary>Digits by row*4 + column.</summary>
        public const string Matrix = "123A456B789C*0#D";

        /// <summary>All 16 digits.</summary>
        public const string All = "0123456789*#ABCD";

        /// <summary>Row index 0-3 of a digit, or -1 if it is not a DTMF digit.</summary>
        public static int RowOf(char digit)
        {
            int i = IndexOf(digit);
            return i < 0 ? -1 : i / 4;
        }

        /// <summary>Column index 0-3 of a digit, or -1 if it is not a DTMF digit.</summary>
        public static int ColumnOf(char digit)
        {
            int i = IndexOf(digit);
            return i < 0 ? -1 : i % 4;
        }

        private static int IndexOf(char digit)
        {
            char upper = digit >= 'a' && digit <= 'd' ? (char)(digit - 'a' + 'A') : digit;
            return Matrix.IndexOf(upper);
        }

        /// <summary>The digit at a row and column.</summary>
        public static char At(int row, int column) { return Matrix[row * 4 + column]; }
    }
}
