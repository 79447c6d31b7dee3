using System.Collections.Generic;
using Fxs.Hal;

namespace Fxs.Hal.Linux.Tests;

/// <summary>What the hook-signal decoder reported, in order, with line-sample times.</summary>
internal sealed class HookRecorder : IHookListener
{
    public readonly List<(string Kind, char Digit, long At, long End)> Events;

    public HookRecorder(int capacity = 16) { Events = new(capacity); }

    public void OffHook(long atSample) => Events.Add(("off", ' ', atSample, atSample));

    public void OnHook(long atSample) => Events.Add(("on", ' ', atSample, atSample));

    public void HookFlash(long breakSample, long makeSample) => Events.Add(("flash", ' ', breakSample, makeSample));

    public void PulseDigit(char digit, long firstBreakSample, long lastMakeSample) => Events.Add(("digit", digit, firstBreakSample, lastMakeSample));

    /// <summary>The events as words: "off 0 3 6 flash on".</summary>
    public string Summary()
    {
        var words = new List<string>();
        foreach (var e in Events) { words.Add(e.Kind == "digit" ? e.Digit.ToString() : e.Kind); }
        return string.Join(" ", words);
    }
}
