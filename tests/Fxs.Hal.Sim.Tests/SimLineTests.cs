using System;
using Fxs.Core.Dsp;
using Fxs.Hal;
using Xunit.Abstractions;

namespace Fxs.Hal.Sim.Tests;

public class SimLineTests
{
    private const string Number = "0363044747";
    private readonly ITestOutputHelper _output;

    public SimLineTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void DtmfNumberIsDecodedExactlyThroughSixDbOfDialToneEcho()
    {
        var board = new SimBoard(new DtmfGenerator());
        var gateway = new Gateway(board);
        gateway.Tone.Start(CallProgressTone.Dial);
        board.Phone.Wait(200);
        board.Phone.OffHook();
        board.Phone.Wait(200);
        gateway.Metering = true;
        board.Phone.Wait(500);
        gateway.Metering = false;
        double echo = gateway.MeteredDbm0();
        _output.WriteLine($"dial tone echo heard at {echo:F2} dBm0 (tone played at -20 dBm0)");
        Assert.InRange(echo, -26 - 1, -26 + 1); // 6 dB ERL (white noise); the default path is flat within ±0.5 dB around 400 Hz

        board.Phone.DialDtmf(Number, toneMs: 60, pauseMs: 60, levelDeciDbm0: -100);
        board.Phone.Wait(300);
        Assert.Equal(Number, gateway.Dtmf);
        Assert.Equal(new[] { 1600L }, gateway.OffHooks);
        Assert.Equal("", gateway.Pulses);
        Assert.Equal(0, board.HeardOverruns);
    }

    [Theory]
    // tone ms, pause ms, low-group level (0.1 dBm0), twist (high - low, 0.1 dB), noise (0.1 dBm0), encoding
    [InlineData(50, 30, -100, 0, -700, CodecEncoding.MuLaw)]   // the rules' shortest tone and pause
    [InlineData(60, 60, -250, 50, -700, CodecEncoding.MuLaw)]  // weak, high group 5 dB stronger
    [InlineData(60, 60, -100, -40, -700, CodecEncoding.MuLaw)] // low group 4 dB stronger
    [InlineData(60, 60, -100, 0, -300, CodecEncoding.MuLaw)]   // white noise 20 dB under a tone
    [InlineData(80, 80, -100, 20, -700, CodecEncoding.ALaw)]
    [InlineData(80, 80, -100, 20, -700, CodecEncoding.Linear16)]
    public void DtmfVariantsThroughTheLine(int toneMs, int pauseMs, int level, int twist, int noise, CodecEncoding encoding)
    {
        var board = new SimBoard(new DtmfGenerator(), new SimBoardOptions { NoiseDeciDbm0 = noise, Encoding = encoding, Seed = 7 });
        var gateway = new Gateway(board);
        gateway.Tone.Start(CallProgressTone.Dial);
        board.Phone.OffHook();
        board.Phone.Wait(400);
        board.Phone.DialDtmf("0123456789*#ABCD", toneMs, pauseMs, level, twist);
        board.Phone.Wait(300);
        Assert.Equal("0123456789*#ABCD", gateway.Dtmf);
    }

    [Theory]
    [InlineData(100, 33, 700, 0)]  // typical 10 pps
    [InlineData(200, 33, 500, 0)]  // typical 20 pps
    [InlineData(100, 33, 700, 3)]  // with 3 ms of contact bounce at every edge
    [InlineData(200, 33, 500, 3)]
    [InlineData(90, 30, 600, 0)]   // rule edges: 9.0 pps, 30 % make, minimum pause
    [InlineData(110, 42, 600, 2)]
    [InlineData(184, 30, 450, 0)]
    [InlineData(216, 36, 450, 2)]
    public void PulseNumberIsDecodedExactly(int ppsTenths, int makePercent, int pauseMs, int bounceToggles)
    {
        var board = new SimBoard(new DtmfGenerator(), new SimBoardOptions { HookBounceToggles = bounceToggles, HookBounceSpacingSamples = 4 });
        var gateway = new Gateway(board);
        gateway.Tone.Start(CallProgressTone.Dial);
        board.Phone.OffHook();
        board.Phone.Wait(300);
        board.Phone.DialPulses(Number, new PulseDialing(ppsTenths, makePercent, pauseMs));
        Assert.Equal(Number, gateway.Pulses);
        Assert.Equal("", gateway.Dtmf); // the breaks' clicks and gaps are no DTMF
        Assert.Single(gateway.OffHooks);
        Assert.Empty(gateway.Flashes);
        Assert.Equal(0, gateway.Hook.LineHits);
    }

