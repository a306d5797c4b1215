using Recurrent.IO;
using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.IO;

public sealed class InfoCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-info-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void PrintsTensorsConfigurationAndHeadlineLinesLast()
    {
        string path = Path.Combine(_directory, "gru.safetensors");
        var module = NamedTensorModule.TorchRecurrent(3, 3, 4, 2, true);
        StateDict.Save(
            path,
            module.NamedState(),
            new Dictionary<string, string> { ["mode"] = "GRU", ["hidden_size"] = "4" }
        );

        var (code, output, error) = Invoke("info", path);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("weight_ih_l1_reverse  F32    [12, 8]", output);
        Assert.Contains("hidden_size", output);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("resumable=false", lines[^1]);
        Assert.Contains("parameters=552", lines);
        Assert.Contains("tensors=16", lines);
    }

    [Fact]
    public void DamagedFileIsOneClearErrorLine()
    {
        string path = Path.Combine(_directory, "broken.safetensors");
        File.WriteAllBytes(path, [3, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"', (byte)'a']);

        var (code, output, error) = Invoke("info", path);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith($"error: {path}: ", error);
        Assert.Contains("not valid JSON", error);
    }
}
