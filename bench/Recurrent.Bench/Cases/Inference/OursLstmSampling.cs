using Recurrent.Bench.Cases.RecurrentLayers;
using Recurrent.Bench.Harness;
using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// Our side of <see cref="LstmSamplingSpec"/>, as <c>CharSampler</c> does it: per token,
/// <see cref="CopiedRecurrentStep.Panels"/> (the LSTM's weights copied once into
/// <see cref="PanelMatrix"/> order, the first layer's input gates of every token computed once from the embedding;
/// state advanced in place, no allocation), the head a <see cref="PanelMatrixVector"/> product, softmax, one draw.
/// With int8 weights the step is <see cref="CopiedRecurrentStep.Int8"/> and the head an
/// <see cref="Int8MatrixVector"/> product.
/// </summary>
internal sealed class OursLstmSampling : IBenchWorkload
{
    private readonly LstmSamplingSpec _spec;
    private readonly LstmSamplerModel _model;
    private readonly RecurrentState _state;
    private readonly Tensor _output;
    private readonly float[] _probabilities;
    private readonly RandomGenerator _draws = new(3);
    private readonly CopiedRecurrentStep _step;
    private readonly PanelMatrix? _panelHead;
    private readonly Int8Matrix? _int8Head;

    /// <summary>Builds the model and the copy of its weights the spec asks for.</summary>
    public OursLstmSampling(LstmSamplingSpec spec)
    {
        _spec = spec;
        _model = new LstmSamplerModel(spec);
        _state = new LstmLayer(spec.Hidden, spec.Hidden, spec.Layers).ZeroState(1);
        _output = Tensor.Zeros(1, spec.Hidden);
        _probabilities = new float[spec.Vocabulary];
        if (spec.Int8Weights)
        {
            _step = CopiedRecurrentStep.Int8(_model.Lstm, _model.Embedding);
            _int8Head = new Int8Matrix(_model.Head.Weight.Span, spec.Vocabulary, spec.Hidden);
        }
        else
        {
            _step = CopiedRecurrentStep.Panels(_model.Lstm, _model.Embedding);
            _panelHead = new PanelMatrix(_model.Head.Weight.Span, spec.Vocabulary, spec.Hidden);
        }
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Tokens;

    /// <inheritdoc />
    public void Run()
    {
        _state.H.Span.Clear();
        _state.C!.Span.Clear();
        int token = 0;
        for (int t = 0; t < _spec.Tokens; t++)
        {
            _step.Step([token], _state, _output);
            if (_int8Head is not null)
                Int8MatrixVector.Multiply(_int8Head, _output.Span, _probabilities);
            else
                PanelMatrixVector.Multiply(_panelHead!, _output.Span, _probabilities);
            TensorPrimitives.Add(_probabilities, _model.Head.Bias!.Span, _probabilities);
            TensorPrimitives.SoftMax(_probabilities, _probabilities);
            token = LstmSamplerModel.Draw(_probabilities, _draws.NextFloat());
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _state.Dispose();
        _output.Dispose();
    }
}
