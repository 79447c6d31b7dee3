using Fxs.Backend.Data;
using Fxs.Backend.Provisioning;
using System.Data.Common;

namespace Fxs.Backend.Lines;

/// <summary>A number of a line as the site and the device API see it (TP-1, TP-19).</summary>
public sealed record LineNumber(string Number, bool IsContract, IReadOnlyList<Service> Services);

/// <summary>A line with its numbers, the contract number first (TP-1).</summary>
public sealed record Line(string LineId, Area Area, IReadOnlyList<LineNumber> Numbers)
{
    public LineNumber Contract => Numbers[0];

    public LineNumber? Find(string number) => Numbers.FirstOrDefault(n => n.Number == number);
}

/// <summary>A provisioned gateway: its line and the notify numbers of its ports (TP-2).</summary>
public sealed record Gateway(string DeviceId, string LineId, IReadOnlyList<string> NotifyNumbers);

/// <summary>Reads lines, numbers and gateways as provisioned.</summary>
public sealed class LineDirectory(Database db)
{
    public async Task<Line?> LineOfNumberAsync(string number, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        object? lineId = await Database.ScalarAsync(c, "SELECT line_id FROM numbers WHERE number = @n", ct, null, ("@n", number));
        return lineId is string id ? await LineAsync(c, id, ct) : null;
    }

    public async Task<Line?> LineAsync(string lineId, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await LineAsync(c, lineId, ct);
    }

    public async Task<Gateway?> GatewayByCertificateAsync(string sha256Hex, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        object? id = await Database.ScalarAsync(c, "SELECT device_id FROM gateways WHERE cert_sha256 = @h", ct, null, ("@h", sha256Hex.ToUpperInvariant()));
        return id is string deviceId ? await GatewayAsync(c, deviceId, ct) : null;
    }

    public async Task<Gateway?> GatewayAsync(string deviceId, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await GatewayAsync(c, deviceId, ct);
    }

    private static async Task<Gateway?> GatewayAsync(DbConnection c, string deviceId, CancellationToken ct)
    {
        object? lineId = await Database.ScalarAsync(c, "SELECT line_id FROM gateways WHERE device_id = @id", ct, null, ("@id", deviceId));
        if (lineId is not string line) { return null; }
        var notify = new List<string>();
        await using DbCommand cmd = Database.Command(c, "SELECT notify_number FROM gateway_ports WHERE device_id = @id ORDER BY port", null, ("@id", deviceId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) { notify.Add(r.GetString(0)); }
        return new Gateway(deviceId, line, notify);
    }

    private static async Task<Line?> LineAsync(DbConnection c, string lineId, CancellationToken ct)
    {
        object? area = await Database.ScalarAsync(c, "SELECT area FROM lines WHERE line_id = @id", ct, null, ("@id", lineId));
        if (area is not string a) { return null; }
        var numbers = new List<LineNumber>();
        await using DbCommand cmd = Database.Command(c, "SELECT number, is_contract, services FROM numbers WHERE line_id = @id ORDER BY position", null, ("@id", lineId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            Service[] services = r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Service>).ToArray();
            numbers.Add(new LineNumber(r.GetString(0), r.GetInt64(1) == 1, services));
        }
        return new Line(lineId, Enum.Parse<Area>(a, ignoreCase: true), numbers);
    }
}
