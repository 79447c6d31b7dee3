using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Fxs.Relay;

/// <summary>How one delivery attempt of a record ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>2xx: the backend has it (applied, superseded, expired, or a replay of an earlier delivery).</summary>
    Delivered,
    /// <summary>A definitive 4xx (not 401/403/408/429): parked with the problem details, never retried.</summary>
    Rejected,
    /// <summary>Network, TLS (pin), timeout, 5xx, 408, 429, 401/403: try again at the next-attempt time.</summary>
    RetryLater,
}

/// <summary>
/// The result of an attempt: outcome, HTTP status if any, the answer or error text (no secrets:
/// the body is sealed), and the backend's <c>Retry-After</c> when it gave one.
/// </summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, HttpStatusCode? Status, string Detail, TimeSpan? RetryAfter = null);

/// <summary>What one pass over the outbox did.</summary>
public sealed record SendPass(int Delivered, int Rejected, int Rescheduled);

/// <summary>
/// Delivers the outbox's records to <c>POST /device/v1/records</c> over HTTPS: TLS 1.2 or 1.3
/// only, the backend authenticated by its key alone (SHA-256 of the leaf's SubjectPublicKeyInfo
/// must equal a configured pin; chain and host name are not consulted, so a self-signed or
/// renewed certificate on the pinned key works and a CA-issued one on another key does not),
/// the device's client certificate in the handshake, the record ID as idempotency key (the
/// backend replays its first answer for the same record).
/// <para>Retries, two levels:</para>
/// <list type="bullet">
/// <item>in process (Polly via <see cref="ResilienceHandler"/>): <see cref="RelayOptions.InProcessRetries"/>
/// quick retries, exponential with jitter from <see cref="RelayOptions.InProcessBaseDelay"/>, on
/// connection errors, per-attempt timeouts, 5xx, 408 and 429 (not on a pin mismatch);</item>
/// <item>across restarts (the outbox's <c>next_attempt_ms</c>): after a failed delivery the row is
/// due again after min(<see cref="RelayOptions.MaxRetryDelay"/>, base x 2^attempts), with "equal
/// jitter" (half fixed, half random), base <see cref="RelayOptions.BaseRetryDelay"/>.</item>
/// </list>
/// 2xx marks the row delivered (answer kept); another 4xx than 401/403/408/429 parks it as
/// rejected with the problem details. 401/403 (the device's certificate not, or not yet, pinned
/// at the backend; the gateway's line not provisioned) are the device's configuration, not the
/// record's fault: retried with backoff. A row still undelivered when its password would have
/// expired anyway (an age of 24 h on the outbox's monotonic clock, TP-16; issue #12 item 4) is parked too: nothing is retried forever.
/// </summary>
public sealed class RelaySender : IDisposable
{
    /// <summary>TP-16: the temporary password's lifetime; past it a record is no longer worth retrying.</summary>
    public static readonly TimeSpan RecordLifetime = TimeSpan.FromHours(24);

    /// <summary>Issue #12: how long a delivered row (with the backend's answer) is kept before it is pruned, for diagnostics.</summary>
    public static readonly TimeSpan DeliveredRetention = TimeSpan.FromHours(1);

    private readonly Outbox _outbox;
    private readonly RelayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly FailureLog _failures;
    private readonly Dictionary<string, string> _unmarked = new(StringComparer.Ordinal); // delivered, not yet marked: record → answer

    public RelaySender(Outbox outbox, RelayOptions options, TimeProvider time, X509Certificate2? clientCertificate, ILogger? log = null)
    {
        _outbox = outbox;
        _options = options;
        _time = time;
        _log = log ?? NullLogger.Instance;
        _failures = new FailureLog(_log, time, FailureLog.DefaultInterval);
        _http = new HttpClient(CreateHandler(options, clientCertificate), disposeHandler: true)
        {
            BaseAddress = options.BackendUrl,
            Timeout = Timeout.InfiniteTimeSpan, // the pipeline's per-attempt timeout rules
        };
    }

    /// <summary>Wakes the loop (a new record was stored).</summary>
    public void Notify()
    {
        try { _wake.Release(); } catch (SemaphoreFullException) { }
    }

