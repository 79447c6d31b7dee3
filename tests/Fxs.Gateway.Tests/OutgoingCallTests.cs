using System;
using System.Linq;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using static Fxs.Gateway.Tests.Call;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;

namespace Fxs.Gateway.Tests;

/// <summary>A voice stack that takes the call: the port's audio goes through it until the far end hangs up.</summary>
public class OutgoingCallTests
{
    private sealed class VoiceStack : IOutgoingCalls
    {
        public string? Number;
        public long HeardFrames, Releases;
        public int FramesLeft = 300; // the far end hangs up after 3 s
        private readonly CallProgressToneGenerator _ringback = new();

        public bool Place(char[] digits, int length, long nowSamples)
        {
            Number = new string(digits, 0, length);
            _ringback.Start(CallProgressTone.Ringback);
            return true;
        }

        public void Heard(short[] samples, int count) { HeardFrames++; }

        public bool FillPlayed(short[] samples, int count)
        {
            _ringback.Fill(samples, 0, count);
            return --FramesLeft > 0;
        }

        public void Release(long nowSamples) { Releases++; }
    }

    [Fact]
    public void AnAcceptedCallCarriesTheVoiceStacksAudioThenBusyWhenTheFarEndHangsUp()
    {
        var board = new SimBoard(new DtmfGenerator());
        var rec = new Recorder();
        var stack = new VoiceStack();
        var line = new LineConfiguration(Contract, null, Contract, ServiceArea.East);
        var port = new GatewayPort(board.Codec, board.HookSwitch, line, new PromptDirectory(PromptDirectory.DefaultDirectory()),
            stack, new SimPasswordSink(), rec, 1);
        board.SetFrameClient(new Client(port));
        board.Phone.OffHook();
        board.Phone.Wait(300);
        board.Phone.DialDtmf("0612345678", 80, 150);
        Assert.Equal("0612345678", stack.Number);
        Assert.Equal(CallState.Outgoing, port.Control.State);
        long placedAt = rec.Line.Single(e => e.Kind == LineEvent.OutgoingPlaced).T;
        board.Phone.Wait(1000);
        Assert.True(rec.PlayedDbm0(placedAt + 800, placedAt + 6400) > -30); // the stack's ringback reaches the line
        Assert.True(stack.HeardFrames >= 100);
        board.Phone.Wait(2500);
        Assert.Contains(rec.Line, e => e.Kind == LineEvent.OutgoingEnded);
        Assert.Equal(CallState.Busy, port.Control.State);
        board.Phone.OnHook();
        board.Phone.Wait(1500);
        Assert.Equal(0, stack.Releases); // released by the far end, not by us
        Assert.Equal(CallState.Idle, port.Control.State);
    }

    [Fact]
    public void HangingUpDuringAnAcceptedCallReleasesIt()
    {
        var board = new SimBoard(new DtmfGenerator());
        var stack = new VoiceStack { FramesLeft = int.MaxValue };
        var line = new LineConfiguration(Contract, null, Contract, ServiceArea.East);
        var port = new GatewayPort(board.Codec, board.HookSwitch, line, new PromptDirectory(PromptDirectory.DefaultDirectory()),
            stack, new SimPasswordSink(), null, 1);
        board.SetFrameClient(new Client(port));
        board.Phone.OffHook();
        board.Phone.Wait(300);
        board.Phone.DialDtmf("117", 80, 150);
        Assert.Equal(CallState.Outgoing, port.Control.State);
        board.Phone.OnHook();
        board.Phone.Wait(1500);
        Assert.Equal(1, stack.Releases);
        Assert.Equal(CallState.Idle, port.Control.State);
    }

    private sealed class Client(GatewayPort port) : ISimFrameClient
    {
        public void OnFrame(SimBoard board) => port.Service();
    }
}
