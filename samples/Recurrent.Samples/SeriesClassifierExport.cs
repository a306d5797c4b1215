using Recurrent.Onnx;

namespace Recurrent.Samples;

/// <summary>
/// The <see cref="SeriesClassifier"/> as an ONNX graph: <c>series</c> float <c>[batch, steps, 1]</c> and
/// <c>lengths</c> int64 <c>[batch]</c> to <c>scores</c> and <c>probabilities</c> <c>[batch, classes]</c>.
/// </summary>
public sealed class SeriesClassifierExport(SeriesClassifier model) : IOnnxExportable
{
    public string OnnxGraphName => "series_classifier";

    public void DescribeOnnx(OnnxGraph graph)
    {
        var series = graph.Input("series", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, 1);
        var lengths = graph.Input("lengths", OnnxElementType.Int64, OnnxDim.Batch);
        // One ONNX LSTM operator, whose outputs past each series' length are zero, as Forward's are.
        var lstm = graph.Recurrent(model.Lstm, series, lengths, prefix: "lstm.");
        var scores = graph.Linear(model.Head, graph.MeanOverSteps(lstm.Output, lengths), "head");
        graph.Output("scores", scores);
        graph.Output("probabilities", graph.Softmax(scores));
        foreach (var (key, value) in model.ToMetadata())
            graph.Metadata[key] = value;
    }
}
