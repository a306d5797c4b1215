namespace Recurrent.Server.Classification;

/// <summary>The answer of <c>POST /v1/classify</c>.</summary>
/// <param name="Model">The model that classified.</param>
/// <param name="Labels">The classes, in the order of every prediction's probabilities.</param>
/// <param name="Predictions">One per series, in order.</param>
internal sealed record ClassifyResponse(
    string Model,
    IReadOnlyList<string> Labels,
    IReadOnlyList<Prediction> Predictions
);

/// <summary>The class of one series.</summary>
/// <param name="Label">The most probable class.</param>
/// <param name="Probabilities">The probability of every class, in the order of the labels.</param>
internal sealed record Prediction(string Label, float[] Probabilities);
