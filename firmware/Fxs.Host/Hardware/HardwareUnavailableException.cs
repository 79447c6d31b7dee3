using System;

namespace Fxs.Host.Hardware;

/// <summary>A board part could not be opened (no such gpiochip or ALSA device, no permission): the message says which and why.</summary>
public sealed class HardwareUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
