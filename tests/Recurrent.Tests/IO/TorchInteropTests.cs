using Recurrent.IO;

namespace Recurrent.Tests.IO;

/// <summary>
/// State dicts of nn.LSTM / nn.GRU / nn.RNN (2 layers, bidirectional) written by tests/make_training_fixtures.py load by
/// name into a module with PyTorch's parameter names, and Recurrent's writer produces the committed file that the
/// script loads back into nn.LSTM. Comparing outputs with the real layers is the recurrent layers' test.
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
        var module = NamedTensorModule.TorchRecurrent(gates, inputSize: 3, hiddenSize: 4, layers: 2, bidirectional: true);

        StateDict.Load(module, file);

        Assert.Equal(file.Entries.Count, module.NamedParameters().Count());
        foreach (var (name, value) in module.NamedParameters())
            Assert.Equal(file.ReadFloats(name), value.ToArray());
        // Per direction: layer 0 has gates*4*(3+4) weights and 2*gates*4 biases, layer 1 gates*4*(8+4) and 2*gates*4.
        Assert.Equal(2 * (36 + 56) * gates, module.ParameterCount);
    }

    [Fact]
    public void WriterReproducesTheFileThatPyTorchLoadsBack()
    {
        var source = TrainingFixtures.Read("torch_lstm.safetensors");
        var module = NamedTensorModule.TorchRecurrent(4, 3, 4, 2, true);
        StateDict.Load(module, source);
        var bytes = SafeTensorsFile.Serialize(module.NamedParameters(), source.Metadata.ToDictionary());

        string committed = TrainingFixtures.PathOf("recurrent_lstm.safetensors");
        if (Environment.GetEnvironmentVariable("RECURRENT_UPDATE_FIXTURES") == "1")
            File.WriteAllBytes(committed, bytes);
        Assert.True(File.Exists(committed), "run with RECURRENT_UPDATE_FIXTURES=1, then tests/make_training_fixtures.py to check it in PyTorch");
        Assert.Equal(File.ReadAllBytes(committed), bytes);
    }
}
