using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fxs.Cli.Phone;

// A terminal: Spectre.Console's live display holds a fixed status panel (PhoneStatus's fields, one row
// each, and the keys) with the transcript's latest lines scrolling beneath it, as many as the terminal
// has rows for. Lines are cut at the terminal's width, never wrapped, so the panel never moves.
internal sealed class LivePhoneScreen : IPhoneScreen
{
    /// <summary>Rows the panel takes besides its fields: its two borders.</summary>
    private const int PanelBorderRows = 2;

    /// <summary>Log lines shown when the terminal does not say how tall it is, or is very short.</summary>
    private const int MinLogRows = 3;

    /// <summary>Log lines kept, and shown at most.</summary>
    private const int MaxLogRows = 200;

    /// <summary>Terminal cells a field's words do not get: the panel's borders and padding and the label column ("wrong entries" and its gap).</summary>
    private const int LabelAndBorderCells = 20;

    /// <summary>Narrowest terminal the panel is laid out for, cells (a narrower one crops it).</summary>
    private const int MinWidthCells = 40;

    private readonly IAnsiConsole _console;
    private readonly string _keysHelp;
    private readonly LogLines _log;
    private LiveDisplayContext? _live;
    private PhoneStatus? _status;
    private string _shown = "";

    public LivePhoneScreen(IAnsiConsole console, string keysHelp)
    {
        _console = console;
        _keysHelp = keysHelp;
        _log = new LogLines(MaxLogRows);
    }

    // Rows under the panel (its fields, the keys row, its borders) less a spare one for the cursor, at most what is kept.
    private int LogRows => Math.Clamp(_console.Profile.Height - (PhoneStatus.Labels.Length + 1) - PanelBorderRows - 1, MinLogRows, MaxLogRows);

    public TextWriter Log => _log;

    public void Run(Action loop)
    {
        _console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Crop).Cropping(VerticalOverflowCropping.Bottom)
            .Start(context =>
            {
                _live = context;
                try { loop(); }
                finally
                {
                    Redraw(force: true);
                    _live = null;
                }
            });
    }

    public void Show(PhoneStatus status, Action flush)
    {
        if (_status == null || status.Line() != _status.Line()) { flush(); }
        _status = status;
        Redraw(force: false);
    }

    public void Finish(string line) => _console.WriteLine(line);

    private void Redraw(bool force)
    {
        if (_live == null) { return; }
        // Redrawn when a field or the log changed; the line time alone (every 10 ms) does not redraw.
        string shown = (_status?.Line() ?? "") + "\n" + _log.Count;
        if (!force && shown == _shown) { return; }
        _shown = shown;
        _live.UpdateTarget(Render());
        _live.Refresh();
    }

    private IRenderable Render()
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (string label in PhoneStatus.Labels)
        {
            grid.AddRow(new Text(label, new Style(decoration: Decoration.Dim)), new Text(Cut(_status?.Field(label) ?? "-", Width - LabelAndBorderCells)));
        }
        grid.AddRow(new Text("keys", new Style(decoration: Decoration.Dim)), new Text(Cut(_keysHelp, Width - LabelAndBorderCells)));
        var panel = new Panel(grid)
        {
            Header = new PanelHeader(" fxs phone · line time " + (_status?.Time() ?? "0.00 s") + " "),
            Border = BoxBorder.Rounded,
            Expand = true,
        };
        var lines = new StringBuilder();
        foreach (string line in _log.Last(LogRows))
        {
            if (lines.Length > 0) { lines.Append('\n'); }
            lines.Append(Cut(line, Width - 1));
        }
        return new Rows(panel, new Text(lines.ToString()));
    }

    private int Width => Math.Max(MinWidthCells, _console.Profile.Width);

    // The longest start of `text` that fits `cells` terminal cells (a Japanese character takes two).
    private static string Cut(string text, int cells)
    {
        if (text.GetCellWidth() <= cells) { return text; }
        int used = 0;
        var b = new StringBuilder();
        foreach (char ch in text)
        {
            int w = ch.GetCellWidth();
            if (used + w > cells - 1) { break; }
            used += w;
            b.Append(ch);
        }
        return b.Append('…').ToString();
    }

    // The transcript's lines as they are written, the latest kept.
    private sealed class LogLines : TextWriter
    {
        private readonly int _max;
        private readonly Queue<string> _lines = new();
        private readonly StringBuilder _current = new();

        public LogLines(int max) { _max = max; }

        public override Encoding Encoding => Encoding.UTF8;

        /// <summary>Lines written so far (a change tells the screen to redraw).</summary>
        public long Count { get; private set; }

        public override void Write(char value)
        {
            if (value == '\r') { return; }
            if (value != '\n')
            {
                _current.Append(value);
                return;
            }
            _lines.Enqueue(_current.ToString());
            _current.Clear();
            Count++;
            if (_lines.Count > _max) { _lines.Dequeue(); }
        }

        public IEnumerable<string> Last(int n)
        {
            int skip = _lines.Count - n;
            foreach (string line in _lines)
            {
                if (skip-- > 0) { continue; }
                yield return line;
            }
        }
    }
}