    [Fact]
    public void DialPulsesShortFormUsesTheRatesTypicalTiming()
    {
        var board = new SimBoard(new DtmfGenerator());
        var gateway = new Gateway(board);
        board.Phone.OffHook();
        board.Phone.Wait(300);
        board.Phone.DialPulses("117", pps: 10);
        board.Phone.DialPulses("110", pps: 20);
        Assert.Equal("117110", gateway.Pulses);
    }

    [Fact]
    public void FlashAndOnHookAreToldApart()
    {
        var board = new SimBoard(new DtmfGenerator());
        var gateway = new Gateway(board);
        board.Phone.OffHook();
        board.Phone.Wait(300);
        long flashAt = board.Phone.ScriptEndSample;
        board.Phone.Flash(300);
        board.Phone.Wait(500);
        board.Phone.DialPulses("5", pps: 10);
        long hangUpAt = board.Phone.ScriptEndSample;
        board.Phone.OnHook();
        board.Phone.Wait(990);
        Assert.Empty(gateway.OnHooks); // not yet: the break could still be a flash
        board.Phone.Wait(200);
        Assert.Equal(new[] { flashAt }, gateway.Flashes);
        Assert.Equal(new[] { hangUpAt }, gateway.OnHooks);
        Assert.Equal("5", gateway.Pulses);
        Assert.False(gateway.Hook.IsOffHook);
    }

    [Fact]
    public void RingingFollowsTheCadenceAndTripsWhenThePhoneAnswers()
    {
        var board = new SimBoard(new DtmfGenerator());
        var gateway = new Gateway(board);
        gateway.Cadence.Start(board.NowSamples);
        board.Phone.Wait(500);
        Assert.True(board.Phone.IsRinging);
        board.Phone.Wait(1000);
        Assert.False(board.Phone.IsRinging);
        board.Phone.Wait(2000);
        Assert.True(board.Phone.IsRinging); // second burst, from 3 s
        board.Phone.OffHook();
        board.Phone.Wait(100);
        Assert.False(board.Phone.IsRinging);
        Assert.Equal(1, board.Ringer.Trips);
        Assert.Single(gateway.OffHooks);
        board.Phone.Wait(6000);
        Assert.Equal(2, board.Ringer.Bursts);
    }

    [Fact]
    public void ThePhoneHearsWhatTheGatewayPlays()
    {
        var board = new SimBoard(new DtmfGenerator());
        var gateway = new Gateway(board);
        gateway.Tone.Start(CallProgressTone.Dial);
        board.Phone.Wait(300);
        board.Phone.OffHook();
        board.Phone.Wait(1000);
        var heard = new short[16000];
        int n = board.Phone.CopyHeard(0, heard, 0, heard.Length);
        Assert.Equal(10400, n);
        Assert.All(heard[..2400], s => Assert.Equal(0, s)); // on hook: nothing (one frame of playout latency included)
        double zero = ToneLevel.AmplitudeQ16(0) / 65536.0;
        double power = 0;
        for (int i = 4000; i < 10400; i++) { power += (double)heard[i] * heard[i]; }
        double dbm0 = 10 * Math.Log10(power / 6400 / (zero * zero / 2));
        Assert.InRange(dbm0, -20.3, -19.7);
    }

    [Fact]
    public void EchoReturnLossIsAsConfiguredForWhiteNoise()
    {
        foreach (int erl in new[] { 60, 120 })
        {
            var board = new SimBoard(new DtmfGenerator(), new SimBoardOptions { EchoReturnLossDeciDb = erl, NoiseDeciDbm0 = -1000, Encoding = CodecEncoding.Linear16 });
            var player = new NoisePlayer(board, -150);
            board.RunMs(200);
            player.Metering = true;
            board.RunMs(5000);
            double measured = player.PlayedDbm0() - player.HeardDbm0();
            _output.WriteLine($"ERL {erl / 10.0} dB configured, {measured:F2} dB measured; taps {string.Join(",", board.Echo.TapsQ15())}");
            Assert.InRange(measured, erl / 10.0 - 0.3, erl / 10.0 + 0.3);
        }
        var quiet = new SimBoard(new DtmfGenerator(), new SimBoardOptions { EchoReturnLossDeciDb = 1000, NoiseDeciDbm0 = -1000, Encoding = CodecEncoding.Linear16 });
        var p = new NoisePlayer(quiet, -150) { Metering = true };
        quiet.RunMs(1000);
        Assert.Equal(0, p.HeardEnergy);
    }

