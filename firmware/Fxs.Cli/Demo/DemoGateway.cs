using System;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Fxs.Host.Sim;
using Fxs.Core.Line;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Demo;

// The sim board's port as SimGateway builds it, but with the password sink given: the relay's
// OutboxSink (sealed into the outbox, sent to the backend) or, with --no-backend, the sim sink.
internal sealed class DemoGateway : ISimFrameClient
{
    public DemoGateway(LineConfiguration line, IPromptSource prompts, IGatewayMonitor monitor, Func<SimBoard, ITemporaryPasswordSink> sink)
    {
        Board = new SimBoard(new DtmfGenerator(), new SimBoardOptions());
        Outgoing = new SimOutgoingCalls();
        Port = new GatewayPort(Board.Codec, Board.HookSwitch, line, prompts, Outgoing, sink(Board), monitor, 1);
        Board.SetFrameClient(this);
    }

    public SimBoard Board { get; }

    public SimPhone Phone => Board.Phone;

    public GatewayPort Port { get; }

    public SimOutgoingCalls Outgoing { get; }

    public void OnFrame(SimBoard board) => Port.Service();
}
