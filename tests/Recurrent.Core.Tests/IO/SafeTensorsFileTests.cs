using Recurrent.IO;
using Recurrent.Tensors;
using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Tests.IO;

public class SafeTensorsFileTests
{
    [Fact]
    public void WrittenFileReadsBackExactlyWithMetadata()
    {
        string path = Path.Combine(Path.GetTempPath(), $"recurrent-{Guid.NewGuid():N}.safetensors");
        try
        {
            var a = Tensor.FromArray([1f, -2.5f, float.Epsilon, 3.4e38f, 0f, -0f], 2, 3);
            var b = Tensor.FromArray([42f]);
            SafeTensorsFile.Write(
                path,
                [("a", a), ("b.scalar", b)],
                new Dictionary<string, string> { ["cell"] = "lstm", ["hidden"] = "512" }
            );
            SafeTensorsFile.Write(
                path,
                [("a", a), ("b.scalar", b)],
                new Dictionary<string, string> { ["cell"] = "gru", ["hidden"] = "512" }
            );

            var file = SafeTensorsFile.Read(path);
            Assert.Equal("gru", file.Metadata["cell"]);
            Assert.Equal([2, 3], file.Entry("a").Shape);
            Assert.Empty(file.Entry("b.scalar").Shape);
            Assert.Equal(a.ToArray(), file.ReadFloats("a"));
            Assert.Equal(42f, file.ReadTensor("b.scalar").Item());
            Assert.Equal(
                0,
                (new FileInfo(path).Length - 8 - (long)BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path)))
                    % 4
            );
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadsHalfBFloatAndDoubleIntoFloat()
    {
        var file = TrainingFixtures.Read("dtypes.safetensors");
        Assert.Equal(SafeTensorsDType.F16, file.Entry("f16").DType);
        var f32 = file.ReadFloats("f32");
        Assert.Equal(f32, file.ReadFloats("f64"));
        var f16 = file.ReadFloats("f16");
        var bf16 = file.ReadFloats("bf16");
        for (int i = 0; i < f32.Length; i++)
        {
            Assert.Equal(f32[i], f16[i], Math.Max(1e-3f * Math.Abs(f32[i]), 1e-7f));
            Assert.Equal(f32[i], bf16[i], Math.Max(1e-2f * Math.Abs(f32[i]), 1e-7f));
        }
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "truncated")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, (byte)'{', (byte)'}' }, "absurd")]
    [InlineData(new byte[] { 100, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}' }, "past the end")]
    public void BrokenFramesAreNamed(byte[] bytes, string problem)
    {
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensorsFile.Parse(bytes, "broken.safetensors"));
        Assert.Contains("broken.safetensors", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", 8, "not valid JSON")]
    [InlineData("[1,2]", 0, "not an object")]
    [InlineData("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "dtype 'Q7'")]
    [InlineData(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
        12,
        "overlap"
    )]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "past the end of the data")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "shape entry -2")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "end before they begin")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "no data_offsets")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", 0, "not a string")]
    [InlineData(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        8,
        "twice"
    )]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", 8, "more than")]
    public void BadHeadersAreNamed(string header, int dataLength, string problem)
    {
        var e = Assert.Throws<CheckpointFormatException>(() =>
            SafeTensorsFile.Parse(Frame(header, dataLength), "bad.safetensors")
        );
        Assert.StartsWith("bad.safetensors: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => SafeTensorsFile.Read("/nonexistent/model.safetensors"));
    }

    internal static byte[] Frame(string header, int dataLength)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
