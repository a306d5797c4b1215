using Recurrent.Layers;
using Recurrent.Onnx;
using Recurrent.Tensors;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// The classifier of <see cref="LstmClassificationSpec"/> in Recurrent's layers, which our side runs and ONNX Runtime's
/// side exports.
/// </summary>
internal sealed class LstmClassifierModel : IOnnxExportable
{
    /// <summary>Builds the model with PyTorch's default initialisation.</summary>
    public LstmClassifierModel(LstmClassificationSpec spec)
    {
        var rng = new RandomGenerator(1);
        Lstm = new LstmLayer(spec.Features, spec.Hidden, spec.Layers, rng: rng);
        Head = new Linear(spec.Hidden, spec.Classes, rng);
        Lstm.Eval();
    }

    /// <summary>The recurrent stack.</summary>
    public LstmLayer Lstm { get; }

    /// <summary>The linear head on the last layer's final hidden state.</summary>
    public Linear Head { get; }

    /// <inheritdoc />
    public string OnnxGraphName => "lstm_classifier";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        var x = graph.Input("series", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, Lstm.InputSize);
        var rnn = graph.Recurrent(Lstm, x);
        graph.Output("probabilities", graph.Softmax(graph.Linear(Head, graph.LastLayerState(Lstm, rnn.H), "head")));
    }
}
