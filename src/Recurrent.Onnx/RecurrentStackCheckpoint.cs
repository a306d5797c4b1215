using Recurrent.IO;
using Recurrent.Layers;

namespace Recurrent.Onnx;

/// <summary>
/// Rebuilds a bare recurrent layer stack from a checkpoint or PyTorch state dict that holds only
/// <c>weight_ih_l0</c>, <c>weight_hh_l0</c>, ... at the top level: the sizes, the number of layers, the directions
/// and whether there are biases (<c>bias_ih_l0</c>) come from the tensors; the cell from the gate count (4: LSTM,
/// 3: GRU, 1: RNN, whose nonlinearity is read from the metadata key <c>nonlinearity</c> or <c>cell</c>, tanh when
/// absent); the layout from <c>batch_first</c> (true when absent).
/// </summary>
public static class RecurrentStackCheckpoint
{
    /// <summary>
    /// Whether <paramref name="file"/> looks like a bare stack (it has <c>weight_ih_l0</c> at the top level).
    /// </summary>
    public static bool Matches(SafeTensorsFile file) =>
        file?.Contains("weight_ih_l0") ?? throw new ArgumentNullException(nameof(file));

    /// <summary>Builds the stack and loads its weights (strictly: every tensor must fit).</summary>
    /// <exception cref="CheckpointFormatException">The file is not a recurrent stack, or its tensors do not fit
    /// one.</exception>
    public static RecurrentLayer Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Contains("weight_ih_l0") || !file.Contains("weight_hh_l0"))
            throw new CheckpointFormatException(
                file.FilePath,
                "a recurrent layer stack needs the tensors weight_ih_l0 and weight_hh_l0 at the top level; this file "
                    + "has neither."
            );
        var ih = file.Entry("weight_ih_l0").Shape;
        var hh = file.Entry("weight_hh_l0").Shape;
        if (ih.Length != 2 || hh.Length != 2 || hh[1] < 1 || hh[0] % hh[1] != 0 || ih[0] != hh[0])
            throw new CheckpointFormatException(
                file.FilePath,
                $"weight_ih_l0 [{string.Join(", ", ih)}] and weight_hh_l0 [{string.Join(", ", hh)}] are not the "
                    + $"weights of an RNN, LSTM or GRU layer."
            );
        int hidden = hh[1],
            gates = hh[0] / hidden,
            inputs = ih[1];
        int layers = 0;
        while (file.Contains($"weight_ih_l{layers}"))
            layers++;
        bool bidirectional = file.Contains("weight_ih_l0_reverse");
        bool batchFirst =
            !file.Metadata.TryGetValue("batch_first", out var layout)
            || !layout.Equals("false", StringComparison.OrdinalIgnoreCase);
        bool bias = file.Contains("bias_ih_l0");
        string nonlinearity = file.Metadata.GetValueOrDefault("nonlinearity")
            ?? file.Metadata.GetValueOrDefault("cell")
            ?? "tanh";
        if (gates is not (1 or 3 or 4))
            throw new CheckpointFormatException(
                file.FilePath,
                $"weight_hh_l0 has {gates} gate blocks of {hidden} rows; an RNN has 1, a GRU 3, an LSTM 4."
            );
        var layer = RecurrentLayer.Create(
            CellKinds.FromGateCount(gates),
            inputs,
            hidden,
            layers,
            bias,
            batchFirst,
            bidirectional: bidirectional,
            nonlinearity: CellKinds.Nonlinearity(nonlinearity)
        );
        StateDict.Load(layer.NamedState(), file, strict: true);
        layer.Eval();
        return layer;
    }
}
