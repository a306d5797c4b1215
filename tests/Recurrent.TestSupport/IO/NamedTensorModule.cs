using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.IO;

/// <summary>
/// A module that is nothing but named parameters of given shapes: a stand-in for a real layer in loader tests.
/// </summary>
public sealed class NamedTensorModule : Module
{
    private readonly Dictionary<string, NamedTensorModule> _children = [];

    public NamedTensorModule(params (string Name, int[] Shape)[] parameters)
    {
        foreach (var (name, shape) in parameters)
            Add(name, shape);
    }

    // A dotted name (encoder.weight) goes to a child, as it would in a real model.
    private void Add(string name, int[] shape)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            Parameter(name, shape);
            return;
        }
        string prefix = name[..dot];
        if (!_children.TryGetValue(prefix, out var child))
            _children[prefix] = child = RegisterModule(prefix, new NamedTensorModule());
        child.Add(name[(dot + 1)..], shape);
    }

    /// <summary>The parameter names and shapes of PyTorch's nn.LSTM / nn.GRU / nn.RNN (gates = 4, 3, 1).</summary>
    public static NamedTensorModule TorchRecurrent(
        int gates,
        int inputSize,
        int hiddenSize,
        int layers,
        bool bidirectional
    )
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
