using Recurrent.IO;
using Recurrent.Layers;

namespace Recurrent.Tests.IO;

/// <summary>
/// State dicts of nn.LSTM / nn.GRU / nn.RNN (2 layers, bidirectional) written by tests/make_training_fixtures.py load
/// by
/// name into a module with PyTorch's parameter names and into our layers, which then give PyTorch's outputs; and
/// Recurrent's writer produces the committed file that the script loads back into nn.LSTM.
/// </summary>
public class TorchInteropTests
{
    [Theory]
    [InlineData("lstm", 4)]
    [InlineData("gru", 3)]
    [InlineData("rnn", 1)]
    public void TorchStateDictLoadsByName(string cell, int gates)
    {
        var file = TrainingFixtures.Read($"torch_{cell}.safetensors");
        Assert.Equal(cell.ToUpperInvariant(), file.Metadata["mode"]);
        var module = NamedTensorModule.TorchRecurrent(
            gates,
            inputSize: 3,
            hiddenSize: 4,
            layers: 2,
            bidirectional: true
        );

        StateDict.Load(module.NamedState(), file);

        Assert.Equal(file.Entries.Count, module.NamedParameters().Count());
        foreach (var (name, value) in module.NamedParameters())
            Assert.Equal(file.ReadFloats(name), value.ToArray());
        // Per direction: layer 0 has gates*4*(3+4) weights and 2*gates*4 biases, layer 1 gates*4*(8+4) and 2*gates*4.
        Assert.Equal(2 * (36 + 56) * gates, module.ParameterCount);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void LayerLoadedFromTorchStateDictGivesPyTorchOutputs(string cell)
    {
        var file = TrainingFixtures.Read($"torch_{cell}.safetensors");
        int inputSize = int.Parse(file.Metadata["input_size"]),
            hiddenSize = int.Parse(file.Metadata["hidden_size"]);
        int layers = int.Parse(file.Metadata["num_layers"]);
        bool bidirectional = bool.Parse(file.Metadata["bidirectional"]);
        Assert.False(bool.Parse(file.Metadata["batch_first"]));
        var layer = RecurrentLayer.Create(
            CellKinds.Parse(cell),
            inputSize,
            hiddenSize,
            layers,
            batchFirst: false,
            bidirectional: bidirectional
        );
        StateDict.Load(layer.NamedState(), file);

        var io = TrainingFixtures.Read($"torch_{cell}_io.safetensors");
        var (output, state) = layer.Forward(io.ReadTensor("input"));

        AssertClose($"{cell} output", output.ToArray(), io.ReadFloats("output"));
        AssertClose($"{cell} h_n", state.H.ToArray(), io.ReadFloats("h_n"));
        if (cell == "lstm")
            AssertClose($"{cell} c_n", state.C!.ToArray(), io.ReadFloats("c_n"));
    }

    [Fact]
    public void WriterReproducesTheFileThatPyTorchLoadsBack()
    {
        var source = TrainingFixtures.Read("torch_lstm.safetensors");
        var module = NamedTensorModule.TorchRecurrent(4, 3, 4, 2, true);
        StateDict.Load(module.NamedState(), source);
        var bytes = SafeTensorsFile.Serialize(module.NamedParameters(), source.Metadata.ToDictionary());

        string committed = TrainingFixtures.PathOf("recurrent_lstm.safetensors");
        if (Environment.GetEnvironmentVariable("RECURRENT_UPDATE_FIXTURES") == "1")
            File.WriteAllBytes(committed, bytes);
        Assert.True(
            File.Exists(committed),
            "run with RECURRENT_UPDATE_FIXTURES=1, then tests/make_training_fixtures.py to check it in PyTorch"
        );
        Assert.Equal(File.ReadAllBytes(committed), bytes);
    }

    private static void AssertClose(string what, float[] actual, float[] expected) =>
        GradientCheck.AssertClose(what, [.. actual.Select(v => (double)v)], [.. expected.Select(v => (double)v)], 1e-5);
}