    [Fact]
    public void ScriptTimeIsSampleExact()
    {
        var board = new SimBoard(new DtmfGenerator());
        board.Phone.Wait(15);
        Assert.Equal(80, board.NowSamples);
        Assert.Equal(120, board.Phone.ScriptEndSample);
        board.Phone.Wait(15);
        Assert.Equal(240, board.NowSamples);
        board.RunMs(100); // the board runs on; the phone idles
        board.Phone.OffHook();
        Assert.Equal(1040, board.Phone.ScriptEndSample); // the next action starts at the board's time
    }

    [Fact]
    public void ScriptRefusesWhatThePhoneCannotDo()
    {
        var board = new SimBoard(new DtmfGenerator());
        Assert.Throws<InvalidOperationException>(() => board.Phone.DialDtmf("1"));
        Assert.Throws<InvalidOperationException>(() => board.Phone.DialPulses("1"));
        board.Phone.OffHook();
        Assert.Throws<ArgumentException>(() => board.Phone.DialDtmf("1x2"));
        Assert.Throws<ArgumentException>(() => board.Phone.DialPulses("1*"));
        Assert.Throws<ArgumentOutOfRangeException>(() => board.Phone.DialDtmf("1", levelDeciDbm0: 40));
    }

    [Fact]
    public void CodecPortBuffersTwoFramesAndChecksTheEncoding()
    {
        var board = new SimBoard(new DtmfGenerator());
        var frame = new CodecFrame();
        Assert.False(board.Codec.ReadHeard(frame));
        board.RunMs(30);
        Assert.Equal(1, board.HeardOverruns);
        Assert.True(board.Codec.ReadHeard(frame));
        Assert.Equal(80, frame.StartSample);
        Assert.Equal(CodecEncoding.MuLaw, frame.Encoding);
        Assert.True(board.Codec.ReadHeard(frame));
        Assert.False(board.Codec.ReadHeard(frame));
        frame.Encoding = CodecEncoding.Linear16;
        Assert.Throws<ArgumentException>(() => board.Codec.WritePlayed(frame));
        frame.Encoding = CodecEncoding.MuLaw;
        Assert.True(board.Codec.WritePlayed(frame));
        Assert.True(board.Codec.WritePlayed(frame));
        Assert.False(board.Codec.WritePlayed(frame));
    }

    /// <summary>Plays seeded white noise and meters both directions (linear board).</summary>
    private sealed class NoisePlayer : ISimFrameClient
    {
        private readonly WhiteNoise _noise;
        private readonly CodecFrame _heard = new();
        private readonly CodecFrame _played = new() { Encoding = CodecEncoding.Linear16 };
        private readonly int[] _sum = new int[CodecFrame.Samples];
        public bool Metering;
        public long HeardEnergy, PlayedEnergy, Samples;

        public NoisePlayer(SimBoard board, int levelDeciDbm0)
        {
            _noise = new WhiteNoise(99, levelDeciDbm0);
            board.SetFrameClient(this);
        }

        public void OnFrame(SimBoard board)
        {
            while (board.Codec.ReadHeard(_heard))
            {
                if (!Metering) { continue; }
                foreach (short s in _heard.Linear) { HeardEnergy += (long)s * s; }
                Samples += CodecFrame.Samples;
            }
            Array.Clear(_sum);
            _noise.Add(_sum, CodecFrame.Samples);
            for (int i = 0; i < CodecFrame.Samples; i++)
            {
                _played.Linear[i] = (short)_sum[i];
                if (Metering) { PlayedEnergy += (long)_sum[i] * _sum[i]; }
            }
            board.Codec.WritePlayed(_played);
        }

        public double HeardDbm0() => Dbm0(HeardEnergy);

        public double PlayedDbm0() => Dbm0(PlayedEnergy);

        private double Dbm0(long energy)
        {
            double zero = ToneLevel.AmplitudeQ16(0) / 65536.0;
            return 10 * Math.Log10((double)energy / Samples / (zero * zero / 2));
        }
    }
}
