using Recurrent.IO;
using Recurrent.Tensors;
using Recurrent.Tests.IO;
using static Recurrent.Tests.CommandLineRunner;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// <c>recurrent export</c>: checkpoints and PyTorch state dicts to ONNX files that ONNX Runtime runs.
/// </summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-export-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void PyTorchStateDictExportsAndReproducesPyTorchsOutputs(string cell)
    {
        string onnx = Path.Combine(_directory, $"torch_{cell}.onnx");
        var (code, output, error) = Invoke(
            "export",
            "--model",
            TrainingFixtures.PathOf($"torch_{cell}.safetensors"),
            "--out",
            _directory
        );

        Assert.True(code == 0, error);
        Assert.Contains("kind=recurrent-stack", output);
        Assert.Contains("opset=17", output);
        var io = TrainingFixtures.Read($"torch_{cell}_io.safetensors");
        var input = io.ReadTensor("input");
        var ort = Run(
            File.ReadAllBytes(onnx),
            new Feed("input", input.ToArray(), input.Shape.ToArray().Select(d => (long)d).ToArray())
        );
        AssertClose("output", ort["output"].Values, io.ReadFloats("output"));
        AssertClose("h_n", ort["h_n"].Values, io.ReadFloats("h_n"));
        if (cell == "lstm")
            AssertClose("c_n", ort["c_n"].Values, io.ReadFloats("c_n"));
        Assert.Equal("recurrent-stack", Metadata(File.ReadAllBytes(onnx))["model"]);
    }

    [Fact]
    public void CheckpointWithLengthsAndStateExports()
    {
        var layer = RecurrentExportCases.MakeLayer(
            "lstm",
            3,
            4,
            2,
            bidirectional: false,
            batchFirst: true,
            seed: 8
        );
        string checkpoint = Path.Combine(_directory, "lstm.safetensors");
        StateDict.Save(checkpoint, layer.NamedState(), new Dictionary<string, string> { ["batch_first"] = "true" });
        string onnx = Path.Combine(_directory, "lstm.onnx");

        var (code, output, error) = Invoke("export", "--model", checkpoint, "--with-lengths", "--with-state");

        Assert.True(code == 0, error);
        Assert.Contains("inputs=input,lengths,h0,c0", output);
        Assert.Contains("outputs=output,h_n,c_n", output);
        var x = RecurrentExportCases.RandomValues(new RandomGenerator(1), 2 * 4 * 3);
        var state = layer.ZeroState(2);
        var (expected, _) = layer.Forward(Tensor.FromArray(x, 2, 4, 3), state, [4, 2]);
        var ort = Run(
            File.ReadAllBytes(onnx),
            new Feed("input", x, [2, 4, 3]),
            new Feed("lengths", new long[] { 4, 2 }, [2]),
            new Feed("h0", state.H.ToArray(), [2, 2, 4]),
            new Feed("c0", state.C!.ToArray(), [2, 2, 4])
        );
        AssertClose("output", ort["output"].Values, expected.Span);
    }

    [Fact]
    public void OutEndingInOnnxIsStillTheFileForOneRelease()
    {
        string onnx = Path.Combine(_directory, "named.onnx");

        string checkpoint = TrainingFixtures.PathOf("torch_gru.safetensors");

        var (code, output, error) = Invoke("export", "--model", checkpoint, "--out", onnx);

        Assert.True(code == 0, error);
        Assert.Contains($"file={onnx}", output);
        Assert.True(File.Exists(onnx));
        Assert.Contains("warning: --out", error);
    }

    [Fact]
    public void UnknownModelKindIsNamedWithTheKnownOnes()
    {
        string checkpoint = Path.Combine(_directory, "mystery.safetensors");
        SafeTensorsFile.Write(
            checkpoint,
            [("encoder.weight", Tensor.Zeros(2, 2))],
            new Dictionary<string, string> { ["model"] = "stroke-mdn" }
        );

        var (code, output, error) = Invoke("export", "--model", checkpoint);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("does not know the model kind 'stroke-mdn'", error);
        Assert.Contains("recurrent-stack", error);
        Assert.False(File.Exists(Path.Combine(_directory, "mystery.onnx")));
    }

    [Fact]
    public void FileWithoutKindOrRecurrentWeightsAsksForKind()
    {
        string checkpoint = Path.Combine(_directory, "plain.safetensors");
        SafeTensorsFile.Write(checkpoint, [("decoder.weight", Tensor.Zeros(2, 2))]);

        var (code, _, error) = Invoke("export", "--model", checkpoint);

        Assert.Equal(1, code);
        Assert.Contains("names no model kind", error);
        Assert.Contains("--kind", error);
    }
}
