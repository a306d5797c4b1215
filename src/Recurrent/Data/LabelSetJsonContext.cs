using System.Text.Json.Serialization;

namespace Recurrent.Data;

/// <summary>
/// The System.Text.Json metadata for a label set's JSON array, generated at compile time so that reading and writing
/// labels needs no reflection (the core is trimmable and native-AOT compatible).
/// </summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class LabelSetJsonContext : JsonSerializerContext;
