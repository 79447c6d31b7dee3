using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Threading;
using Fxs.Core.Line;
using Fxs.Host.Config;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using Fxs.Core.Ivr;
using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

/// <summary>One finished call, handed from the line thread to the writer (the recorder comes back when written).</summary>
internal sealed record CapturedCall(CallRecorder Recorder, CallEventLog Events, DateTime StartedUtc, long StartLineMs, CaptureInfo Info, int GapFrames);

/// <summary>
/// Writes captured calls (<see cref="CaptureFolder"/>) on its own thread, so the line's 10 ms frames never
/// wait for the disk. Keeps the folder within its bound: before a call is written the oldest calls are
/// deleted until it fits. A write that fails (a full disk: ENOSPC, a read-only medium) removes that call's
/// half-written folder and says so in one log line; the other captures, the outbox and the line go on.
/// </summary>
internal sealed class CallCaptureWriter : IDisposable
{
    // Calls waiting to be written: as many as the line thread has recorders (it never waits on this queue).
    private const int QueueDepth = 2;

    // Room left for the small files beside the WAV (hook, line, capture.json) besides the events' text, bytes.
    private const long SmallFilesBytes = 16 * 1024;

    private readonly CaptureSettings _settings;
    private readonly LineConfiguration _line;
    private readonly string _hardware;
    private readonly ILogger _log;
    private readonly Action<CallRecorder> _release;
    private readonly BlockingCollection<CapturedCall> _queue = new(QueueDepth);
    private readonly Thread _thread;
    private int _counter;

    public CallCaptureWriter(CaptureSettings settings, LineConfiguration line, string hardware, ILogger log, Action<CallRecorder> release)
    {
        _settings = settings;
        _line = line;
        _hardware = hardware;
        _log = log;
        _release = release;
        RemovePartials();
        _thread = new Thread(Drain) { Name = "fxs-capture", IsBackground = true, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    private long MaxMb => _settings.MaxBytes / 1_000_000;

    /// <summary>Queues a finished call; false (the line thread keeps its recorder) if the writer is still busy with earlier ones.</summary>
    public bool TryQueue(CapturedCall call) => !_queue.IsAddingCompleted && _queue.TryAdd(call);

    /// <summary>Writes what is queued, then stops (the daemon's stop; bounded by the host's shutdown timeout).</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(GatewayDaemon.ShutdownTimeout);
    }

    private void Drain()
    {
        foreach (CapturedCall call in _queue.GetConsumingEnumerable())
        {
            try { Write(call); }
            finally { _release(call.Recorder); }
        }
    }

    private void Write(CapturedCall call)
    {
        string name = CaptureFolder.NameFor(call.StartedUtc, Interlocked.Increment(ref _counter));
        string final = Path.Combine(_settings.Dir, name);
        string partial = final + CaptureFolder.PartialSuffix;
        CallRecorder recorder = call.Recorder;
        string events = CaptureFolder.EventLines(call.Events.Events);
        long needed = 4L * recorder.Samples + System.Text.Encoding.UTF8.GetByteCount(events) + SmallFilesBytes;
        if (needed > _settings.MaxBytes)
        {
            CaptureLog.Skipped(_log, "the call (" + Seconds(recorder) + " s) alone is larger than --record-max-mb " + MaxMb);
            return;
        }
        try
        {
            MakeRoom(needed);
            Directory.CreateDirectory(partial);
            recorder.WriteWav(Path.Combine(partial, CaptureFolder.Audio));
            recorder.WriteHook(Path.Combine(partial, CaptureFolder.Hook), CaptureFolder.Audio);
            File.WriteAllText(Path.Combine(partial, CaptureFolder.Line), CaptureFolder.LineJson(_line));
            File.WriteAllText(Path.Combine(partial, CaptureFolder.Events), events);
            File.WriteAllText(Path.Combine(partial, CaptureFolder.Info),
                CaptureFolder.InfoJson(call.Info, call.StartedUtc, call.StartLineMs, call.GapFrames, _hardware));
            Directory.Move(partial, final);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // One line; what was written of this call goes, so a full disk is left as it was before the call.
            try { if (Directory.Exists(partial)) { Directory.Delete(partial, recursive: true); } }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
            CaptureLog.Failed(_log, name, e.Message);
            return;
        }
        CaptureLog.Written(_log, name, Seconds(recorder), call.Info.Outcome, call.Info.PasswordKeysKept ? "kept" : "blanked");
    }

    // Deletes the oldest calls until what is there and `needed` fit within --record-max-mb.
    private void MakeRoom(long needed)
    {
        var calls = CaptureFolder.Calls(_settings.Dir);
        var sizes = new long[calls.Count];
        long total = 0;
        for (int i = 0; i < calls.Count; i++)
        {
            sizes[i] = CaptureFolder.SizeOf(calls[i]);
            total += sizes[i];
        }
        for (int i = 0; i < calls.Count && total + needed > _settings.MaxBytes; i++)
        {
            Directory.Delete(calls[i], recursive: true);
            total -= sizes[i];
            CaptureLog.Deleted(_log, Path.GetFileName(calls[i]), sizes[i] / 1024, MaxMb);
        }
    }

    // Half-written calls of a daemon that was stopped hard (power cut) while writing.
    private void RemovePartials()
    {
        try
        {
            foreach (string d in Directory.GetDirectories(_settings.Dir, "*" + CaptureFolder.PartialSuffix)) { Directory.Delete(d, recursive: true); }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CaptureLog.Failed(_log, "(left over" + CaptureFolder.PartialSuffix + ")", e.Message);
        }
    }

    private static string Seconds(CallRecorder r) => (r.Samples / 8000.0).ToString("F1", CultureInfo.InvariantCulture);
}
