using Recurrent.Datasets;
using Recurrent.Models.Drawing;

namespace Recurrent.Server.Drawing;

/// <summary>
/// A handwriting model behind <c>POST /v1/draw</c>. Sampling switches the model to evaluation mode and back, so one
/// request at a time uses it.
/// </summary>
internal sealed class DrawModel(string name, IReadOnlyDictionary<string, string> config, DrawingModel model)
    : ServedModel(name, DrawingModelConfig.ModelKind, config)
{
    private readonly Lock _gate = new();
    private readonly DrawingSampler _sampler = new(model);

    public DrawingModel Model { get; } = model;

    public override string Endpoint => DrawEndpoints.Path;

    public List<StrokeSequence> Sample(IReadOnlyList<int> labels, double bias, double temperature, ulong seed)
    {
        lock (_gate)
            return _sampler.Sample(labels, bias, temperature, seed);
    }
}
