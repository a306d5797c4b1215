using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.IO;

/// <summary>A module that is nothing but named parameters of given shapes: a stand-in for a real layer in loader tests.</summary>
internal sealed class NamedTensorModule : Module
{
    private readonly List<(string, Tensor)> _parameters = [];

    public NamedTensorModule(params (string Name, int[] Shape)[] parameters)
    {
        foreach (var (name, shape) in parameters)
            _parameters.Add((name, Parameter(name, shape)));
    }

    public override IEnumerable<(string Name, Tensor Value)> NamedParameters() => _parameters;

    /// <summary>The parameter names and shapes of PyTorch's nn.LSTM / nn.GRU / nn.RNN (gates = 4, 3, 1).</summary>
    public static NamedTensorModule TorchRecurrent(int gates, int inputSize, int hiddenSize, int layers, bool bidirectional)
    {
        var list = new List<(string, int[])>();
        for (int layer = 0; layer < layers; layer++)
            foreach (var suffix in bidirectional ? new[] { "", "_reverse" } : [""])
            {
                int input = layer == 0 ? inputSize : hiddenSize * (bidirectional ? 2 : 1);
                list.Add(($"weight_ih_l{layer}{suffix}", [gates * hiddenSize, input]));
                list.Add(($"weight_hh_l{layer}{suffix}", [gates * hiddenSize, hiddenSize]));
                list.Add(($"bias_ih_l{layer}{suffix}", [gates * hiddenSize]));
                list.Add(($"bias_hh_l{layer}{suffix}", [gates * hiddenSize]));
            }
        return new NamedTensorModule([.. list]);
    }
}
