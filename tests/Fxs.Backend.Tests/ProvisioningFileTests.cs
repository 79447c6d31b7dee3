using Fxs.Backend.Provisioning;
using Fxs.Config;

namespace Fxs.Backend.Tests;

// Issue #14: the provisioning file is read by the policy of every configuration file (docs/configuration.md).
public sealed class ProvisioningFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-provisioning-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_dir, "provisioning.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Sample = """
        // The carrier's lines and gateways.
        {
          "lines": [
            { "lineId": "line-0001", "area": "east", /* TP-1 */
              "contract": { "number": "0300001111", "services": ["voiceWarp"] },
              "additional": [ { "number": "0300002222", "services": [] }, ] }
          ],
          "gateways": [
            { "deviceId": "hgw-0001", "lineId": "line-0001", "clientCertificateSha256": null,
              "ports": [ { "port": 1, "notifyNumber": "0300001111" } ] }
          ],
        }
        """;

    [Fact]
    public void CommentsAndTrailingCommasParse()
    {
        ProvisioningFile file = ProvisioningFile.Load(Write(Sample));

        Assert.Equal("0300002222", Assert.Single(file.Lines[0].Additional!).Number);
    }

    [Fact]
    public void ATypoInAFieldIsAnErrorWithASuggestion()
    {
        string path = Write(Sample.Replace("\"notifyNumber\"", "\"notifyNumbr\"", StringComparison.Ordinal));

        var e = Assert.Throws<ConfigFileException>(() => ProvisioningFile.Load(path));

        Assert.Equal("gateways[0].ports[0].notifyNumbr", e.Field);
        Assert.Equal(path + ": gateways[0].ports[0].notifyNumbr: expected one of the fields port, notifyNumber, found unknown field \"notifyNumbr\" (did you mean \"notifyNumber\"?)", e.Message);
    }

    [Fact]
    public void AValueOfTheWrongTypeNamesTheField()
    {
        string path = Write(Sample.Replace("\"port\": 1", "\"port\": \"first\"", StringComparison.Ordinal));

        var e = Assert.Throws<ConfigFileException>(() => ProvisioningFile.Load(path));

        Assert.Equal("gateways[0].ports[0].port", e.Field);
    }
}
