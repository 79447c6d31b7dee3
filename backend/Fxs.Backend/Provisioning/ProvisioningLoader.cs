using Fxs.Backend.Data;
using System.Data.Common;

namespace Fxs.Backend.Provisioning;

/// <summary>Writes the provisioning file into the database (insert or update; nothing is deleted but a gateway's ports).</summary>
public static class ProvisioningLoader
{
    /// <summary>One transaction; instances starting together load one after the other (PostgreSQL: an advisory lock).</summary>
    public static Task ApplyAsync(Database db, ProvisioningFile file, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            await db.LockKeysAsync(c, tx, ["provisioning"], ct);
            await ApplyAsync(c, tx, file, ct);
            return true;
        }, ct);

    private static async Task ApplyAsync(DbConnection c, DbTransaction tx, ProvisioningFile file, CancellationToken ct)
    {
        foreach (ProvisionedLine line in file.Lines)
        {
            await Database.ExecuteAsync(c, """
                INSERT INTO lines (line_id, area, contract_number) VALUES (@id, @area, @contract)
                ON CONFLICT (line_id) DO UPDATE SET area = excluded.area, contract_number = excluded.contract_number
                """, ct, tx, ("@id", line.LineId), ("@area", line.Area.ToString().ToLowerInvariant()), ("@contract", line.Contract.Number));
            int position = 0;
            foreach (ProvisionedNumber n in line.AllNumbers())
            {
                string services = string.Join(",", (n.Services ?? []).Distinct().Select(s => s.ToString()));
                await Database.ExecuteAsync(c, """
                    INSERT INTO numbers (number, line_id, is_contract, position, services) VALUES (@n, @line, @contract, @pos, @services)
                    ON CONFLICT (number) DO UPDATE SET line_id = excluded.line_id, is_contract = excluded.is_contract,
                        position = excluded.position, services = excluded.services
                    """, ct, tx, ("@n", n.Number), ("@line", line.LineId), ("@contract", position == 0 ? 1 : 0), ("@pos", position), ("@services", services));
                position++;
            }
        }
        foreach (ProvisionedGateway gw in file.Gateways)
        {
            await Database.ExecuteAsync(c, """
                INSERT INTO gateways (device_id, line_id, cert_sha256) VALUES (@id, @line, @cert)
                ON CONFLICT (device_id) DO UPDATE SET line_id = excluded.line_id, cert_sha256 = excluded.cert_sha256
                """, ct, tx, ("@id", gw.DeviceId), ("@line", gw.LineId), ("@cert", gw.ClientCertificateSha256?.Replace(":", "").ToUpperInvariant()));
            await Database.ExecuteAsync(c, "DELETE FROM gateway_ports WHERE device_id = @id", ct, tx, ("@id", gw.DeviceId));
            foreach (ProvisionedPort port in gw.Ports ?? [])
            {
                await Database.ExecuteAsync(c, "INSERT INTO gateway_ports (device_id, port, notify_number) VALUES (@id, @port, @n)",
                    ct, tx, ("@id", gw.DeviceId), ("@port", port.Port), ("@n", port.NotifyNumber));
            }
        }
    }
}
