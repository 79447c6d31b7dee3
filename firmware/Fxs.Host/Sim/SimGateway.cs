using System;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Fxs.Host.Prompts;
using Fxs.Core.Line;
using Fxs.Core.Dsp;

namespace Fxs.Host.Sim
{
    /// <summary>
    /// A whole port on the `sim` board: a <see cref="SimBoard"/> (with its model phone), a
    /// <see cref="GatewayPort"/> serviced after every frame, the sim voice stack
    /// (<see cref="SimOutgoingCalls"/>), the recording sink (<see cref="SimPasswordSink"/>) and the
    /// guidance from prompts/ja/. Drive it through <see cref="Phone"/>: the phone touches only
    /// audio and the hook.
    /// </summary>
    public sealed class SimGateway : ISimFrameClient
    {
        /// <summary>
        /// Builds the port for <paramref name="line"/>; null arguments take the defaults (board options,
        /// prompts/ja/, no monitor, the recording <see cref="SimPasswordSink"/>). With
        /// <paramref name="sink"/> (a real relay's outbox), the port hands its records there and
        /// <see cref="Sink"/> stays empty. <paramref name="echoDelayFrames"/>: the port's starting
        /// hint for its echo canceller (the sim board's true value is 1).
        /// </summary>
        public SimGateway(LineConfiguration line, SimBoardOptions? options = null, IPromptSource? prompts = null, IGatewayMonitor? monitor = null,
            ITemporaryPasswordSink? sink = null, int echoDelayFrames = 1)
        {
            if (line == null) { throw new ArgumentNullException(nameof(line)); }
            Board = new SimBoard(new DtmfGenerator(), options ?? new SimBoardOptions());
            Outgoing = new SimOutgoingCalls();
            Sink = new SimPasswordSink();
            Prompts = prompts ?? new PromptDirectory(PromptDirectory.DefaultDirectory());
            Port = new GatewayPort(Board.Codec, Board.HookSwitch, line, Prompts, Outgoing, sink ?? Sink, monitor, echoDelayFrames);
            Board.SetFrameClient(this);
        }

        /// <summary>The board.</summary>
        public SimBoard Board { get; }

        /// <summary>The model phone on the line.</summary>
        public SimPhone Phone { get { return Board.Phone; } }

        /// <summary>The port under test.</summary>
        public GatewayPort Port { get; }

        /// <summary>Numbers handed to the voice stack.</summary>
        public SimOutgoingCalls Outgoing { get; }

        /// <summary>Records of set passwords.</summary>
        public SimPasswordSink Sink { get; }

        /// <summary>The guidance audio.</summary>
        public IPromptSource Prompts { get; }

        /// <inheritdoc/>
        public void OnFrame(SimBoard board) { Port.Service(); }
    }
}
