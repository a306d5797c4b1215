using Recurrent.Bench.Harness;
using Recurrent.Layers;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>Recurrent's side of <see cref="LstmSamplingSpec"/>: the layer's allocation-free step API, the embedding row
/// copied in, the head as one GEMM into a preallocated buffer, softmax and a draw from it.</summary>
internal sealed class OursLstmSampling : IBenchWorkload
{
    private readonly LstmSamplingSpec _spec;
    private readonly Embedding _embedding;
    private readonly LstmLayer _lstm;
    private readonly Linear _head;
    private readonly RandomGenerator _rng = new(7);
    private readonly Tensor _input, _output;
    private readonly float[] _logits;

    /// <summary>Builds the model with PyTorch's default initialisation.</summary>
    public OursLstmSampling(LstmSamplingSpec spec)
    {
        _spec = spec;
        var rng = new RandomGenerator(20261127);
        _embedding = new Embedding(spec.Vocabulary, spec.Hidden, rng);
        _lstm = new LstmLayer(spec.Hidden, spec.Hidden, spec.Layers, rng: rng);
        _head = new Linear(spec.Hidden, spec.Vocabulary, rng);
        _input = Tensor.Zeros(1, spec.Hidden);
        _output = Tensor.Zeros(1, spec.Hidden);
        _logits = new float[spec.Vocabulary];
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Tokens;

    /// <inheritdoc />
    public void Run()
    {
        var state = _lstm.ZeroState(1);
        int token = 0, hidden = _spec.Hidden, vocabulary = _spec.Vocabulary;
        for (int t = 0; t < _spec.Tokens; t++)
        {
            _embedding.Weight.Span.Slice(token * hidden, hidden).CopyTo(_input.Span);
            _lstm.Step(_input, state, _output);
            global::Recurrent.Kernels.Gemm.Multiply(false, true, 1, vocabulary, hidden, 1f, _output.Span, hidden, _head.Weight.Span, hidden, 0f, _logits, vocabulary);
            TensorPrimitives.Add(_logits, _head.Bias!.Span, _logits);
            TensorPrimitives.SoftMax(_logits, _logits);
            token = Draw(_logits);
        }
        state.H.Dispose();
        state.C?.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
    }

    private int Draw(ReadOnlySpan<float> probabilities)
    {
        float u = _rng.NextFloat(), cumulative = 0f;
        for (int i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative) return i;
        }
        return probabilities.Length - 1;
    }
}
