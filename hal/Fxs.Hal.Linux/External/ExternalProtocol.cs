using System;
using System.Buffers.Binary;

namespace Fxs.Hal.Linux.External
{
    /// <summary>
    /// The wire format between fxs and a vendor SLIC daemon (board kind <c>external</c>, issue #15
    /// item 7; boards/PORTING.md, "The external protocol", is the specification). A Unix stream
    /// socket the daemon listens on; every message is a 4-byte header — payload length (u16,
    /// little-endian), type (u8), flags (u8, 0) — then the payload. All integers little-endian.
    /// </summary>
    public static class ExternalProtocol
    {
        /// <summary>The protocol version this fxs speaks: 1.</summary>
        public const ushort Version = 1;

        /// <summary>Bytes of a message header.</summary>
        public const int HeaderBytes = 4;

        /// <summary>The largest payload either side sends: 1024 bytes (an AUDIO frame is 160).</summary>
        public const int MaxPayloadBytes = 1024;

        /// <summary>"FXSL": the first four payload bytes of HELLO.</summary>
        public static readonly byte[] Magic = { (byte)'F', (byte)'X', (byte)'S', (byte)'L' };

        /// <summary>HELLO, both ways, first: magic "FXSL", u16 version, u16 samples per frame (80).</summary>
        public const byte Hello = 1;

        /// <summary>HOOK, daemon to fxs: u8 loop closed (1 = off hook), i64 line sample of the edge.</summary>
        public const byte Hook = 2;

        /// <summary>AUDIO, both ways: one 10 ms frame, 80 samples of signed 16-bit linear PCM (160 bytes).</summary>
        public const byte Audio = 3;

        /// <summary>RING, fxs to daemon: u8 1 = ring voltage on (the daemon's generator, its frequency), 0 = off.</summary>
        public const byte Ring = 4;

        /// <summary>Payload bytes of HELLO.</summary>
        public const int HelloBytes = 8;

        /// <summary>Payload bytes of HOOK.</summary>
        public const int HookBytes = 9;

        /// <summary>Payload bytes of AUDIO: 80 samples × 2.</summary>
        public const int AudioBytes = CodecFrame.Samples * 2;

        /// <summary>Payload bytes of RING.</summary>
        public const int RingBytes = 1;

        /// <summary>Writes a header for <paramref name="payloadBytes"/> of <paramref name="type"/> at the start of <paramref name="buffer"/>.</summary>
        public static void WriteHeader(byte[] buffer, byte type, int payloadBytes)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(0, 2), (ushort)payloadBytes);
            buffer[2] = type;
            buffer[3] = 0;
        }

        /// <summary>A HELLO message (header and payload) into <paramref name="buffer"/>; returns its length.</summary>
        public static int WriteHello(byte[] buffer)
        {
            WriteHeader(buffer, Hello, HelloBytes);
            Magic.CopyTo(buffer, HeaderBytes);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(HeaderBytes + 4, 2), Version);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(HeaderBytes + 6, 2), CodecFrame.Samples);
            return HeaderBytes + HelloBytes;
        }

        /// <summary>An AUDIO message of <paramref name="samples"/> (80) into <paramref name="buffer"/>; returns its length.</summary>
        public static int WriteAudio(byte[] buffer, short[] samples)
        {
            WriteHeader(buffer, Audio, AudioBytes);
            for (int i = 0; i < CodecFrame.Samples; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(HeaderBytes + 2 * i, 2), samples[i]);
            }
            return HeaderBytes + AudioBytes;
        }

        /// <summary>A RING message into <paramref name="buffer"/>; returns its length.</summary>
        public static int WriteRing(byte[] buffer, bool on)
        {
            WriteHeader(buffer, Ring, RingBytes);
            buffer[HeaderBytes] = on ? (byte)1 : (byte)0;
            return HeaderBytes + RingBytes;
        }
    }
}
