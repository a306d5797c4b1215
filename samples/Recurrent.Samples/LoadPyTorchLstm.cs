using Recurrent.IO;
using Recurrent.Layers;

namespace Recurrent.Samples;

/// <summary>
/// Program 2: loads the state dict of a PyTorch <c>nn.LSTM</c>, saved as safetensors, into Recurrent's
/// <see cref="LstmLayer"/> and checks that it gives the outputs PyTorch gave.
/// </summary>
public static class LoadPyTorchLstm
{
    // stateDict: nn.LSTM(input_size=3, hidden_size=4, num_layers=2, bidirectional=True).state_dict();
    // outputs: an input [5, 2, 3] and PyTorch's output, h_n and c_n for it.
    public static double Run(TextWriter log, string stateDict, string outputs)
    {
        // PyTorch's arguments in PyTorch's order; batchFirst is false as in PyTorch (Recurrent's default is true).
        var lstm = new LstmLayer(inputSize: 3, hiddenSize: 4, numLayers: 2, batchFirst: false, bidirectional: true);
        // Every name (weight_ih_l0, ..., bias_hh_l1_reverse) and shape is checked before anything is copied.
        StateDict.Load(lstm.NamedState(), SafeTensorsFile.Read(stateDict));

        var torch = SafeTensorsFile.Read(outputs);
        var (output, state) = lstm.Forward(torch.ReadTensor("input"));
        double difference = new[]
        {
            MaxDifference(output.ToArray(), torch.ReadFloats("output")),
            MaxDifference(state.H.ToArray(), torch.ReadFloats("h_n")),
            MaxDifference(state.C!.ToArray(), torch.ReadFloats("c_n")),
        }.Max();
        log.WriteLine($"output [{string.Join(", ", output.Shape.ToArray())}], largest difference from PyTorch: "
            + $"{difference:E1}");
        if (difference > 1e-5)
            throw new InvalidOperationException($"the LSTM differs from PyTorch's by {difference}");
        return difference;
    }

    private static double MaxDifference(float[] ours, float[] theirs) =>
        ours.Zip(theirs, (a, b) => (double)Math.Abs(a - b)).Max();
}
