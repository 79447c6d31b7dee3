using System;
using System.Collections.Generic;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Host.Config;

// One field of a line that cannot be used: which field (as the caller names it: a JSON path, an option),
// what was expected and what was found. The line file turns it into a ConfigFileException, the options
// of call, phone and replay into one usage line; the words are the same either way.
public sealed class LineInputException(string field, string expected, string found) : Exception(field + ": expected " + expected + ", found " + found)
{
    public string Field { get; } = field;

    public string Expected { get; } = expected;

    public string Found { get; } = found;
}

// The line a command runs on (TP-1, TP-2, TP-4), built from its parts by the core's one rule for numbers
// (LineNumbers): the line file (fxs run, fxs replay --line) and the options (--contract, --additional,
// --notify, --area of call, phone and replay) all come through here.
public static class LineInput
{
    public const string AreaExpected = "a service area: \"east\" | \"west\" (TP-4)";

    /// <summary>How the caller names each part in its errors (JSON fields, or options).</summary>
    public sealed record Names(string Area, string Contract, Func<int, string> Additional, string Notify);

    /// <summary>The names options give the parts.</summary>
    public static readonly Names Options = new("--area", "--contract", _ => "--additional", "--notify");

    /// <summary>The line, or a <see cref="LineInputException"/> naming the first part that cannot be used.</summary>
    public static LineConfiguration Build(Names names, string area, string contract, IReadOnlyList<string> additional, string? notify)
    {
        ServiceArea a = area.ToLowerInvariant() switch
        {
            "east" => ServiceArea.East,
            "west" => ServiceArea.West,
            _ => throw new LineInputException(names.Area, AreaExpected, Quote(area)),
        };
        Check(names.Contract, contract);
        var seen = new HashSet<string>(StringComparer.Ordinal) { contract };
        for (int i = 0; i < additional.Count; i++)
        {
            Check(names.Additional(i), additional[i]);
            if (!seen.Add(additional[i])) { throw new LineInputException(names.Additional(i), LineNumbers.DistinctExpected, Quote(additional[i]) + " a second time"); }
        }
        string notifyNumber = notify ?? contract;
        Check(names.Notify, notifyNumber);
        if (!seen.Contains(notifyNumber)) { throw new LineInputException(names.Notify, LineNumbers.NotifyExpected, Quote(notifyNumber)); }
        return new LineConfiguration(contract, new List<string>(additional).ToArray(), notifyNumber, a);
    }

    /// <summary>The line given by options, or a usage message naming the option (the same words in every command).</summary>
    public static LineConfiguration? FromOptions(string? area, string contract, string? additional, string? notify, out string? error)
    {
        error = null;
        var extra = new List<string>();
        foreach (string n in (additional ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) { extra.Add(n); }
        try
        {
            return Build(Options, area ?? "east", contract.Trim(), extra, notify?.Trim());
        }
        catch (LineInputException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static void Check(string field, string number)
    {
        string? fault = LineNumbers.NumberFault(number);
        if (fault != null) { throw new LineInputException(field, LineNumbers.Expected, Quote(number) + ", which " + fault); }
    }

    public static string Quote(string text) => "\"" + text + "\"";
}
