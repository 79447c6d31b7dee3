/* spandsp's DTMF receiver over a WAV file, as a whole process: the peer `fxs dtmf decode` is timed
 * against (dotnet cake --target=BenchProcess). Reads an 8 kHz mono 16-bit PCM WAV (any chunk order),
 * feeds Debian libspandsp's dtmf_rx in 8192-sample blocks with default parameters, and prints
 * "<decision_ms> <digit>" per digit (the time is when spandsp reported it: it carries no onset).
 * Build: cc -O2 -o spandsp_dtmf_file spandsp_dtmf_file.c -lspandsp */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spandsp.h>

#define BLOCK_SAMPLES 8192 /* 1 s at 8 kHz: large enough that I/O is not the cost */

static long long fed; /* samples fed before the current dtmf_rx call */

static void on_digits(void *user, const char *digits, int len)
{
    (void) user;
    for (int i = 0; i < len; i++) printf("%lld %c\n", fed / 8, digits[i]);
}

static uint32_t le32(const unsigned char *b) { return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t) b[3] << 24; }

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: %s FILE.wav (8000 Hz mono 16-bit PCM)\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 3; }
    unsigned char head[12], chunk[8];
    if (fread(head, 1, 12, f) != 12 || memcmp(head, "RIFF", 4) || memcmp(head + 8, "WAVE", 4)) { fprintf(stderr, "%s: not a WAV file\n", argv[1]); return 3; }
    uint16_t format = 0, channels = 0, bits = 0; uint32_t rate = 0;
    for (;;) {
        if (fread(chunk, 1, 8, f) != 8) { fprintf(stderr, "%s: no data chunk\n", argv[1]); return 3; }
        uint32_t size = le32(chunk + 4);
        if (!memcmp(chunk, "fmt ", 4)) {
            unsigned char fmt[16];
            if (size < 16 || fread(fmt, 1, 16, f) != 16) { fprintf(stderr, "%s: bad fmt chunk\n", argv[1]); return 3; }
            format = fmt[0] | fmt[1] << 8; channels = fmt[2] | fmt[3] << 8; rate = le32(fmt + 4); bits = fmt[14] | fmt[15] << 8;
            fseek(f, (long) (size - 16 + (size & 1)), SEEK_CUR);
        } else if (!memcmp(chunk, "data", 4)) {
            break;
        } else {
            fseek(f, (long) (size + (size & 1)), SEEK_CUR);
        }
    }
    if (format != 1 || channels != 1 || rate != 8000 || bits != 16) { fprintf(stderr, "%s: needs 8000 Hz mono 16-bit PCM\n", argv[1]); return 3; }
    dtmf_rx_state_t *rx = dtmf_rx_init(NULL, on_digits, NULL);
    static int16_t amp[BLOCK_SAMPLES];
    size_t n;
    while ((n = fread(amp, 2, BLOCK_SAMPLES, f)) > 0) { dtmf_rx(rx, amp, (int) n); fed += n; }
    dtmf_rx_free(rx);
    fclose(f);
    return 0;
}
