using Recurrent.Bench.Cases.RecurrentLayers;
using Recurrent.Bench.Harness;
using Recurrent.Layers;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// Our side of <see cref="LstmSamplingSpec"/>: per token, the embedding row copied in, <c>LstmLayer.Step</c> (state
/// advanced in place, no allocation), the head as one GEMM row, softmax, one draw.
/// </summary>
internal sealed class OursLstmSampling(LstmSamplingSpec spec) : IBenchWorkload
{
    private readonly LstmSamplerModel _model = new(spec);
    private readonly RecurrentState _state = new LstmLayer(spec.Hidden, spec.Hidden, spec.Layers).ZeroState(1);
    private readonly Tensor _input = Tensor.Zeros(1, spec.Hidden);
    private readonly Tensor _output = Tensor.Zeros(1, spec.Hidden);
    private readonly float[] _probabilities = new float[spec.Vocabulary];
    private readonly RandomGenerator _draws = new(3);

    /// <inheritdoc />
    public double WorkPerRun => spec.Tokens;

    /// <inheritdoc />
    public void Run()
    {
        int hidden = spec.Hidden,
            vocabulary = spec.Vocabulary;
        _state.H.Span.Clear();
        _state.C!.Span.Clear();
        int token = 0;
        for (int t = 0; t < spec.Tokens; t++)
        {
            _model.Embedding.Weight.Span.Slice(token * hidden, hidden).CopyTo(_input.Span);
            _model.Lstm.Step(_input, _state, _output);
            // logits [1, V] = h W^T + b
            Recurrent.Kernels.Gemm.Multiply(
                false,
                true,
                1,
                vocabulary,
                hidden,
                1f,
                _output.Span,
                hidden,
                _model.Head.Weight.Span,
                hidden,
                0f,
                _probabilities,
                vocabulary
            );
            TensorPrimitives.Add(_probabilities, _model.Head.Bias!.Span, _probabilities);
            TensorPrimitives.SoftMax(_probabilities, _probabilities);
            token = LstmSamplerModel.Draw(_probabilities, _draws.NextFloat());
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _state.Dispose();
        _input.Dispose();
        _output.Dispose();
    }
}
