using Recurrent.Layers;
using Recurrent.Models.Forecasting;

namespace Recurrent.Onnx.Models;

/// <summary>
/// What the exported graphs of every <see cref="SeriesForecaster"/> share: the Gaussian head and the metadata.
/// </summary>
internal static class ForecasterGraph
{
    /// <summary>Adds the Gaussian head: <c>mean</c>, <c>log_std</c> <c>[batch, steps]</c> of the LSTM output.</summary>
    public static void Head(OnnxGraph graph, Linear head, OnnxValue output)
    {
        var gaussian = graph.Linear(head, output, "head");
        graph.Output("mean", graph.SelectLast(gaussian, 0));
        graph.Output("log_std", graph.SelectLast(gaussian, 1));
    }

    /// <summary>Copies the forecaster's checkpoint metadata into the graph's.</summary>
    public static void Metadata(OnnxGraph graph, SeriesForecaster model)
    {
        foreach (var (key, value) in model.ToMetadata())
            graph.Metadata[key] = value;
    }
}
