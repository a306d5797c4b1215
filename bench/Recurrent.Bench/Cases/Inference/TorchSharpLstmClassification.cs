using Recurrent.Bench.Harness;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// TorchSharp's side of <see cref="LstmClassificationSpec"/>, under <c>no_grad</c>, as a TorchSharp user would write
/// it.
/// </summary>
internal sealed class TorchSharpLstmClassification : IBenchWorkload
{
    private readonly LstmClassificationSpec _spec;
    private readonly LSTM _lstm;
    private readonly Linear _head;
    private readonly Tensor _series;

    /// <summary>Builds the model with PyTorch's default initialisation and a fixed random batch.</summary>
    public TorchSharpLstmClassification(LstmClassificationSpec spec)
    {
        _spec = spec;
        _lstm = nn.LSTM(spec.Features, spec.Hidden, numLayers: spec.Layers, batchFirst: true);
        _head = nn.Linear(spec.Hidden, spec.Classes);
        _lstm.eval();
        _head.eval();
        _series = rand(spec.Batch, spec.Steps, spec.Features);
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Batch;

    /// <inheritdoc />
    public void Run()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (_, h, _) = _lstm.forward(_series);
        var probabilities = _head.forward(h.select(0, -1)).softmax(-1);
        probabilities.data<float>();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _lstm.Dispose();
        _head.Dispose();
        _series.Dispose();
    }
}
