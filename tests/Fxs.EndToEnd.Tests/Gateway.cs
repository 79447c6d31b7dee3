using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Fxs.Relay;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Core.Line;
using Fxs.Core.Dsp;

namespace Fxs.EndToEnd.Tests;

/// <summary>
/// The `sim` board's port with the relay in place of the sim password sink: the IVR's record goes
/// to <see cref="OutboxSink"/> (sealed, into a SQLite outbox file) and <see cref="RelaySender"/>
/// delivers it over pinned mutual TLS to <see cref="Backend"/>. The phone touches only audio and
/// the hook (DTMF through the line's echo and noise); it learns only when the guidance has ended.
/// </summary>
public sealed class Gateway : ISimFrameClient, IDisposable
{
    private static readonly Lazy<PromptDirectory> Prompts = new(() => new PromptDirectory(PromptDirectory.DefaultDirectory()));

    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-e2e-gateway-").FullName;
    private readonly Backend _backend;
    private readonly Outbox _outbox;
    private readonly List<string> _errors = [];

    public Gateway(Backend backend)
    {
        _backend = backend;
        Options = new RelayOptions
        {
            DeviceId = Backend.DeviceId,
            BackendUrl = backend.DeviceUrl,
            BackendSpkiSha256 = [RelayOptions.SpkiPin(backend.ServerCertificate)],
            CarrierSealingKey = Convert.ToBase64String(backend.SealingKeySpki),
            OutboxPath = Path.Combine(_dir, "outbox.db"),
            InProcessRetries = 1,
            InProcessBaseDelay = TimeSpan.FromMilliseconds(20),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        _outbox = new Outbox(Options.OutboxPath);
        Sender = new RelaySender(_outbox, Options, backend.Clock, backend.DeviceCertificate);
    }

    public RelayOptions Options { get; }
    public RelaySender Sender { get; }
    public Outbox Outbox => _outbox;

    private SimBoard? _board;
    private GatewayPort? _port;

    /// <summary>
    /// One whole call on a fresh port whose notify number is <paramref name="notify"/>: the access
    /// number, <paramref name="unit"/> (and for unit 2 or 3 from the contract port, <paramref name="target"/>#),
    /// the password twice, hang up. Returns the outbox's record ID.
    /// </summary>
    public string Call(string password, char unit = '1', string notify = Backend.Contract, string? target = null)
    {
        var line = new LineConfiguration(Backend.Contract, [Backend.Additional2, Backend.Additional3], notify, ServiceArea.East);
        _board = new SimBoard(new DtmfGenerator(), new SimBoardOptions());
        var sink = OutboxSink.Create(_outbox, Options, _backend.Clock, () => _board.NowSamples, e => _errors.Add(e.Message));
        _port = new GatewayPort(_board.Codec, _board.HookSwitch, line, Prompts.Value, new SimOutgoingCalls(), sink, null, 1);
        _board.SetFrameClient(this);

        SimPhone phone = _board.Phone;
        phone.OffHook();
        phone.Wait(800);
        Keys(LineConfiguration.EastAccessNumber);
        Listen();
        Keys(unit.ToString());
        Listen();
        if (target is not null)
        {
            Keys(target + "#");
            Listen();
        }
        Keys(password);
        Listen();
        Keys(password);
        Listen();
        phone.Wait(1500);
        phone.OnHook();
        phone.Wait(1200);

        Assert.Empty(_errors);
        Assert.Equal(1, sink.Stored);
        return sink.LastRecordId!;
    }

    /// <summary>Delivers what is due; returns the backend's answer (JSON) for <paramref name="recordId"/>.</summary>
    public async Task<string> DeliverAsync(string recordId)
    {
        SendPass pass = await Sender.SendDueAsync();
        Assert.Equal(new SendPass(1, 0, 0), pass);
        OutboxRow row = _outbox.Find(recordId)!;
        Assert.Equal(OutboxState.Delivered, row.State);
        return row.Answer!;
    }

    public void OnFrame(SimBoard board) => _port!.Service();

    private void Keys(string keys) => _board!.Phone.DialDtmf(keys, toneMs: 80, pauseMs: 150, levelDeciDbm0: -100, twistDeciDb: 20);

    private void Listen()
    {
        _board!.Phone.Wait(300);
        for (int i = 0; i < 9000 && _port!.Control.Player.IsPlaying; i++) { _board.Phone.Wait(10); }
        _board.Phone.Wait(500);
    }

    public void Dispose()
    {
        Sender.Dispose();
        _outbox.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
