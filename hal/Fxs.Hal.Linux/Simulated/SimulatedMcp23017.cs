using System;
using System.Device.Gpio;
using System.Device.I2c;

namespace Fxs.Hal.Linux.Simulated
{
    /// <summary>
    /// Bench and test part: a register-level model of a Microchip MCP23017 (or, with 8 pins, an
    /// MCP23008) on a simulated I2C bus, as an <see cref="I2cDevice"/>, so dotnet/iot's real
    /// Iot.Device.Mcp23xxx driver talks to it byte by byte. A write's first byte sets the register
    /// pointer and the rest are written from there; a read returns bytes from the pointer; the pointer
    /// advances after every byte (wrapping at the last register) unless IOCON.SEQOP is set.
    /// <para>
    /// Modelled (datasheet DS20001952, IOCON.BANK = 0 addressing: register r of port A at 2r, of port
    /// B at 2r + 1; the MCP23008's at r): IODIR (1 = input, reset 0xFF), IPOL, GPINTEN, DEFVAL,
    /// INTCON, IOCON (MIRROR, SEQOP, ODR, INTPOL; BANK = 1 is refused: not modelled), GPPU, INTF,
    /// INTCAP, GPIO (reads the pins: inputs from <see cref="SetInput"/>, outputs from OLAT; a write
    /// goes to OLAT) and OLAT. Interrupt-on-change: an enabled input that changes (INTCON = 0) or
    /// differs from DEFVAL (INTCON = 1) sets INTF and copies the port into INTCAP, once, until GPIO or
    /// INTCAP is read; INTA/INTB follow INTF (or each other with MIRROR), active low push-pull by
    /// default, active high with INTPOL, open drain (released = high) with ODR, and can drive an input
    /// of a <see cref="SimulatedGpioDriver"/> (<see cref="ConnectInterrupt"/>).
    /// </para>
    /// Thread-safe: one lock; the interrupt output is driven outside it.
    /// </summary>
    public sealed class SimulatedMcp23017 : I2cDevice
    {
        // Register numbers as the datasheet orders them (BANK = 0 pairs them A, B).
        private const int IODIR = 0, IPOL = 1, GPINTEN = 2, DEFVAL = 3, INTCON = 4, IOCON = 5, GPPU = 6, INTF = 7, INTCAP = 8, GPIO = 9, OLAT = 10;
        private const int RegisterCount = 11;
        private const byte IoconBank = 0x80, IoconMirror = 0x40, IoconSeqop = 0x20, IoconOdr = 0x04, IoconIntpol = 0x02;

        private readonly object _gate = new object();
        private readonly I2cConnectionSettings _connection;
        private readonly int _ports;
        private readonly byte[,] _reg;
        private readonly byte[] _external = new byte[2];
        private readonly bool[] _intLevel = new bool[2];
        private readonly SimulatedGpioDriver?[] _intDriver = new SimulatedGpioDriver?[2];
        private readonly int[] _intLine = new int[2];
        private int _pointer;
        private long _bytesWritten;
        private long _bytesRead;
        private int _interrupts;

        /// <summary>A chip at <paramref name="address"/> (0x20-0x27) on bus <paramref name="busId"/>, in its power-on state; <paramref name="pinCount"/> 16 (MCP23017) or 8 (MCP23008).</summary>
        public SimulatedMcp23017(int busId = 1, int address = 0x20, int pinCount = 16)
        {
            if (pinCount != 16 && pinCount != 8) { throw new ArgumentOutOfRangeException(nameof(pinCount), "16 (MCP23017) or 8 (MCP23008)"); }
            _connection = new I2cConnectionSettings(busId, address);
            _ports = pinCount / 8;
            _reg = new byte[2, RegisterCount];
            for (int port = 0; port < 2; port++)
            {
                _reg[port, IODIR] = 0xFF;
                _intLevel[port] = true; // active low, inactive: high
            }
        }

        /// <inheritdoc />
        public override I2cConnectionSettings ConnectionSettings { get { return _connection; } }

