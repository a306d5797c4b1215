using Recurrent.Tensors;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Recurrent.IO;

/// <summary>
/// A file in the safetensors format, the format of Hugging Face's <c>safetensors</c> and of Recurrent's checkpoints:
/// an 8-byte little-endian header length N, N bytes of JSON (<c>{"name": {"dtype": "F32", "shape": [4, 3],
/// "data_offsets": [begin, end]}, "__metadata__": {"key": "value"}}</c>), then the raw little-endian data, each
/// tensor at its offsets relative to the end of the header.
/// </summary>
/// <remarks>
/// Reading validates the whole structure before any tensor is handed out, and every problem surfaces as a
/// <see cref="CheckpointFormatException"/> naming the file and what is wrong.
/// </remarks>
public sealed class SafeTensorsFile
{
    /// <summary>The largest header accepted, as in the reference implementation (100 MB).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private readonly byte[] _bytes;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorsEntry> _byName;

    private SafeTensorsFile(
        string path,
        byte[] bytes,
        long dataStart,
        List<SafeTensorsEntry> entries,
        Dictionary<string, string> metadata
    )
    {
        FilePath = path;
        _bytes = bytes;
        _dataStart = dataStart;
        Entries = entries;
        Metadata = metadata;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The path the file was read from (or the name given to <see cref="Parse"/>).</summary>
    public string FilePath { get; }

    /// <summary>The tensors, in the order of their data.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> string map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Whether the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The header entry of tensor <paramref name="name"/>.</summary>
    /// <exception cref="CheckpointFormatException">There is no such tensor.</exception>
    public SafeTensorsEntry Entry(string name) =>
        _byName.TryGetValue(name, out var e)
            ? e
            : throw new CheckpointFormatException(FilePath, $"there is no tensor named '{name}'.");

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a valid safetensors file.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static SafeTensorsFile Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException($"{path}: no such safetensors file.", path);
        if (info.Length > Array.MaxLength)
            throw new CheckpointFormatException(
                path,
                $"the file has {info.Length} bytes; files over {Array.MaxLength} bytes are not supported."
            );
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// Validates <paramref name="bytes"/> as a safetensors file; <paramref name="filePath"/> names it in errors.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The bytes are not a valid safetensors file.</exception>
    public static SafeTensorsFile Parse(byte[] bytes, string filePath)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 8)
            throw new CheckpointFormatException(
                filePath,
                $"the file is truncated: {bytes.Length} bytes, fewer than the 8 of the header length."
            );
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderLength)
            throw new CheckpointFormatException(
                filePath,
                $"the header length {headerLength} is absurd (the limit is {MaxHeaderLength} bytes); this is not a "
                    + $"safetensors file or its first bytes are damaged."
            );
        if ((long)headerLength > bytes.Length - 8)
            throw new CheckpointFormatException(
                filePath,
                $"the header length {headerLength} runs past the end of the file ({bytes.Length} bytes); the file is "
                    + $"truncated or damaged."
            );
        if (headerLength < 2)
            throw new CheckpointFormatException(
                filePath,
                $"the header length {headerLength} is too short for a JSON object."
            );

        long dataStart = 8 + (long)headerLength;
        long dataLength = bytes.Length - dataStart;
        var (entries, metadata) = ParseHeader(bytes.AsMemory(8, (int)headerLength), dataLength, filePath);
        return new SafeTensorsFile(filePath, bytes, dataStart, entries, metadata);
    }

    private static (List<SafeTensorsEntry>, Dictionary<string, string>) ParseHeader(
        ReadOnlyMemory<byte> header,
        long dataLength,
        string filePath
    )
    {
        if (!System.Text.Unicode.Utf8.IsValid(header.Span))
            throw new CheckpointFormatException(filePath, "the header is not valid UTF-8 text; the file is damaged.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (Exception e) when (e is JsonException or ArgumentException or DecoderFallbackException)
        {
            throw new CheckpointFormatException(filePath, $"the header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException(filePath, $"the header is a JSON {root.ValueKind}, not an object.");
            var entries = new List<SafeTensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                    throw new CheckpointFormatException(filePath, $"the header names '{property.Name}' twice.");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, filePath);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, dataLength, filePath));
            }
            CheckOffsets(entries, filePath);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string filePath)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new CheckpointFormatException(
                filePath,
                $"__metadata__ is a JSON {value.ValueKind}, not an object of strings."
            );
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new CheckpointFormatException(
                    filePath,
                    $"__metadata__ entry '{item.Name}' is a JSON {item.Value.ValueKind}, not a string."
                );
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new CheckpointFormatException(filePath, $"__metadata__ names '{item.Name}' twice.");
        }
    }

    private static SafeTensorsEntry ReadEntry(string name, JsonElement value, long dataLength, string filePath)
    {
        string Where() => $"tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object)
            throw new CheckpointFormatException(
                filePath,
                $"{Where()} is described by a JSON {value.ValueKind}, not an object."
            );
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new CheckpointFormatException(filePath, $"{Where()} has no dtype string.");
        string dtypeText = dtypeElement.GetString()!;
        if (!SafeTensorsDTypes.TryParse(dtypeText, out var dtype))
            throw new CheckpointFormatException(
                filePath,
                $"{Where()} has dtype '{dtypeText}', which is unknown or unsupported (supported: "
                    + $"{string.Join(", ", Enum.GetNames<SafeTensorsDType>())})."
            );

        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new CheckpointFormatException(filePath, $"{Where()} has no shape array.");
        var shape = new int[shapeElement.GetArrayLength()];
        long elements = 1;
        int axis = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw new CheckpointFormatException(
                    filePath,
                    $"{Where()} has a shape entry {d.GetRawText()} that is not a non-negative 32-bit integer."
                );
            shape[axis++] = dim;
            elements *= dim;
            if (elements > int.MaxValue)
                throw new CheckpointFormatException(filePath, $"{Where()} has more than {int.MaxValue} elements.");
        }

        if (
            !value.TryGetProperty("data_offsets", out var offsets)
            || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
        )
            throw new CheckpointFormatException(filePath, $"{Where()} has no data_offsets pair.");
        long begin = ReadOffset(offsets[0], name, filePath),
            end = ReadOffset(offsets[1], name, filePath);
        if (end < begin)
            throw new CheckpointFormatException(
                filePath,
                $"{Where()} has data_offsets [{begin}, {end}] that end before they begin."
            );
        if (end > dataLength)
            throw new CheckpointFormatException(
                filePath,
                $"{Where()} has data_offsets [{begin}, {end}] past the end of the data ({dataLength} bytes); the file "
                    + $"is truncated or damaged."
            );
        long expected = elements * SafeTensorsDTypes.SizeOf(dtype);
        if (end - begin != expected)
            throw new CheckpointFormatException(
                filePath,
                $"{Where()} covers {end - begin} bytes but its shape {Tensors.Shape.Format(shape)} of {dtype} needs "
                    + $"{expected}."
            );
        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    private static long ReadOffset(JsonElement element, string name, string filePath)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long offset) || offset < 0)
            throw new CheckpointFormatException(
                filePath,
                $"tensor '{name}' has a data offset {element.GetRawText()} that is not a non-negative integer."
            );
        return offset;
    }

    private static void CheckOffsets(List<SafeTensorsEntry> entries, string filePath)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        SafeTensorsEntry? previous = null;
        foreach (var e in entries)
        {
            if (e.Begin == e.End)
                continue;
            if (previous is not null && e.Begin < previous.End)
                throw new CheckpointFormatException(
                    filePath,
                    $"tensors '{previous.Name}' [{previous.Begin}, {previous.End}] and '{e.Name}' [{e.Begin}, {e.End}] "
                        + $"overlap."
                );
            previous = e;
        }
    }

    /// <summary>The values of tensor <paramref name="name"/>, converted to float32.</summary>
    /// <exception cref="CheckpointFormatException">There is no such tensor.</exception>
    public float[] ReadFloats(string name)
    {
        var e = Entry(name);
        var values = new float[e.ElementCount];
        SafeTensorsDTypes.ToFloat(e.DType, _bytes.AsSpan((int)(_dataStart + e.Begin), (int)(e.End - e.Begin)), values);
        return values;
    }

    /// <summary>Tensor <paramref name="name"/> as a new float32 <see cref="Tensor"/> named after it.</summary>
    /// <exception cref="CheckpointFormatException">There is no such tensor.</exception>
    public Tensor ReadTensor(string name)
    {
        var t = Tensor.FromArray(ReadFloats(name), Entry(name).Shape);
        t.Name = name;
        return t;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> as float32, in the given order, with <paramref name="metadata"/> as the
    /// <c>__metadata__</c> map, atomically (see <see cref="AtomicFile"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is <c>__metadata__</c>.</exception>
    public static void Write(
        string path,
        IEnumerable<(string Name, Tensor Value)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null
    )
    {
        var bytes = Serialize(tensors, metadata);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>
    /// The bytes of a safetensors file holding <paramref name="tensors"/> as float32 and <paramref name="metadata"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is <c>__metadata__</c>.</exception>
    public static byte[] Serialize(
        IEnumerable<(string Name, Tensor Value)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null
    )
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in list)
            if (name == MetadataKey || !seen.Add(name))
                throw new ArgumentException(
                    $"SafeTensorsFile.Write: the tensor name '{name}' is reserved or used twice.",
                    nameof(tensors)
                );

        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in list)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += 4L * t.Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (header.Length % 8 != 0)
            header.WriteByte((byte)' ');

        long dataLength = list.Sum(p => 4L * p.Value.Length);
        var bytes = new byte[8 + header.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.GetBuffer().AsSpan(0, (int)header.Length).CopyTo(bytes.AsSpan(8));
        int position = 8 + (int)header.Length;
        foreach (var (_, t) in list)
        {
            var destination = bytes.AsSpan(position, 4 * t.Length);
            if (BitConverter.IsLittleEndian)
                MemoryMarshal.AsBytes(t.Span).CopyTo(destination);
            else
                for (int i = 0; i < t.Length; i++)
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], t.Span[i]);
            position += 4 * t.Length;
        }
        return bytes;
    }
}
