using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fxs.Relay;

/// <summary>
/// The relay's JSON contracts, serialized by source-generated code: the device edition of fxs is
/// trimmed, and a trimmed app has no reflection-based JsonSerializer. Web defaults, as the file format
/// always had (camelCase, names matched case-insensitively, numbers also read from strings); comments
/// and trailing commas as every configuration file (docs/configuration.md).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(RelayOptions))]
public sealed partial class RelayJsonContext : JsonSerializerContext
{
}