        /// <summary>Bytes the bus master wrote (register pointers included).</summary>
        public long BytesWritten { get { lock (_gate) { return _bytesWritten; } } }

        /// <summary>Bytes the bus master read.</summary>
        public long BytesRead { get { lock (_gate) { return _bytesRead; } } }

        /// <summary>True to model a chip that is not there (unwired, unpowered, wrong address): every transaction fails as Linux's i2c-dev does (ENXIO).</summary>
        public bool Absent { get; set; }

        /// <summary>Interrupts raised (INTF set from clear) since power-on.</summary>
        public int InterruptsRaised { get { lock (_gate) { return _interrupts; } } }

        /// <summary>A register as the chip holds it (port 0 = A, 1 = B), without a bus transaction or its side effects.</summary>
        public byte Peek(Iot.Device.Mcp23xxx.Register register, int port = 0)
        {
            lock (_gate)
            {
                int r = (int)register;
                return r == GPIO ? PortValue(port) : _reg[CheckPort(port), r];
            }
        }

        /// <summary>The electrical level of pin <paramref name="pin"/> (0-15): an output's latch, an input's driven level.</summary>
        public bool PinHigh(int pin)
        {
            lock (_gate) { return (PinLevels(CheckPort(pin / 8)) & (1 << (pin % 8))) != 0; }
        }

        /// <summary>The electrical level of INTA (port 0) or INTB (port 1) now.</summary>
        public bool InterruptHigh(int port = 0)
        {
            lock (_gate) { return _intLevel[CheckPort(port)]; }
        }

        /// <summary>Drives INTA (port 0) or INTB (port 1) onto input <paramref name="line"/> of <paramref name="gpio"/>, starting with its present level.</summary>
        public void ConnectInterrupt(SimulatedGpioDriver gpio, int line, int port = 0)
        {
            bool level;
            lock (_gate)
            {
                _intDriver[CheckPort(port)] = gpio ?? throw new ArgumentNullException(nameof(gpio));
                _intLine[port] = line;
                level = _intLevel[port];
            }
            gpio.SetInput(line, level ? PinValue.High : PinValue.Low);
        }

        /// <summary>The outside world drives pin <paramref name="pin"/> (0-15) to <paramref name="high"/> (read while it is an input).</summary>
        public void SetInput(int pin, bool high)
        {
            int port = CheckPort(pin / 8);
            byte bit = (byte)(1 << (pin % 8));
            lock (_gate)
            {
                byte before = PinLevels(port);
                _external[port] = high ? (byte)(_external[port] | bit) : (byte)(_external[port] & ~bit);
                Evaluate(port, before);
            }
            DriveInterrupts();
        }

        /// <inheritdoc />
        public override void Read(Span<byte> buffer)
        {
            lock (_gate)
            {
                ThrowIfAbsent();
                for (int i = 0; i < buffer.Length; i++)
                {
                    buffer[i] = ReadRegister(_pointer);
                    _bytesRead++;
                    Advance();
                }
            }
            DriveInterrupts();
        }

