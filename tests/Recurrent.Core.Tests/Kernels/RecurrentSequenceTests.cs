using Recurrent.Autograd;
using Recurrent.Kernels;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;
using static Recurrent.Tests.Layers.RecurrentGradientTests;

namespace Recurrent.Tests.Kernels;

/// <summary>
/// The recurrent kernel pair runs on plain arrays, with no layer and no tape, and gives what the layer's tape op
/// gives: the seam a device backend would use.
/// </summary>
public class RecurrentSequenceTests
{
    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn_relu")]
    public void KernelPairOnPlainArraysMatchesTheLayer(string cellName)
    {
        var rng = RandomFor($"kernel pair {cellName}");
        int steps = 5,
            batch = 3,
            inputs = 4,
            hidden = 6;
        int[] lengths = [steps, 2, 4];
        var layer = MakeLayer(cellName, bidirectional: false, inputs: inputs, hidden: hidden);
        var cell = layer.Cell(0);
        var xValues = RandomInput(rng, [batch, steps, inputs]).Values;
        var seed = RandomInput(rng, [batch, steps, hidden], requiresGrad: false).Values;

        var x = Tensor.FromArray((float[])xValues.Clone(), batch, steps, inputs);
        x.RequiresGrad = true;
        using var tape = new Tape();
        var (output, state) = layer.Forward(x, null, lengths);
        tape.Backward(output, Tensor.FromArray((float[])seed.Clone(), batch, steps, hidden));

        RecurrentRowKernel kernel = cellName switch
        {
            "lstm" => new LstmRowKernel(hidden),
            "gru" => new GruRowKernel(hidden),
            _ => new RnnRowKernel(hidden, relu: true),
        };
        int rows = steps * batch;
        var timeMajor = new float[rows * inputs];
        BatchTimeTranspose.Apply(xValues, timeMajor, batch, steps, inputs, accumulate: false);
        float[] wih = cell.WeightIH.ToArray(),
            whh = cell.WeightHH.ToArray();
        float[] bih = cell.BiasIH!.ToArray(),
            bhh = cell.BiasHH!.ToArray();
        var weights = new RecurrentWeights(wih, whh, bih, bhh);
        var shape = new RecurrentSequenceShape(steps, batch, inputs, lengths, Reverse: false);
        var columns = new RecurrentOutputColumns(hidden, 0, BatchFirst: true);
        var input = RecurrentInput.Dense(Tensor.FromArray(timeMajor, steps, batch, inputs));
        float[] h = new float[batch * hidden],
            c = new float[kernel.HasCellState ? batch * hidden : 0];
        float[] saved = new float[rows * kernel.SavedWidth],
            hPrev = new float[rows * hidden];
        var cPrev = new float[c.Length * steps];
        var y = new float[rows * hidden];

        var activations = new RecurrentActivations(saved, hPrev, cPrev);
        RecurrentSequence.Forward(kernel, shape, input, weights, h, c, activations, y, columns);

        Close("output", y, output.ToArray());
        Close("h_n", h, state.H.ToArray());
        float[] dWih = new float[wih.Length],
            dWhh = new float[whh.Length];
        float[] dBih = new float[bih.Length],
            dBhh = new float[bhh.Length];
        float[] dh = new float[h.Length],
            dc = new float[c.Length],
            dx = new float[rows * inputs];
        RecurrentSequence.Backward(
            kernel,
            shape,
            input,
            weights,
            activations,
            seed,
            columns,
            dh,
            dc,
            new RecurrentWeightGradients(dWih, dWhh, dBih, dBhh),
            default,
            dx
        );

        Close("dW_ih", dWih, cell.WeightIH.Grad!.ToArray());
        Close("dW_hh", dWhh, cell.WeightHH.Grad!.ToArray());
        Close("db_ih", dBih, cell.BiasIH.Grad!.ToArray());
        Close("db_hh", dBhh, cell.BiasHH.Grad!.ToArray());
        var dxBatchFirst = new float[dx.Length];
        BatchTimeTranspose.Apply(dx, dxBatchFirst, steps, batch, inputs, accumulate: false);
        Close("dx", dxBatchFirst, x.Grad!.ToArray());
    }

    private static void Close(string what, float[] actual, float[] expected) =>
        AssertClose(what, actual.Select(v => (double)v).ToArray(), expected.Select(v => (double)v).ToArray(), 1e-5);
}
