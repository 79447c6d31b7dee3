using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Fxs.Core.Dsp;

namespace Fxs.Bench;

/// <summary>Thrown when a tool or library the bench needs is not installed; the message names the Debian package.</summary>
public sealed class BenchEnvironmentException : Exception
{
    public BenchEnvironmentException(string message) : base(message) { }
    public BenchEnvironmentException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Debian's spandsp (libspandsp.so.2, 0.0.6) <c>dtmf_rx</c> behind the same streaming shape as our
/// <see cref="DtmfReceiver"/>, with thresholds left at their defaults (<c>dtmf_rx_parms</c> is not called).
/// <para>
/// spandsp decides once per 102-sample block and reports through the realtime callback (code = the digit's ASCII
/// at a start, 0 at an end; a change straight from one digit to another is an end plus a start). Audio is fed so
/// that every <c>dtmf_rx</c> call ends on a block boundary, so a report's time is known to the sample: the end of
/// that block. The callback carries no timing, so onsets and ends are estimated as the decision sample minus a
/// fixed latency calibrated on clean tones (<see cref="OnsetLatencySamples"/>, <see cref="EndLatencySamples"/>).
/// </para>
/// </summary>
public sealed unsafe class SpandspDtmfReceiver : IDisposable
{
    /// <summary>spandsp's detection block.</summary>
    public const int BlockSamples = 102;

    /// <summary>Decision-to-onset latency: a start is reported this many samples after the tone began (mean, clean tones).</summary>
    public const int OnsetLatencySamples = 237;

    /// <summary>Decision-to-end latency: an end is reported this many samples after the tone stopped (mean, clean tones).</summary>
    public const int EndLatencySamples = 169;

    /// <summary>sizeof(dtmf_rx_state_t) on x86-64 (spandsp/private/dtmf.h, 0.0.6 floating-point build).</summary>
    public const int NativeStateBytes = 432;

    private const string LibraryName = "libspandsp.so.2";

    private static readonly object s_loadLock = new();
    private static bool s_loaded;
    private static delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr> s_init;
    private static delegate* unmanaged[Cdecl]<IntPtr, short*, int, int> s_rx;
    private static delegate* unmanaged[Cdecl]<IntPtr, delegate* unmanaged[Cdecl]<IntPtr, int, int, int, void>, IntPtr, void> s_setRealtime;
    private static delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, void> s_parms;
    private static delegate* unmanaged[Cdecl]<IntPtr, int> s_free;

    private readonly IDtmfListener _listener;
    private GCHandle _self;
    private IntPtr _state;
    private long _position;       // samples fed
    private long _blockEnd;       // the sample at which the call in progress completes a block
    private char _digit;          // digit sounding (as reported), or '\0'
    private long _onset;
    private Exception? _callbackError;

    /// <summary>Creates a receiver reporting to <paramref name="listener"/>.</summary>
    /// <exception cref="BenchEnvironmentException">libspandsp.so.2 is not installed.</exception>
    public SpandspDtmfReceiver(IDtmfListener listener)
    {
        _listener = listener ?? throw new ArgumentNullException(nameof(listener));
        EnsureLoaded();
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        Open();
    }

    ~SpandspDtmfReceiver() { Close(); }

    /// <summary>Samples fed so far.</summary>
    public long Position => _position;

    /// <summary>True if libspandsp.so.2 can be loaded.</summary>
    public static bool IsAvailable
    {
        get
        {
            try { EnsureLoaded(); return true; }
            catch (BenchEnvironmentException) { return false; }
        }
    }

    /// <summary>Changes spandsp's thresholds (<c>dtmf_rx_parms</c>; negative / ≤ −99 leaves one unchanged). The bench does not call it.</summary>
    public void SetParameters(int filterDialtone, int twistDb, int reverseTwistDb, int thresholdDbm0)
    {
        ThrowIfDisposed();
        s_parms(_state, filterDialtone, twistDb, reverseTwistDb, thresholdDbm0);
    }

    /// <summary>Feeds linear 16-bit samples at 8 kHz; any chunk size.</summary>
    public void Process(short[] samples, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (offset < 0 || count < 0 || offset + count > samples.Length) { throw new ArgumentOutOfRangeException(nameof(count)); }
        ThrowIfDisposed();
        fixed (short* p = samples)
        {
            Feed(p + offset, count);
        }
    }

    /// <summary>Ends a digit still sounding: feeds silence until spandsp reports its end (at most 4 blocks), else ends it here.</summary>
    public void Flush()
    {
        ThrowIfDisposed();
        short* zeros = stackalloc short[BlockSamples];
        new Span<short>(zeros, BlockSamples).Clear();
        int tail = (int)(BlockSamples - _position % BlockSamples) % BlockSamples;
        if (tail > 0) { Feed(zeros, tail); }
        for (int i = 0; i < 4 && _digit != '\0'; i++) { Feed(zeros, BlockSamples); }
        if (_digit != '\0') { End(_position); }
    }

