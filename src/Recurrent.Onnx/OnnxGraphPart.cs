namespace Recurrent.Onnx;

/// <summary>
/// One graph of an <see cref="IOnnxExportableParts"/> export: a name and a function that describes it, so that an
/// exporter can offer a model's encoder and decoder as separate <see cref="IOnnxExportable"/> graphs without a class
/// for each.
/// </summary>
public sealed class OnnxGraphPart(string graphName, Action<OnnxGraph> describe) : IOnnxExportable
{
    private readonly Action<OnnxGraph> _describe = describe ?? throw new ArgumentNullException(nameof(describe));

    /// <inheritdoc />
    public string OnnxGraphName { get; } = graphName;

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph) => _describe(graph);
}
