using Recurrent.Bench.Harness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>TorchSharp's side of <see cref="RowMnistTrainingSpec"/>, written as a TorchSharp user would.</summary>
internal sealed class TorchSharpRowMnistTraining : IBenchWorkload
{
    private readonly RowMnistTrainingSpec _spec;
    private readonly LSTM _lstm;
    private readonly Linear _head;
    private readonly CrossEntropyLoss _loss = nn.CrossEntropyLoss();
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _images,
        _labels;

    /// <summary>Builds the model with PyTorch's default initialisation and a fixed random batch.</summary>
    public TorchSharpRowMnistTraining(RowMnistTrainingSpec spec)
    {
        _spec = spec;
        _lstm = nn.LSTM(spec.Columns, spec.Hidden, batchFirst: true);
        _head = nn.Linear(spec.Hidden, spec.Classes);
        _optimizer = optim.Adam([.. _lstm.parameters(), .. _head.parameters()], lr: spec.LearningRate);
        _images = rand(spec.Batch, spec.Rows, spec.Columns);
        _labels = randint(0, spec.Classes, [spec.Batch], dtype: ScalarType.Int64);
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Batch;

    /// <inheritdoc />
    public void Run()
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var (output, _, _) = _lstm.forward(_images);
        var logits = _head.forward(output.select(1, -1));
        var loss = _loss.forward(logits, _labels);
        loss.backward();
        _optimizer.step();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _lstm.Dispose();
        _head.Dispose();
        _loss.Dispose();
        _images.Dispose();
        _labels.Dispose();
    }
}
