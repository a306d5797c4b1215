using Recurrent.Bench.Cases.RecurrentLayers;
using Recurrent.Bench.Harness;
using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// Our side of <see cref="LstmSamplingSpec"/>: per token, the embedding row copied in, <c>LstmLayer.Step</c> (state
/// advanced in place, no allocation), the head as one GEMM row, softmax, one draw. With int8 weights the step is
/// <see cref="Int8RecurrentStep"/> and the head an <see cref="Int8MatrixVector"/> product, as <c>CharSampler</c> does.
/// </summary>
internal sealed class OursLstmSampling : IBenchWorkload
{
    private readonly LstmSamplingSpec _spec;
    private readonly LstmSamplerModel _model;
    private readonly RecurrentState _state;
    private readonly Tensor _input;
    private readonly Tensor _output;
    private readonly float[] _probabilities;
    private readonly RandomGenerator _draws = new(3);
    private readonly Int8RecurrentStep? _int8Step;
    private readonly Int8Matrix? _int8Head;

    /// <summary>Builds the model, and its int8 copy where the spec asks for int8 weights.</summary>
    public OursLstmSampling(LstmSamplingSpec spec)
    {
        _spec = spec;
        _model = new LstmSamplerModel(spec);
        _state = new LstmLayer(spec.Hidden, spec.Hidden, spec.Layers).ZeroState(1);
        _input = Tensor.Zeros(1, spec.Hidden);
        _output = Tensor.Zeros(1, spec.Hidden);
        _probabilities = new float[spec.Vocabulary];
        if (spec.Int8Weights)
        {
            _int8Step = new Int8RecurrentStep(_model.Lstm);
            _int8Head = new Int8Matrix(_model.Head.Weight.Span, spec.Vocabulary, spec.Hidden);
        }
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Tokens;

    /// <inheritdoc />
    public void Run()
    {
        int hidden = _spec.Hidden,
            vocabulary = _spec.Vocabulary;
        _state.H.Span.Clear();
        _state.C!.Span.Clear();
        int token = 0;
        for (int t = 0; t < _spec.Tokens; t++)
        {
            _model.Embedding.Weight.Span.Slice(token * hidden, hidden).CopyTo(_input.Span);
            if (_int8Step is not null)
            {
                _int8Step.Step(_input, _state, _output);
                Int8MatrixVector.Multiply(_int8Head!, _output.Span, _probabilities);
            }
            else
            {
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
            }
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