    /// <summary>
    /// Issue #12: the wait after a pass that failed (the outbox could not be read or written: disk
    /// full, I/O error), doubled per failed pass up to <see cref="MaxFailureBackoff"/>. No loop
    /// runs faster than this, whatever fails.
    /// </summary>
    public static readonly TimeSpan FirstFailureBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between failed passes (5 min): a disk that has room again is used within it.</summary>
    public static readonly TimeSpan MaxFailureBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Passes that failed in a row (0 after a pass that went through).</summary>
    public int FailedPasses { get; private set; }

    /// <summary>The loop: sends what is due, then sleeps until the next row is due, the poll interval, or <see cref="Notify"/>; after a failed pass, the failure backoff. Ends on cancellation.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await SendDueAsync(ct);
                wait = UntilNextDue();
                if (FailedPasses > 0) { _failures.Recovered("outbox", "the outbox takes writes again"); }
                FailedPasses = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                FailedPasses++;
                wait = FailureBackoff(FailedPasses);
                // Type and message only: SQLite's and the sealing's messages carry no values.
                _failures.Warn("outbox", "relay pass failed, retrying with backoff: " + Describe(e), LogLevel.Error);
            }
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                Task woken = _wake.WaitAsync(linked.Token);
                Task slept = Task.Delay(wait, _time, linked.Token);
                await Task.WhenAny(woken, slept);
                await linked.CancelAsync();
                ct.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>The wait after the <paramref name="failedPasses"/>-th failed pass in a row: 1 s, 2 s, 4 s … up to <see cref="MaxFailureBackoff"/>.</summary>
    public static TimeSpan FailureBackoff(int failedPasses)
    {
        double ms = FirstFailureBackoff.TotalMilliseconds * Math.Pow(2, Math.Clamp(failedPasses - 1, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxFailureBackoff.TotalMilliseconds));
    }

    // The sleep until the next row is due on the outbox's monotonic clock (issue #12 item 4), at most the poll interval.
    private TimeSpan UntilNextDue()
    {
        TimeSpan wait = _options.PollInterval;
        if (_outbox.UntilNextDue() is TimeSpan untilDue && untilDue < wait)
        {
            wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue;
        }
        return wait;
    }

    /// <summary>
    /// Issue #12 item 4: while records are pending, the outbox's clock is written at most this often
    /// (1 min): after a power cut, pending records' ages lose at most this much besides the time the
    /// board was off (<see cref="OutboxClock"/>). Flash is written once a minute, not at every pass.
    /// </summary>
    public static readonly TimeSpan ClockSaveInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// One pass: every row due now, oldest first. Throws when the outbox cannot be read or written
    /// (the loop then backs off). A record the backend took but the outbox could not mark delivered
    /// is remembered here and only its mark is retried: it is not posted again.
    /// </summary>
    public async Task<SendPass> SendDueAsync(CancellationToken ct = default)
    {
        int delivered = 0, rejected = 0, rescheduled = 0;
        delivered += FlushUnmarked();
        _outbox.SaveClockEvery(ClockSaveInterval);
        while (true)
        {
            IReadOnlyList<OutboxRow> due = _outbox.Due();
            if (due.Count == 0) { break; }
            bool requery = false; // rows became due: read them again, oldest first
            foreach (OutboxRow row in due)
            {
                long started = _time.GetTimestamp();
                DeliveryResult result = await DeliverAsync(row, ct);
                AttemptObserver?.Invoke(result, _time.GetElapsedTime(started));
                switch (result.Outcome)
                {
                    case DeliveryOutcome.Delivered:
                        ReportExpired(row, result.Detail);
                        try
                        {
                            _outbox.MarkDelivered(row.RecordId, result.Detail);
                        }
                        catch
                        {
                            _unmarked[row.RecordId] = result.Detail; // the backend has it: never post it again
                            throw;
                        }
                        delivered++;
                        _log.LogInformation("Record {RecordId} delivered ({Status})", row.RecordId, (int?)result.Status);
                        if (_outbox.MakePendingDue() > 0)
                        {
                            // Issue #12: the backend answers again: the rest need not wait out their backoff.
                            _log.LogInformation("The backend answers again: every pending record is due now, oldest first");
                            requery = true;
                        }
                        break;
                    case DeliveryOutcome.Rejected:
                        _outbox.MarkRejected(row.RecordId, result.Detail);
                        rejected++;
                        _log.LogWarning("Record {RecordId} rejected ({Status}): {Problem}", row.RecordId, (int?)result.Status, result.Detail);
                        break;
                    default:
                        if (row.Age >= RecordLifetime)
                        {
                            // Issue #12 item 4: the age on the outbox's monotonic clock, not the wall clock's callEnd.
                            _outbox.MarkRejected(row.RecordId, "Undelivered before the password expired (TP-16); last error: " + result.Detail);
                            rejected++;
                            _log.LogWarning("Record {RecordId} expired undelivered (TP-16, 24 h after its call); parked. Last error: {Error}", row.RecordId, result.Detail);
                        }
                        else
                        {
                            // The backend's Retry-After when it gave one (at least 1 s: no hot loop on "0"; plus jitter), else our backoff.
                            TimeSpan delay = result.RetryAfter is TimeSpan asked ? RetryAfterDelay(asked) : NextDelay(row.Attempts);
                            // Each record's attempt at Debug; the failure itself once per interval (issue #12).
                            _log.LogDebug("Record {RecordId} not delivered ({Error}); next attempt in {Delay}", row.RecordId, result.Detail, delay);
                            _failures.Warn("delivery", "records not delivered, retried with backoff: " + FailureKind(result));
                            _outbox.Reschedule(row.RecordId, result.Detail, delay);
                            _outbox.DeferPending(delay); // the whole queue waits, then goes oldest first
                            rescheduled++;
                        }
                        break;
                }
                if (result.Outcome != DeliveryOutcome.RetryLater) { _failures.Recovered("delivery", "the backend takes records again"); }
                if (requery || rescheduled > 0) { break; } // read the newly due rows; or the backend is not answering
            }
            if (rescheduled > 0) { break; } // the backend is not answering: leave the rest to their time
        }
        if (delivered + rejected + rescheduled > 0)
        {
            // Issue #12: the outbox does not eat the disk: old delivered rows go, the WAL is cut back.
            _outbox.PruneDelivered(DeliveredRetention);
            _outbox.Checkpoint();
        }
        return new SendPass(delivered, rejected, rescheduled);
    }

    // The shortest wait a Retry-After can ask for (1 s).
    private static readonly TimeSpan MinRetryAfter = TimeSpan.FromSeconds(1);

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    /// <summary>
    /// Issue #17 item 4: the part of a <c>Retry-After</c> added at random (up to half of it). A
    /// shedding backend tells every gateway of a wave the same number: waiting exactly that would
    /// bring them all back in the same second, so each waits at least what it was told and at
    /// most 1.5 times that, spread evenly.
    /// </summary>
    public const double RetryAfterJitterFraction = 0.5;

    /// <summary>
    /// The wait for the backend's <c>Retry-After</c> of <paramref name="asked"/>: clamped to 1 s ..
    /// <see cref="RelayOptions.MaxRetryAfter"/>, plus up to <see cref="RetryAfterJitterFraction"/>
    /// of it at random. Never less than asked (within the clamp), never more than 1.5 x the maximum.
    /// </summary>
    public static TimeSpan RetryAfterDelay(TimeSpan asked, TimeSpan maxRetryAfter, double random01)
    {
        TimeSpan wait = Clamp(asked, MinRetryAfter, maxRetryAfter);
        return wait + TimeSpan.FromMilliseconds(Math.Floor(wait.TotalMilliseconds * RetryAfterJitterFraction * Math.Clamp(random01, 0, 1)));
    }

    private TimeSpan RetryAfterDelay(TimeSpan asked) => RetryAfterDelay(asked, _options.MaxRetryAfter, Random.Shared.NextDouble());

    /// <summary>
    /// Called after each delivery attempt with its result and how long it took on the relay's clock
    /// (Polly's in-process retries included): for the outage-wave bench's per-request figures.
    /// Must be quick and must not throw.
    /// </summary>
    public Action<DeliveryResult, TimeSpan>? AttemptObserver { get; set; }

    // TP-16: a record that reached the backend after its password would have expired is taken (2xx)
    // but not applied: say so, rather than only "delivered" (the outbox's row says so too: ExpiredOnArrival).
    private void ReportExpired(OutboxRow row, string answer)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(answer);
            if (doc.RootElement.TryGetProperty("status", out System.Text.Json.JsonElement status) && status.GetString() == "expired")
            {
                _log.LogWarning("Record {RecordId} reached the backend after its password expired (TP-16, {AgeH:0.0} h after its call): kept there, not applied",
                    row.RecordId, row.Age.TotalHours);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not the device API's answer: nothing to report.
        }
    }

    // Marks what the backend took while the outbox could not be written; throws while it still cannot.
    private int FlushUnmarked()
    {
        int marked = 0;
        foreach ((string recordId, string answer) in _unmarked.ToList())
        {
            _outbox.MarkDelivered(recordId, answer);
            _unmarked.Remove(recordId);
            marked++;
            _log.LogInformation("Record {RecordId} delivered (marked after the outbox could be written again)", recordId);
        }
        return marked;
    }

    // What a failed delivery has in common with the next one (the key of the once-per-interval log):
    // the HTTP status, or the exception chain's types and messages; never the body's details.
    private static string FailureKind(DeliveryResult result) =>
        result.Status is HttpStatusCode status ? "HTTP " + (int)status : result.Detail;

    /// <summary>One delivery of a row (with the in-process retries); the outbox is not touched.</summary>
    public async Task<DeliveryResult> DeliverAsync(OutboxRow row, CancellationToken ct = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "device/v1/records")
            {
                // The age is written when the body goes on the wire (after connecting and the TLS handshake, at each in-process retry).
                Content = new AgedContent(row.Body, () => AgeNow(row)),
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", row.RecordId);
            using HttpResponseMessage response = await _http.SendAsync(request, ct);
            string text = await response.Content.ReadAsStringAsync(ct);
            int status = (int)response.StatusCode;
            TimeSpan? retryAfter = response.Headers.RetryAfter is { } ra
                ? ra.Delta ?? (ra.Date is DateTimeOffset at ? at - _time.GetUtcNow() : null)
                : null;
            DeliveryOutcome outcome = status is >= 200 and < 300 ? DeliveryOutcome.Delivered
                : status is >= 400 and < 500 and not (401 or 403 or 408 or 429) ? DeliveryOutcome.Rejected
                : DeliveryOutcome.RetryLater;
            return new DeliveryResult(outcome, response.StatusCode, outcome == DeliveryOutcome.Delivered ? text : $"HTTP {status}: {Truncate(text)}",
                outcome == DeliveryOutcome.RetryLater ? retryAfter : null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Network, TLS (pin), Polly's timeout, anything else: the row stays and is tried again later.
            return new DeliveryResult(DeliveryOutcome.RetryLater, null, Describe(e));
        }
    }

    /// <summary>
    /// Issue #12 item 4: the sealed record with its age beside it, <c>"ageMs"</c>: how long ago the
    /// call ended on the outbox's monotonic clock, as the attempt starts. The backend dates the
    /// password from its own receipt time minus this age, never from the gateway's wall clock. The
    /// age is not in the sealed fields: it changes at every attempt and the relay no longer has the
    /// password to seal again (it exists only during the call); the backend bounds it instead.
    /// </summary>
    public static string WithAge(string body, TimeSpan age)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (System.Text.Json.JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (p.NameEquals("ageMs")) { continue; }
                p.WriteTo(w);
            }
            w.WriteNumber("ageMs", Math.Max(0, (long)age.TotalMilliseconds));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The row's age now; the age it was read with when the outbox cannot be reached (it is then a little short: never longer).
    private TimeSpan AgeNow(OutboxRow row)
    {
        try
        {
            return _outbox.AgeOf(row);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            return row.Age;
        }
    }

    /// <summary>
    /// The carrier's sealing key from <c>GET /device/v1/sealing-key</c> over the same pinned channel
    /// (SubjectPublicKeyInfo, DER), for provisioning <see cref="RelayOptions.CarrierSealingKey"/>.
    /// Throws when the channel, the scheme or the key is not the expected one.
    /// </summary>
    public Task<byte[]> FetchSealingKeyAsync(CancellationToken ct = default) => FetchSealingKeyAsync(_http, ct);

    /// <summary>As the instance method, over <paramref name="http"/> (based at the backend, its handler from <see cref="CreateHandler"/>).</summary>
    public static async Task<byte[]> FetchSealingKeyAsync(HttpClient http, CancellationToken ct = default)
    {
        using HttpResponseMessage response = await http.GetAsync("device/v1/sealing-key", ct);
        response.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        if (doc.RootElement.GetProperty("scheme").GetString() != Sealing.PasswordSealing.Scheme)
        {
            throw new InvalidDataException("The backend seals with another scheme than " + Sealing.PasswordSealing.Scheme + ".");
        }
        byte[] spki = Convert.FromBase64String(doc.RootElement.GetProperty("publicKey").GetString() ?? string.Empty);
        using var key = ECDiffieHellman.Create();
        key.ImportSubjectPublicKeyInfo(spki, out _);
        if (key.KeySize != 256) { throw new InvalidDataException("The carrier's sealing key is not a P-256 key."); }
        return spki;
    }

    /// <summary>Across restarts: min(max, base x 2^attempts), equal jitter (half fixed, half random).</summary>
    public TimeSpan NextDelay(int attemptsSoFar)
    {
        double capped = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptsSoFar, 30)));
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    public void Dispose()
    {
        _http.Dispose();
        _wake.Dispose();
    }

    /// <summary>The handler chain: Polly's in-process retries and timeout over a pinned, mutual-TLS socket handler.</summary>
    public static HttpMessageHandler CreateHandler(RelayOptions options, X509Certificate2? clientCertificate)
    {
        IReadOnlyList<byte[]> pins = options.Pins();
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => PinMatches(certificate, pins),
            },
        };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.InProcessRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.InProcessRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.InProcessBaseDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>(e => e.InnerException is not AuthenticationException)
                    .Handle<TimeoutRejectedException>()
                    // Not when the backend says when to come back (Retry-After): the outbox's schedule honours it.
                    .HandleResult(r => ((int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                        && r.Headers.RetryAfter is null),
            });
        }
        builder.AddTimeout(options.AttemptTimeout);
        return new ResilienceHandler(builder.Build()) { InnerHandler = sockets };
    }

    /// <summary>True when the certificate's key is one of the pins (SHA-256 of SubjectPublicKeyInfo, compared in constant time).</summary>
    public static bool PinMatches(X509Certificate? certificate, IReadOnlyList<byte[]> pins)
    {
        if (certificate is null) { return false; }
        using X509Certificate2 cert = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        byte[] spki = SHA256.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo());
        bool match = false;
        foreach (byte[] pin in pins) { match |= CryptographicOperations.FixedTimeEquals(spki, pin); }
        return match;
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException) { parts.Add(x.GetType().Name + ": " + x.Message); }
        return Truncate(string.Join(" <- ", parts));
    }

    private static string Truncate(string s) => s.Length <= 2000 ? s : s[..2000];
}

/// <summary>
/// Issue #12 item 4: the record's JSON with its age (<see cref="RelaySender.WithAge"/>) read when the
/// body is serialised, that is once the connection and TLS are up: the time spent connecting (a
/// first handshake, a slow network) is in the age, not added to the password's life.
/// </summary>
internal sealed class AgedContent : HttpContent
{
    private readonly string _body;
    private readonly Func<TimeSpan> _age;

    public AgedContent(string body, Func<TimeSpan> age)
    {
        _body = body;
        _age = age;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(RelaySender.WithAge(_body, _age()));
        await stream.WriteAsync(bytes, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false; // the age is not known yet: sent chunked (HTTP/1.1) or in DATA frames (HTTP/2)
    }
}
