#!/bin/sh
# Regenerates the G.711 reference data used by G711Tests (the tests themselves need neither
# sox nor a C compiler). Run from anywhere: sh tests/Fxs.Core.Tests/TestData/make-g711-reference.sh
# Needs: sox (Debian's 14.4.2 was used), cc, gzip, python3.
#
# Two independent references:
#  * sox-*: SoX's own G.711 codec (libsox g711.c, from Sun), the independent implementation.
#    -D turns off dither: sox treats u-law/A-law as 14/13-bit precision and would otherwise add
#    TPDF dither when reducing 16-bit input (339 u-law and 716 A-law codes came out different
#    in one dithered run, at random).
#  * itu-*: the ITU-T G.191 g711.c algorithm (the authority), re-typed in g711-itu-reference.c.
#
# Findings (asserted by G711Tests):
#  * Decoding: sox == G.191 for all 256 codes of both laws.
#  * Encoding: sox != G.191 at the decision thresholds, because sox first rounds the 16-bit
#    sample to the nearest 14-bit (u-law) or 13-bit (A-law) value (SOX_SAMPLE_TO_SIGNED adds
#    half an LSB), while G.191 truncates (takes the top bits, one's complement for negatives).
#    Exactly: A-law sox(x) = itu(min(x + 4, 32767)) for every x: 1,020 inputs differ.
#    u-law: sox(x) = itu(min(x + 2, 32767)) for x >= 0 and itu(max(x - 2, -32768)) for x <= -3
#    (Sun's u-law negates negatives, two's complement, where G.191 takes the one's complement),
#    and sox(-1) = sox(-2) = 0xFF where G.191 gives 0x7F (both decode to 0): 510 inputs differ.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Every int16 value, -32768..32767, little-endian; every 8-bit code 0..255.
python3 -c "import struct,sys; sys.stdout.buffer.write(struct.pack('<65536h', *range(-32768, 32768)))" > linear.s16le
python3 -c "import sys; sys.stdout.buffer.write(bytes(range(256)))" > codes.bin

for law in u-law a-law; do
  name=$(echo "$law" | sed 's/u-law/mulaw/; s/a-law/alaw/')
  sox -D -t raw -r 8000 -e signed-integer -b 16 -c 1 -L linear.s16le -t raw -e "$law" -b 8 -c 1 "sox-$name-encode.bin"
  sox -D -t raw -r 8000 -e "$law" -b 8 -c 1 codes.bin -t raw -e signed-integer -b 16 -L "sox-$name-decode.s16le"
done

cc -std=c99 -O2 -Wall -o g711-itu-reference "$here/g711-itu-reference.c"
./g711-itu-reference

for f in sox-mulaw-encode.bin sox-alaw-encode.bin itu-mulaw-encode.bin itu-alaw-encode.bin; do
  gzip -9 -n -c "$f" > "$here/$f.gz"
done
cp sox-mulaw-decode.s16le sox-alaw-decode.s16le itu-mulaw-decode.s16le itu-alaw-decode.s16le "$here/"
echo "u-law encoder, sox vs G.191, inputs differing: $(cmp -l sox-mulaw-encode.bin itu-mulaw-encode.bin | wc -l)"
echo "A-law encoder, sox vs G.191, inputs differing: $(cmp -l sox-alaw-encode.bin itu-alaw-encode.bin | wc -l)"
cmp sox-mulaw-decode.s16le itu-mulaw-decode.s16le && echo "u-law decoder: sox == G.191"
cmp sox-alaw-decode.s16le itu-alaw-decode.s16le && echo "A-law decoder: sox == G.191"
