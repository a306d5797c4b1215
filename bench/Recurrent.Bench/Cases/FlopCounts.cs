using Recurrent.Bench.Cases.Gemm;
using Recurrent.Bench.Cases.Inference;
using Recurrent.Bench.Cases.RecurrentLayers;
using Recurrent.Layers;

namespace Recurrent.Bench.Cases;

/// <summary>
/// The floating-point operations per unit of each case's work (per FLOP, token or sample), counted from the matrix
/// products the model needs (a multiply-add is two), the one place <c>peak_fraction</c> takes them from; BENCHMARKS.md
/// lists the same counts. Element-wise work (gate math, softmax, loss, optimiser) is not counted, and neither is the
/// first layer's input projection where it is a row gathered from the token table <c>E W_ih^T</c> (training and
/// sampling), since no product is done for it per token. G is the gate count (LSTM 4, GRU 3, RNN 1).
/// </summary>
internal static class FlopCounts
{
    /// <summary>A GEMM case's work is already in FLOPs (2MNK per product): one per unit.</summary>
    public const double Gemm = 1;

    /// <summary>
    /// Per token of a <c>charrnn</c> training step: forward, per layer a recurrent product <c>2GH·H</c> and, from the
    /// second layer on, an input product <c>2GH·H</c>, and the head <c>2HV</c>; backward, two products of the same
    /// size for each (the input gradient and the weight gradient), so three times the forward.
    /// </summary>
    public static double CharRnnTraining(CharRnnTrainingSpec spec)
    {
        double g = Gates(spec.Cell),
            h = spec.Hidden;
        double forward = (2 * spec.Layers - 1) * 2 * g * h * h + 2 * h * spec.Vocabulary;
        return 3 * forward;
    }

    /// <summary>
    /// Per image of a <c>rowmnist</c> training step, over its R rows of C pixels: forward <c>2GH(C + H)</c> per row;
    /// backward the weight gradients <c>2GH(C + H)</c> and the state gradient <c>2GH·H</c> per row (the pixels need no
    /// gradient); the head on the last row <c>2H·K</c> forward and twice that backward.
    /// </summary>
    public static double RowMnistTraining(RowMnistTrainingSpec spec)
    {
        double gh = 4.0 * spec.Hidden;
        double perRow = 2 * gh * (spec.Columns + spec.Hidden) * 2 + 2 * gh * spec.Hidden;
        return spec.Rows * perRow + 3 * 2.0 * spec.Hidden * spec.Classes;
    }

    /// <summary>
    /// Per token of <c>sample-lstm</c> (batch 1, forward only): <c>(2L - 1) 2GH·H</c> (the first layer's W_hh, and
    /// W_ih and W_hh of each further layer; the first layer's input projection is a row of the token table since
    /// 5 December 2026, gathered as in training), and the head <c>2HV</c>.
    /// </summary>
    public static double LstmSampling(LstmSamplingSpec spec)
    {
        double h = spec.Hidden;
        return (2 * spec.Layers - 1) * 2 * 4 * h * h + 2 * h * spec.Vocabulary;
    }

    /// <summary>
    /// Per sequence of <c>classify-lstm2</c> (forward only): per step the first layer <c>2GH(F + H)</c> and each
    /// further layer <c>2GH(H + H)</c>, and the head on the last state <c>2H·K</c>.
    /// </summary>
    public static double LstmClassification(LstmClassificationSpec spec)
    {
        double gh = 4.0 * spec.Hidden;
        double perStep = 2 * gh * (spec.Features + spec.Hidden) + (spec.Layers - 1) * 2 * gh * (2 * spec.Hidden);
        return spec.Steps * perStep + 2.0 * spec.Hidden * spec.Classes;
    }

    private static int Gates(CellKind cell) =>
        cell switch
        {
            CellKind.Lstm => 4,
            CellKind.Gru => 3,
            _ => 1,
        };
}
