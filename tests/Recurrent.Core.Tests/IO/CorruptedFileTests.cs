using Recurrent.IO;
using Recurrent.Tensors;

namespace Recurrent.Tests.IO;

/// <summary>
/// Hundreds of damaged variants of a valid checkpoint either load correctly or throw CheckpointFormatException.
/// </summary>
public class CorruptedFileTests
{
    private static readonly (string Name, int[] Shape)[] Layout =
    [
        ("encoder.weight", [4, 3]),
        ("encoder.bias", [4]),
        ("decoder.weight", [2, 4]),
        ("scale", []),
    ];

    [Fact]
    public void TruncationsAndFlippedBytesNeverEscapeAsAnotherException()
    {
        var rng = new RandomGenerator(2024);
        var source = new NamedTensorModule(Layout);
        foreach (var p in source.Parameters())
            rng.FillNormal(p.Span, 0, 1);
        var valid = SafeTensorsFile.Serialize(
            source.NamedParameters(),
            new Dictionary<string, string> { ["cell"] = "lstm", ["hidden_size"] = "4" }
        );

        var variants = new List<(string What, byte[] Bytes)>();
        for (int length = 0; length < valid.Length; length++)
            variants.Add(($"truncated to {length} bytes", valid[..length]));
        for (int i = 0; i < 600; i++)
        {
            var bytes = (byte[])valid.Clone();
            int flips = 1 + rng.NextInt(3);
            var where = new List<int>();
            for (int f = 0; f < flips; f++)
            {
                // Most flips hit the header, where damage matters; the rest land anywhere.
                int position =
                    rng.NextInt(4) == 0 ? rng.NextInt(bytes.Length) : rng.NextInt(Math.Min(bytes.Length, 8 + 300));
                bytes[position] ^= (byte)(1 << rng.NextInt(8));
                where.Add(position);
            }
            variants.Add(($"bits flipped at {string.Join(",", where)}", bytes));
        }
        variants.Add(("header length 2^63", [.. new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x80 }, .. valid[8..]]));

        int loaded = 0,
            rejected = 0;
        foreach (var (what, bytes) in variants)
        {
            var target = new NamedTensorModule(Layout);
            try
            {
                var file = SafeTensorsFile.Parse(bytes, "fuzz.safetensors");
                StateDict.Load(target.NamedState(), file);
                foreach (var e in file.Entries)
                    file.ReadFloats(e.Name);
                loaded++;
            }
            catch (CheckpointFormatException e)
            {
                Assert.StartsWith("fuzz.safetensors: ", e.Message);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{what}: {e.GetType().Name} escaped instead of CheckpointFormatException: {e.Message}");
            }
        }
        Assert.True(rejected > valid.Length, $"only {rejected} of {variants.Count} variants were rejected");
        Assert.True(loaded > 0, "no variant with only its data damaged loaded");
    }

    [Fact]
    public void MissingAndMisshapedTensorsAreAllNamedAndNothingIsCopied()
    {
        var source = new NamedTensorModule(("a", [2, 3]), ("b", [4]), ("extra", [1]));
        source.NamedParameters().First().Value.Span.Fill(7f);
        var file = SafeTensorsFile.Parse(SafeTensorsFile.Serialize(source.NamedParameters()), "model.safetensors");
        var target = new NamedTensorModule(("a", [2, 3]), ("b", [5]), ("c", [2]));

        var e = Assert.Throws<CheckpointFormatException>(() => StateDict.Load(target.NamedState(), file));

        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("missing tensor 'c'", e.Message);
        Assert.Contains("'b' has shape [4] in the file but [5] in the model", e.Message);
        Assert.Contains("unexpected tensor 'extra'", e.Message);
        Assert.All(target.NamedParameters().First().Value.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void NonStrictLoadIgnoresExtraTensors()
    {
        var source = new NamedTensorModule(("a", [2]), ("extra", [1]));
        source.NamedParameters().First().Value.Span.Fill(3f);
        var file = SafeTensorsFile.Parse(SafeTensorsFile.Serialize(source.NamedParameters()), "m.safetensors");
        var target = new NamedTensorModule(("a", [2]));
        StateDict.Load(target.NamedState(), file, strict: false);
        Assert.Equal([3f, 3f], target.Parameters().Single().ToArray());
    }
}
