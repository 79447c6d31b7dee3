using System;
using System.IO;

namespace Fxs.Cli.Phone;

// Where `fxs phone` shows the call: the transcript's lines (Log) and the status area (Show). A terminal
// gets LivePhoneScreen (a fixed panel above the scrolling log); anything else, PlainPhoneScreen.
internal interface IPhoneScreen
{
    /// <summary>Where the transcript and the phone's own lines are written.</summary>
    TextWriter Log { get; }

    /// <summary>Runs the phone's loop with the screen up.</summary>
    void Run(Action loop);

    /// <summary>The status now; the screen draws what changed, after <paramref name="flush"/> (the transcript's pending line, which comes first).</summary>
    void Show(PhoneStatus status, Action flush);

    /// <summary>A line after the loop (the quit line).</summary>
    void Finish(string line);
}

// Not a terminal (tests, pipes, files): the status as a line at each change, between the transcript's lines.
internal sealed class PlainPhoneScreen : IPhoneScreen
{
    private readonly TextWriter _out;
    private string _last = "";

    public PlainPhoneScreen(TextWriter output) { _out = output; }

    public TextWriter Log => _out;

    public void Run(Action loop) => loop();

    public void Show(PhoneStatus status, Action flush)
    {
        string line = status.Line();
        if (line == _last) { return; }
        _last = line;
        flush();
        _out.WriteLine(Fxs.Host.Events.EventWords.Line(Fxs.Host.Events.EventWords.Ms(status.NowSamples), "status", line));
    }

    public void Finish(string line) => _out.WriteLine(line);
}
