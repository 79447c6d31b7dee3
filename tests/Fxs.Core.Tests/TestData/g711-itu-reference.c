/*
 * Reference G.711 tables from the ITU-T G.191 Software Tool Library algorithm (g711.c:
 * alaw_compress, ulaw_compress, alaw_expand, ulaw_expand), re-typed here statement by
 * statement so that the test data do not depend on our C# code. Built and run by
 * make-g711-reference.sh; writes, in the current directory:
 *   itu-mulaw-encode.bin, itu-alaw-encode.bin  65,536 codes for linear -32768..32767
 *   itu-mulaw-decode.s16le, itu-alaw-decode.s16le  256 little-endian int16 for codes 0..255
 */
#include <stdio.h>

static unsigned char itu_alaw_compress(short linear)
{
    short ix = linear < 0 ? (short)((~linear) >> 4) : (short)(linear >> 4); /* 0..2047 */
    if (ix > 15) {
        short iexp = 1;
        while (ix > 16 + 15) { ix >>= 1; iexp++; }
        ix -= 16;
        ix += iexp << 4;
    }
    if (linear >= 0) ix |= 0x0080;
    return (unsigned char)(ix ^ 0x0055);
}

static unsigned char itu_ulaw_compress(short linear)
{
    short absno = linear < 0 ? (short)(((~linear) >> 2) + 33) : (short)((linear >> 2) + 33);
    if (absno > 0x1FFF) absno = 0x1FFF;
    short i = absno >> 6, segno = 1;
    while (i != 0) { segno++; i >>= 1; }
    short high_nibble = 0x0008 - segno;
    short low_nibble = 0x000F - ((absno >> segno) & 0x000F);
    short code = (high_nibble << 4) | low_nibble;
    if (linear >= 0) code |= 0x0080;
    return (unsigned char)code;
}

static short itu_alaw_expand(unsigned char code)
{
    short ix = (code ^ 0x0055) & 0x007F;
    short iexp = ix >> 4, mant = ix & 0x000F;
    if (iexp > 0) mant += 16;
    mant = (mant << 4) + 0x0008;
    if (iexp > 1) mant <<= (iexp - 1);
    return code > 127 ? mant : -mant;
}

static short itu_ulaw_expand(unsigned char code)
{
    short sign = code < 0x0080 ? -1 : 1;
    short mantissa = ~code;
    short exponent = (mantissa >> 4) & 0x0007;
    short segment = exponent + 1;
    mantissa &= 0x000F;
    short step = 4 << segment;
    return sign * ((0x0080 << exponent) + step * mantissa + step / 2 - 4 * 33);
}

static void write_s16le(FILE *f, short v)
{
    fputc(v & 0xFF, f);
    fputc((v >> 8) & 0xFF, f);
}

int main(void)
{
    FILE *mu = fopen("itu-mulaw-encode.bin", "wb"), *a = fopen("itu-alaw-encode.bin", "wb");
    for (int v = -32768; v <= 32767; v++) {
        fputc(itu_ulaw_compress((short)v), mu);
        fputc(itu_alaw_compress((short)v), a);
    }
    fclose(mu); fclose(a);
    mu = fopen("itu-mulaw-decode.s16le", "wb"); a = fopen("itu-alaw-decode.s16le", "wb");
    for (int c = 0; c < 256; c++) {
        write_s16le(mu, itu_ulaw_expand((unsigned char)c));
        write_s16le(a, itu_alaw_expand((unsigned char)c));
    }
    fclose(mu); fclose(a);
    return 0;
}
