using Recurrent.Autograd;
using Recurrent.Bench.Harness;
using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>Recurrent's side of a <see cref="CharRnnTrainingSpec"/> case, written as a user of the library would:
/// modules, one tape per step, <see cref="Loss.CrossEntropy"/>, <see cref="GradientClipper"/> and
/// <see cref="Adam"/>.</summary>
internal sealed class OursCharRnnTraining : IBenchWorkload
{
    private readonly CharRnnTrainingSpec _spec;
    private readonly Embedding _embedding;
    private readonly RecurrentLayer _recurrent;
    private readonly Linear _head;
    private readonly List<Tensor> _parameters;
    private readonly Adam _optimizer;
    private readonly GradientClipper _clipper;
    private readonly int[] _tokens,
        _targets;

    /// <summary>Builds the model with PyTorch's default initialisation and a fixed random batch.</summary>
    public OursCharRnnTraining(CharRnnTrainingSpec spec)
    {
        _spec = spec;
        var rng = new RandomGenerator(20261127);
        _embedding = new Embedding(spec.Vocabulary, spec.Hidden, rng);
        _recurrent = RecurrentLayer.Create(spec.Cell, spec.Hidden, spec.Hidden, spec.Layers, rng: rng);
        _head = new Linear(spec.Hidden, spec.Vocabulary, rng);
        _parameters = [.. _embedding.Parameters(), .. _recurrent.Parameters(), .. _head.Parameters()];
        _optimizer = new Adam(_parameters, spec.LearningRate);
        _clipper = GradientClipper.ByNorm(spec.ClipNorm);
        _tokens = RandomTokens(rng, spec.Batch * spec.Steps, spec.Vocabulary);
        _targets = RandomTokens(rng, spec.Batch * spec.Steps, spec.Vocabulary);
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.TokensPerStep;

    /// <inheritdoc />
    public void Run()
    {
        using var tape = new Tape();
        _optimizer.ZeroGrad();
        var (output, _) = _recurrent.Forward(RecurrentInput.EmbeddedTokens(_embedding.Weight, _tokens, _spec.Batch));
        var logits = _head.Forward(output);
        var loss = Loss.CrossEntropy(logits, _targets);
        tape.Backward(loss);
        _clipper.Clip(_parameters);
        _optimizer.Step();
    }

    /// <inheritdoc />
    public void Dispose() { }

    private static int[] RandomTokens(RandomGenerator rng, int count, int vocabulary)
    {
        var tokens = new int[count];
        for (int i = 0; i < count; i++)
            tokens[i] = rng.NextInt(vocabulary);
        return tokens;
    }
}
