using Recurrent.Models.Classification;

namespace Recurrent.Onnx.Models;

/// <summary>
/// A <see cref="SequenceClassifier"/> as ONNX: <c>inputs</c> float <c>[batch, steps, F*C]</c>, already prepared as
/// <see cref="ClassifierInput.Prepare"/> does (scaled with the stored scaler, missing values 0, framed), and
/// <c>lengths</c> int64 <c>[batch]</c>, to <c>logits</c> and <c>probabilities</c> <c>[batch, K]</c>. The labels,
/// the scaler and the rest of the configuration go into the metadata.
/// </summary>
public sealed class SequenceClassifierExport(SequenceClassifier model) : IOnnxExportable
{
    /// <summary>The model to export.</summary>
    public SequenceClassifier Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <inheritdoc />
    public string OnnxGraphName => "sequence_classifier";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var config = Model.Config;
        var inputs = graph.Input("inputs", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, config.InputSize);
        var lengths = graph.Input("lengths", OnnxElementType.Int64, OnnxDim.Batch);
        var rnn = graph.Recurrent(Model.Rnn, inputs, lengths, prefix: "rnn.");
        // With lengths the final state is each series' own last valid step (and step 0 for the reverse direction),
        // as the model's pooling reads it.
        var pooled =
            config.Pooling == SequencePooling.Mean
                ? graph.MeanOverSteps(rnn.Output, lengths)
                : graph.LastLayerState(Model.Rnn, rnn.H);
        if (Model.Convolutions.Count > 0)
            pooled = graph.Concat(-1, pooled, DescribeConvolutions(graph, inputs, lengths));
        var logits = graph.Linear(Model.Classifier, pooled, "classifier");
        graph.Output("logits", logits);
        graph.Output("probabilities", graph.Softmax(logits));
        foreach (var (key, value) in config.ToMetadata())
            graph.Metadata[key] = value;
    }

    // The branch in ONNX's channels-first layout [B, C, T], masked after every block as Forward leaves it, and its
    // mean over the valid steps [B, N].
    private OnnxValue DescribeConvolutions(OnnxGraph graph, OnnxValue inputs, OnnxValue lengths)
    {
        var mask = graph.StepMask(inputs, lengths);
        var h = graph.Multiply(graph.Transpose(inputs, 0, 2, 1), mask);
        for (int i = 0; i < Model.Convolutions.Count; i++)
        {
            var convolved = graph.Conv1d(Model.Convolutions[i], h, $"conv.{i}");
            h = graph.Multiply(graph.Relu(graph.BatchNorm1d(Model.Norms[i], convolved, $"bn.{i}")), mask);
        }
        return graph.MeanOverSteps(graph.Transpose(h, 0, 2, 1), lengths);
    }
}
