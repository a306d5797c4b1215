using System.Text.Json;

namespace Recurrent.Tests.Layers;

/// <summary>
/// One case written by tests/make_fixtures.py: a little-endian uint32 header length, a JSON header with the
/// configuration and the name, shape and offset of each tensor, then the float32 values.
/// </summary>
public sealed class PyTorchFixture
{
    private readonly Dictionary<string, (int[] Shape, float[] Values)> _tensors = [];

    private PyTorchFixture(string name, JsonElement config)
    {
        Name = name;
        Config = config;
    }

    /// <summary>The case name (file name without extension).</summary>
    public string Name { get; }

    /// <summary>The "config" object of the header.</summary>
    public JsonElement Config { get; }

    /// <summary>The folder of the recurrent fixtures, found by walking up from the test binaries.</summary>
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "recurrent");
                if (System.IO.Directory.Exists(candidate))
                    return candidate;
            }
            throw new DirectoryNotFoundException(
                $"tests/fixtures/recurrent not found above {AppContext.BaseDirectory}; regenerate with "
                    + $"/usr/bin/python3 tests/make_fixtures.py."
            );
        }
    }

    /// <summary>The names of all cases, for a theory's member data.</summary>
    public static IEnumerable<object[]> Cases() =>
        System
            .IO.Directory.GetFiles(Directory, "*.bin")
            .Select(f => new object[] { Path.GetFileNameWithoutExtension(f) })
            .OrderBy(c => (string)c[0]);

    /// <summary>Reads one case.</summary>
    public static PyTorchFixture Load(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Directory, name + ".bin"));
        int headerLength = BitConverter.ToInt32(bytes, 0);
        using var header = JsonDocument.Parse(bytes.AsMemory(4, headerLength));
        var fixture = new PyTorchFixture(name, header.RootElement.GetProperty("config").Clone());
        int dataStart = 4 + headerLength;
        foreach (var t in header.RootElement.GetProperty("tensors").EnumerateArray())
        {
            var shape = t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            int count = shape.Aggregate(1, (a, d) => a * d);
            int offset = t.GetProperty("offset").GetInt32();
            var values = new float[count];
            Buffer.BlockCopy(bytes, dataStart + 4 * offset, values, 0, 4 * count);
            fixture._tensors[t.GetProperty("name").GetString()!] = (shape, values);
        }
        return fixture;
    }

    /// <summary>Whether the case holds a tensor of this name.</summary>
    public bool Has(string name) => _tensors.ContainsKey(name);

    /// <summary>The values of a tensor, flattened row-major.</summary>
    public float[] Values(string name) => (float[])_tensors[name].Values.Clone();

    /// <summary>The shape of a tensor.</summary>
    public int[] Shape(string name) => _tensors[name].Shape;
}
