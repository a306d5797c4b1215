using Recurrent.Autograd;
using Recurrent.Bench.Harness;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Optimizers;
using Recurrent.Tensors;

namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>Recurrent's side of <see cref="RowMnistTrainingSpec"/>: LSTM over the rows, the last step through a linear
/// layer, cross-entropy, backward and an Adam step, as a user of the library would write it.</summary>
internal sealed class OursRowMnistTraining : IBenchWorkload
{
    private readonly RowMnistTrainingSpec _spec;
    private readonly LstmLayer _lstm;
    private readonly Linear _head;
    private readonly Adam _optimizer;
    private readonly Tensor _images;
    private readonly int[] _labels;

    /// <summary>Builds the model with PyTorch's default initialisation and a fixed random batch.</summary>
    public OursRowMnistTraining(RowMnistTrainingSpec spec)
    {
        _spec = spec;
        var rng = new RandomGenerator(20261127);
        _lstm = new LstmLayer(spec.Columns, spec.Hidden, rng: rng);
        _head = new Linear(spec.Hidden, spec.Classes, rng);
        _optimizer = new Adam([.. _lstm.Parameters(), .. _head.Parameters()], spec.LearningRate);
        _images = Tensor.Zeros(spec.Batch, spec.Rows, spec.Columns);
        rng.FillUniform(_images.Span, 0f, 1f);
        _labels = new int[spec.Batch];
        for (int i = 0; i < _labels.Length; i++)
            _labels[i] = rng.NextInt(spec.Classes);
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Batch;

    /// <inheritdoc />
    public void Run()
    {
        using var tape = new Tape();
        _optimizer.ZeroGrad();
        var (_, state) = _lstm.Forward(_images);
        // Ops.Select keeps the final state on the tape (the indexer's view would cut the LSTM off from the loss).
        var logits = _head.Forward(Ops.Select(state.H, 0));
        var loss = Loss.CrossEntropy(logits, _labels);
        tape.Backward(loss);
        _optimizer.Step();
    }

    /// <inheritdoc />
    public void Dispose() => _images.Dispose();
}
