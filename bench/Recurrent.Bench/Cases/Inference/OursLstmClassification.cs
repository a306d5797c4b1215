using Recurrent.Bench.Harness;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// Our side of <see cref="LstmClassificationSpec"/>: <c>LstmLayer.Forward</c> without a tape, the head on the last
/// layer's final state, softmax.
/// </summary>
internal sealed class OursLstmClassification(LstmClassificationSpec spec) : IBenchWorkload
{
    private readonly LstmClassifierModel _model = new(spec);
    private readonly Tensor _series = RandomSeries(spec);

    /// <inheritdoc />
    public double WorkPerRun => spec.Batch;

    /// <inheritdoc />
    public void Run()
    {
        var (output, state) = _model.Lstm.Forward(_series);
        using var last = state.H[spec.Layers - 1];
        using var logits = _model.Head.Forward(last);
        var values = logits.Span;
        for (int b = 0; b < spec.Batch; b++)
            TensorPrimitives.SoftMax(
                values.Slice(b * spec.Classes, spec.Classes),
                values.Slice(b * spec.Classes, spec.Classes)
            );
        output.Dispose();
        state.Dispose();
    }

    internal static Tensor RandomSeries(LstmClassificationSpec spec)
    {
        var values = new float[spec.Batch * spec.Steps * spec.Features];
        new RandomGenerator(2).FillUniform(values, 0f, 1f);
        return Tensor.FromArray(values, spec.Batch, spec.Steps, spec.Features);
    }

    /// <inheritdoc />
    public void Dispose() => _series.Dispose();
}
