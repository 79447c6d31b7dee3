using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Fxs.Core.Gateway;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Cli.Call;

namespace Fxs.Cli.Phone;

// Where `fxs phone` takes its keys from: timed lines (--keys) or the terminal.
internal interface IKeySource
{
    /// <summary>The next key due at or before <paramref name="nowMs"/> (line time), if any.</summary>
    bool TryNext(long nowMs, out char key);

    /// <summary>No key will come any more.</summary>
    bool Exhausted { get; }
}

// Keys from lines '<ms> <keys>': the keys are pressed in turn from that line time on.
internal sealed class TimedKeys : IKeySource
{
    private readonly Queue<(long Ms, char Key)> _keys = new();

    public static TimedKeys Parse(TextReader reader)
    {
        var t = new TimedKeys();
        long last = 0;
        int n = 0;
        for (string? raw = reader.ReadLine(); raw != null; raw = reader.ReadLine())
        {
            n++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') { continue; }
            string[] w = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (w.Length != 2 || !long.TryParse(w[0], NumberStyles.None, CultureInfo.InvariantCulture, out long ms) || ms > 86_400_000)
            {
                throw new CallScriptException(n, "expected '<ms> <keys>', e.g. '800 0363044747'");
            }
            if (ms < last) { throw new CallScriptException(n, "times must not go back (" + ms + " < " + last + ")"); }
            last = ms;
            foreach (char c in w[1])
            {
                char k = char.ToLowerInvariant(c);
                bool ok = (k >= '0' && k <= '9') || k == '*' || k == '#' || (k >= 'a' && k <= 'd') || k == 'o' || k == 'h' || k == 'f' || k == 'p' || k == 'q';
                if (!ok) { throw new CallScriptException(n, "'" + c + "' is not a key (0-9 * # A-D o h f p q)"); }
                t._keys.Enqueue((ms, k >= 'a' && k <= 'd' ? char.ToUpperInvariant(k) : k));
            }
        }
        return t;
    }

    public bool Exhausted => _keys.Count == 0;

    public bool TryNext(long nowMs, out char key)
    {
        key = '\0';
        if (_keys.Count == 0 || _keys.Peek().Ms > nowMs) { return false; }
        key = _keys.Dequeue().Key;
        return true;
    }
}

// Keys typed on the terminal (the one place fxs reads the console: the interactive phone).
internal sealed class ConsoleKeys : IKeySource
{
    public bool Exhausted => false;

    public bool TryNext(long nowMs, out char key)
    {
        key = '\0';
        if (!Console.KeyAvailable) { return false; }
        char c = char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar);
        if (c >= 'a' && c <= 'd') { c = char.ToUpperInvariant(c); }
        key = c;
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') || c == 'o' || c == 'h' || c == 'f' || c == 'p' || c == 'q';
    }
}
