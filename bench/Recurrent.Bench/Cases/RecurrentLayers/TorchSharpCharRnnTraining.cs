using Recurrent.Bench.Harness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using CellKind = Recurrent.Layers.CellKind;

namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>TorchSharp's side of a <see cref="CharRnnTrainingSpec"/> case, written as a TorchSharp user would: nn
/// modules,
/// <c>CrossEntropyLoss</c>, <c>clip_grad_norm_</c> and <c>optim.Adam</c>.</summary>
internal sealed class TorchSharpCharRnnTraining : IBenchWorkload
{
    private readonly CharRnnTrainingSpec _spec;
    private readonly Embedding _embedding;
    private readonly nn.Module _recurrent;
    private readonly Linear _head;
    private readonly CrossEntropyLoss _loss = nn.CrossEntropyLoss();
    private readonly List<Parameter> _parameters;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _tokens,
        _targets;

    /// <summary>Builds the model with PyTorch's default initialisation and a fixed random batch.</summary>
    public TorchSharpCharRnnTraining(CharRnnTrainingSpec spec)
    {
        _spec = spec;
        _embedding = nn.Embedding(spec.Vocabulary, spec.Hidden);
        _recurrent = spec.Cell switch
        {
            CellKind.Lstm => nn.LSTM(spec.Hidden, spec.Hidden, numLayers: spec.Layers, batchFirst: true),
            CellKind.Gru => nn.GRU(spec.Hidden, spec.Hidden, numLayers: spec.Layers, batchFirst: true),
            CellKind.Rnn => nn.RNN(spec.Hidden, spec.Hidden, numLayers: spec.Layers, batchFirst: true),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Cell, "unknown cell"),
        };
        _head = nn.Linear(spec.Hidden, spec.Vocabulary);
        _parameters = [.. _embedding.parameters(), .. _recurrent.parameters(), .. _head.parameters()];
        _optimizer = optim.Adam(_parameters, lr: spec.LearningRate);
        _tokens = randint(0, spec.Vocabulary, [spec.Batch, spec.Steps], dtype: ScalarType.Int64);
        _targets = randint(0, spec.Vocabulary, [spec.Batch, spec.Steps], dtype: ScalarType.Int64);
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.TokensPerStep;

    /// <inheritdoc />
    public void Run()
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var embedded = _embedding.forward(_tokens);
        var output = _recurrent switch
        {
            LSTM lstm => lstm.forward(embedded).Item1,
            GRU gru => gru.forward(embedded).Item1,
            RNN rnn => rnn.forward(embedded, null).Item1,
            _ => throw new InvalidOperationException("unknown recurrent module"),
        };
        var logits = _head.forward(output);
        var loss = _loss.forward(logits.reshape(-1, _spec.Vocabulary), _targets.reshape(-1));
        loss.backward();
        nn.utils.clip_grad_norm_(_parameters, _spec.ClipNorm);
        _optimizer.step();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _embedding.Dispose();
        _recurrent.Dispose();
        _head.Dispose();
        _loss.Dispose();
        _tokens.Dispose();
        _targets.Dispose();
    }
}
