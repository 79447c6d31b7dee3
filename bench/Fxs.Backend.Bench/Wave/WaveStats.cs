using System.Diagnostics;
using System.Net;
using Fxs.Relay;

namespace Fxs.Backend.Bench.Wave;

/// <summary>
/// What the wave's gateways saw, from the relay's attempt observer: each request's outcome and
/// latency (on the relay's clock, its in-process retries included), and when each gateway was done
/// (its record delivered, refused, or parked by the relay as expired).
/// </summary>
internal sealed class WaveStats(int gateways, int firstIndex)
{
    private readonly Lock _lock = new();
    private readonly List<double> _latenciesMs = new(gateways * 4);
    private readonly List<double> _createdMs = new(gateways);
    private readonly bool[] _done = new bool[gateways];
    private Stopwatch _clock = new();
    private readonly HashSet<string> _networkKinds = [];

    public int Done { get; private set; }
    public double LastDoneSeconds { get; private set; }
    public int Requests { get; private set; }
    public int Created { get; private set; }
    public int Shed { get; private set; }
    public int Other5xx { get; private set; }
    public int Other4xx { get; private set; }
    public int Network { get; private set; }
    public int ExpiredAnswered { get; private set; }
    public int ExpiredParked { get; private set; }
    public double Max { get { lock (_lock) { return _latenciesMs.Count == 0 ? 0 : _latenciesMs.Max(); } } }

    public void Start(Stopwatch clock) => _clock = clock;

    public void Attempt(WaveGateway gateway, DeliveryResult result, TimeSpan took)
    {
        lock (_lock)
        {
            Requests++;
            _latenciesMs.Add(took.TotalMilliseconds);
            switch (result.Status)
            {
                case null:
                    Network++;
                    if (_networkKinds.Count < 3) { _networkKinds.Add(result.Detail.Length <= 160 ? result.Detail : result.Detail[..160]); }
                    break;
                case HttpStatusCode.ServiceUnavailable: Shed++; break;
                case >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices:
                    Created++;
                    _createdMs.Add(took.TotalMilliseconds);
                    if (result.Detail.Contains("\"status\":\"expired\"", StringComparison.Ordinal)) { ExpiredAnswered++; }
                    break;
                case >= HttpStatusCode.InternalServerError: Other5xx++; break;
                default: Other4xx++; break;
            }
            // One record per gateway: done when it is delivered or refused; an expired one that was
            // not delivered is parked by the relay in the same pass (TP-16: it retries nothing that old).
            bool done = result.Outcome != DeliveryOutcome.RetryLater || gateway.Expired;
            if (done && result.Outcome == DeliveryOutcome.RetryLater) { ExpiredParked++; }
            if (done && !_done[gateway.Index - firstIndex])
            {
                _done[gateway.Index - firstIndex] = true;
                Done++;
                LastDoneSeconds = _clock.Elapsed.TotalSeconds;
            }
        }
    }

    public double Percentile(double p)
    {
        lock (_lock) { return Program.Percentile([.. _latenciesMs.Order()], p); }
    }

    public double CreatedPercentile(double p)
    {
        lock (_lock) { return Program.Percentile([.. _createdMs.Order()], p); }
    }

    /// <summary>This process's account, for the bench's parent process.</summary>
    public WaveResult Result(IEnumerable<WaveGateway> gateways)
    {
        lock (_lock)
        {
            return new WaveResult(Done, LastDoneSeconds, Requests, Created, Shed, Other5xx, Other4xx, Network, ExpiredAnswered, ExpiredParked,
                [.. _latenciesMs], [.. _createdMs], [.. gateways.Select(g => new GatewayRecord(g.RecordId, g.Contract, g.Expired, g.Row()?.State.ToString()))]);
        }
    }

    public string Progress()
    {
        lock (_lock)
        {
            return $"{_clock.Elapsed.TotalSeconds:F0} s: {Done}/{gateways} done; {Requests} requests: {Created} 2xx, {Shed} 503, {Other5xx} other 5xx, {Other4xx} 4xx, {Network} timeouts/network"
                + (_networkKinds.Count == 0 ? "" : " (" + string.Join("; ", _networkKinds) + ")");
        }
    }
}

/// <summary>One gateway's record, for the database check.</summary>
internal sealed record GatewayRecord(string RecordId, string Contract, bool Expired, string? OutboxState);

/// <summary>A worker process's account of its gateways (JSON on its standard output); <see cref="Merge"/> adds them up.</summary>
internal sealed record WaveResult(int Done, double LastDoneSeconds, int Requests, int Created, int Shed, int Other5xx, int Other4xx, int Network,
    int ExpiredAnswered, int ExpiredParked, double[] LatenciesMs, double[] CreatedMs, GatewayRecord[] Records)
{
    public static WaveResult Merge(IReadOnlyList<WaveResult> parts) => new(
        parts.Sum(p => p.Done), parts.Max(p => p.LastDoneSeconds), parts.Sum(p => p.Requests), parts.Sum(p => p.Created), parts.Sum(p => p.Shed),
        parts.Sum(p => p.Other5xx), parts.Sum(p => p.Other4xx), parts.Sum(p => p.Network), parts.Sum(p => p.ExpiredAnswered), parts.Sum(p => p.ExpiredParked),
        [.. parts.SelectMany(p => p.LatenciesMs).Order()], [.. parts.SelectMany(p => p.CreatedMs).Order()], [.. parts.SelectMany(p => p.Records)]);
}
