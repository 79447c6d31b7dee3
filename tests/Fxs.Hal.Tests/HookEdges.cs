using System;
using System.Collections.Generic;
using System.Text;
using Fxs.Hal;
using Fxs.Hal.Line;

namespace Fxs.Hal.Tests;

/// <summary>
/// Builds raw loop-state timelines for the decoder, independently of the sim phone: edge times
/// computed in double precision and rounded to samples.
/// </summary>
internal sealed class HookEdges
{
    public readonly List<(bool Closed, long At)> Edges = new();
    public long Now;
    public bool Closed;

    public HookEdges Set(bool closed)
    {
        if (closed != Closed) { Edges.Add((closed, Now)); Closed = closed; }
        return this;
    }

    public HookEdges OffHook() => Set(true);

    public HookEdges OnHook() => Set(false);

    public HookEdges HoldSamples(long samples) { Now += samples; return this; }

    public HookEdges HoldMs(double ms) { Now += (long)Math.Round(ms * 8); return this; }

    /// <summary>A break of exactly <paramref name="samples"/>, then the loop closed again.</summary>
    public HookEdges BreakSamples(long samples) => Set(false).HoldSamples(samples).Set(true);

    /// <summary>One digit's pulse train at pps with make ratio makePercent, then the pause (make) in ms.</summary>
    public HookEdges Pulses(int count, double pps, double makePercent, double pauseMs)
    {
        double period = 8000.0 / pps;
        long start = Now;
        for (int k = 0; k < count; k++)
        {
            Now = start + (long)Math.Round(k * period);
            Set(false);
            Now = start + (long)Math.Round((k + 1 - makePercent / 100) * period);
            Set(true);
        }
        return HoldMs(pauseMs);
    }

    public HookEdges Flash(double ms = 300) => Set(false).HoldMs(ms).Set(true).HoldMs(500);

    public HookEdges Dial(string digits, double pps, double makePercent, double pauseMs)
    {
        foreach (char d in digits) { Pulses(d == '0' ? 10 : d - '0', pps, makePercent, pauseMs); }
        return this;
    }

    /// <summary>Adds contact bounce after every edge: `toggles` back-and-forth pairs, `spacing` samples apart.</summary>
    public List<(bool Closed, long At)> WithBounce(int toggles, int spacing)
    {
        var result = new List<(bool, long)>();
        foreach (var e in Edges)
        {
            result.Add(e);
            bool state = e.Closed;
            for (int i = 1; i <= 2 * toggles; i++)
            {
                state = !state;
                result.Add((state, e.At + i * spacing));
            }
        }
        return result;
    }

    /// <summary>Feeds edges to a decoder the way a gateway does: Advance every 10 ms frame, the frame's edges first.</summary>
    public static void Feed(HookSignalDecoder decoder, List<(bool Closed, long At)> edges, long until)
    {
        int next = 0;
        for (long frameEnd = 80; frameEnd <= until; frameEnd += 80)
        {
            while (next < edges.Count && edges[next].At < frameEnd) { decoder.HookEdge(edges[next].Closed, edges[next].At); next++; }
            decoder.Advance(frameEnd);
        }
    }
}

/// <summary>Records what a decoder decided, as text: "off@t", "on@t", "flash@b-m", "3@b-m".</summary>
internal sealed class HookLog : IHookListener
{
    public readonly List<string> Events = new();
    public readonly StringBuilder Digits = new();

    public void OffHook(long atSample) => Events.Add($"off@{atSample}");

    public void OnHook(long atSample) => Events.Add($"on@{atSample}");

    public void HookFlash(long breakSample, long makeSample) => Events.Add($"flash@{breakSample}-{makeSample}");

    public void PulseDigit(char digit, long firstBreakSample, long lastMakeSample)
    {
        Events.Add($"{digit}@{firstBreakSample}-{lastMakeSample}");
        Digits.Append(digit);
    }

    public static (HookSignalDecoder Decoder, HookLog Log) Run(HookEdges script, long tailSamples = 16000, List<(bool, long)>? edges = null)
    {
        var log = new HookLog();
        var decoder = new HookSignalDecoder(HookSignalProfile.CreateDefault(), log);
        HookEdges.Feed(decoder, edges ?? script.Edges, script.Now + tailSamples);
        return (decoder, log);
    }
}