    /// <summary>Forgets all state; positions restart at 0.</summary>
    public void Reset()
    {
        ThrowIfDisposed();
        s_free(_state);
        _state = IntPtr.Zero;
        Open();
    }

    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    private void Open()
    {
        _state = s_init(IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        if (_state == IntPtr.Zero) { throw new InvalidOperationException("dtmf_rx_init failed"); }
        s_setRealtime(_state, &OnTone, GCHandle.ToIntPtr(_self));
        _position = 0;
        _digit = '\0';
    }

    private void Feed(short* p, int count)
    {
        while (count > 0)
        {
            int n = (int)Math.Min(count, BlockSamples - _position % BlockSamples);
            _blockEnd = _position + n;
            s_rx(_state, p, n);
            _position += n;
            p += n;
            count -= n;
            if (_callbackError != null)
            {
                Exception e = _callbackError;
                _callbackError = null;
                throw new InvalidOperationException("the listener threw inside a spandsp callback", e);
            }
        }
        GC.KeepAlive(this);
    }

    private void Report(int code)
    {
        long at = _blockEnd;
        if (_digit != '\0') { End(Math.Max(_onset + 1, at - EndLatencySamples)); }
        if (code != 0)
        {
            _digit = (char)code;
            _onset = Math.Max(0, at - OnsetLatencySamples);
            _listener.DigitStarted(_digit, _onset);
        }
    }

    private void End(long endSample)
    {
        char d = _digit;
        _digit = '\0';
        _listener.DigitEnded(d, _onset, endSample);
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnTone(IntPtr user, int code, int level, int delay)
    {
        if (GCHandle.FromIntPtr(user).Target is not SpandspDtmfReceiver self) { return; }
        try { self.Report(code); }
        catch (Exception e) { self._callbackError ??= e; }
    }

    private void Close()
    {
        if (_state != IntPtr.Zero) { s_free(_state); _state = IntPtr.Zero; }
        if (_self.IsAllocated) { _self.Free(); }
    }

    private void ThrowIfDisposed()
    {
        if (_state == IntPtr.Zero) { throw new ObjectDisposedException(nameof(SpandspDtmfReceiver)); }
    }

    /// <summary>Loads libspandsp.so.2 once.</summary>
    /// <exception cref="BenchEnvironmentException">It is not installed (the message names the apt package).</exception>
    public static void EnsureAvailable() => EnsureLoaded();

    private static void EnsureLoaded()
    {
        lock (s_loadLock)
        {
            if (s_loaded) { return; }
            if (!NativeLibrary.TryLoad(LibraryName, out IntPtr lib))
            {
                throw new BenchEnvironmentException("libspandsp.so.2 not found: apt-get install libspandsp2");
            }
            s_init = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr>)Export(lib, "dtmf_rx_init");
            s_rx = (delegate* unmanaged[Cdecl]<IntPtr, short*, int, int>)Export(lib, "dtmf_rx");
            s_setRealtime = (delegate* unmanaged[Cdecl]<IntPtr, delegate* unmanaged[Cdecl]<IntPtr, int, int, int, void>, IntPtr, void>)Export(lib, "dtmf_rx_set_realtime_callback");
            s_parms = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, void>)Export(lib, "dtmf_rx_parms");
            s_free = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(lib, "dtmf_rx_free");
            s_loaded = true;
        }
    }

    private static IntPtr Export(IntPtr lib, string name)
    {
        if (!NativeLibrary.TryGetExport(lib, name, out IntPtr f))
        {
            throw new BenchEnvironmentException($"{LibraryName} has no {name}: apt-get install libspandsp2 (0.0.6)");
        }
        return f;
    }
}

/// <summary>spandsp's receiver under test: a new <see cref="SpandspDtmfReceiver"/> per signal.</summary>
public sealed class SpandspDtmfDecoder : IDtmfDecoderUnderTest
{
    private readonly int _chunk;

    public SpandspDtmfDecoder(int chunkSamples = 160)
    {
        if (chunkSamples <= 0) { throw new ArgumentOutOfRangeException(nameof(chunkSamples)); }
        _chunk = chunkSamples;
    }

    public string Name => "spandsp";

    public int StateBytes => SpandspDtmfReceiver.NativeStateBytes;

    public IReadOnlyList<DecodedDigit> Decode(short[] samples)
    {
        var collector = new DigitCollector();
        using var rx = new SpandspDtmfReceiver(collector);
        for (int off = 0; off < samples.Length; off += _chunk)
        {
            rx.Process(samples, off, Math.Min(_chunk, samples.Length - off));
        }
        rx.Flush();
        collector.CloseOpen(rx.Position);
        return collector.Digits;
    }
}
