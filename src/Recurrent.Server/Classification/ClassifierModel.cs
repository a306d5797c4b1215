using Recurrent.Data;
using Recurrent.Models.Classification;

namespace Recurrent.Server.Classification;

/// <summary>
/// A sequence classifier (one checkpoint, or the fold models of a cross-validated run voting together) behind
/// <c>POST /v1/classify</c>. A model switches to evaluation mode and back while it predicts, so one request at a time
/// uses it.
/// </summary>
internal sealed class ClassifierModel(
    string name,
    IReadOnlyDictionary<string, string> config,
    ClassifierEnsemble ensemble
) : ServedModel(name, SequenceClassifierConfig.ModelKind, config)
{
    private readonly Lock _gate = new();

    public ClassifierEnsemble Ensemble { get; } = ensemble;

    /// <summary>The values per step the series must have.</summary>
    public int Channels => Ensemble.Members[0].Config.Channels;

    public override string Endpoint => ClassifyEndpoints.Path;

    /// <summary>The class probabilities <c>[N, K]</c> of every series of <paramref name="data"/>.</summary>
    public float[] PredictProbabilities(TimeSeriesDataset data)
    {
        lock (_gate)
            return Ensemble.PredictProbabilities(data);
    }
}