        /// <inheritdoc />
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length == 0) { return; }
            lock (_gate)
            {
                ThrowIfAbsent();
                _bytesWritten += buffer.Length;
                if (buffer[0] >= RegisterCount * _ports) { throw new System.IO.IOException("MCP23017 model: no register 0x" + buffer[0].ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); }
                _pointer = buffer[0];
                for (int i = 1; i < buffer.Length; i++)
                {
                    WriteRegister(_pointer, buffer[i]);
                    Advance();
                }
            }
            DriveInterrupts();
        }

        /// <inheritdoc />
        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            Write(writeBuffer);
            Read(readBuffer);
        }

        private void ThrowIfAbsent()
        {
            if (Absent) { throw new System.IO.IOException("Error 6 performing I2C data transfer: No such device or address"); }
        }

        private void Advance()
        {
            if ((_reg[0, IOCON] & IoconSeqop) != 0) { return; }
            _pointer = (_pointer + 1) % (RegisterCount * _ports);
        }

        private byte ReadRegister(int address)
        {
            int port = address % _ports;
            int r = address / _ports;
            switch (r)
            {
                case GPIO:
                    byte value = PortValue(port);
                    Clear(port);
                    return value;
                case INTCAP:
                    byte captured = _reg[port, INTCAP];
                    Clear(port);
                    return captured;
                case IOCON:
                    return _reg[0, IOCON];
                default:
                    return _reg[port, r];
            }
        }

        private void WriteRegister(int address, byte value)
        {
            int port = address % _ports;
            int r = address / _ports;
            byte before = PinLevels(port);
            switch (r)
            {
                case INTF:
                case INTCAP:
                    return; // read-only
                case IOCON:
                    if ((value & IoconBank) != 0) { throw new NotSupportedException("MCP23017 model: IOCON.BANK = 1 is not modelled"); }
                    _reg[0, IOCON] = (byte)(value & 0xFE); // bit 0 reads as 0; IOCONA and IOCONB are one register
                    _reg[1, IOCON] = _reg[0, IOCON];
                    return;
                case GPIO:
                    _reg[port, OLAT] = value; // a GPIO write writes the output latch
                    break;
                default:
                    _reg[port, r] = value;
                    break;
            }
            Evaluate(port, before);
        }

        // Pins as driven: inputs from outside, outputs from the latch.
        private byte PinLevels(int port)
        {
            byte dir = _reg[port, IODIR];
            return (byte)((_external[port] & dir) | (_reg[port, OLAT] & ~dir));
        }

        private byte PortValue(int port)
        {
            return (byte)(PinLevels(port) ^ (_reg[port, IPOL] & _reg[port, IODIR]));
        }

        // Interrupt-on-change after the pins went from `before` to now.
        private void Evaluate(int port, byte before)
        {
            byte now = PinLevels(port);
            byte armed = (byte)(_reg[port, GPINTEN] & _reg[port, IODIR]);
            byte onChange = (byte)((before ^ now) & armed & ~_reg[port, INTCON]);
            byte onCompare = (byte)((now ^ _reg[port, DEFVAL]) & armed & _reg[port, INTCON]);
            byte cause = (byte)(onChange | onCompare);
            if (cause == 0 || _reg[port, INTF] != 0) { return; } // one capture per interrupt, until it is cleared
            _reg[port, INTF] = cause;
            _reg[port, INTCAP] = PortValue(port);
            _interrupts++;
        }

        // Reading GPIO or INTCAP clears the port's interrupt; a DEFVAL mismatch still there raises it again.
        private void Clear(int port)
        {
            _reg[port, INTF] = 0;
            byte now = PinLevels(port);
            Evaluate(port, now);
        }

        private void DriveInterrupts()
        {
            SimulatedGpioDriver? d0 = null, d1 = null;
            bool l0 = false, l1 = false;
            int line0 = 0, line1 = 0;
            lock (_gate)
            {
                byte iocon = _reg[0, IOCON];
                bool a = _reg[0, INTF] != 0;
                bool b = _ports > 1 && _reg[1, INTF] != 0;
                if ((iocon & IoconMirror) != 0) { a = a || b; b = a; }
                for (int port = 0; port < _ports; port++)
                {
                    bool active = port == 0 ? a : b;
                    bool level = (iocon & IoconOdr) != 0 ? !active : ((iocon & IoconIntpol) != 0) == active;
                    if (level == _intLevel[port]) { continue; }
                    _intLevel[port] = level;
                    if (port == 0) { d0 = _intDriver[0]; l0 = level; line0 = _intLine[0]; }
                    else { d1 = _intDriver[1]; l1 = level; line1 = _intLine[1]; }
                }
            }
            d0?.SetInput(line0, l0 ? PinValue.High : PinValue.Low);
            d1?.SetInput(line1, l1 ? PinValue.High : PinValue.Low);
        }

        private int CheckPort(int port)
        {
            if (port < 0 || port >= _ports) { throw new ArgumentOutOfRangeException(nameof(port)); }
            return port;
        }
    }
}
