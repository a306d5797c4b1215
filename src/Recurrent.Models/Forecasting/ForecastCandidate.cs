using System.Globalization;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// One network configuration the automatic search backtests: the transform of the target (log and/or seasonal
/// difference, see <see cref="SeriesTransform"/>), the model, the rows of history it reads and the LSTM width.
/// </summary>
/// <param name="Log">Whether the network models <c>log(1 + x)</c>.</param>
/// <param name="SeasonalDifference">Whether it models the difference from the same season a cycle before.</param>
/// <param name="FirstDifference">Whether it models the change of that difference from one row to the next.</param>
/// <param name="Model">Autoregressive (one-step, rolled out) or encoder-decoder.</param>
/// <param name="History">The rows read before each origin.</param>
/// <param name="Hidden">The LSTM width.</param>
public sealed record ForecastCandidate(
    bool Log,
    bool SeasonalDifference,
    bool FirstDifference,
    ForecastModelKind Model,
    int History,
    int Hidden
)
{
    /// <summary>
    /// The transform in words, its steps joined by <c>+</c>: <c>none</c>, or some of <c>log</c>,
    /// <c>seasonal-difference</c>, <c>first-difference</c>.
    /// </summary>
    public string Transform
    {
        get
        {
            var steps = new List<string>();
            if (Log)
                steps.Add("log");
            if (SeasonalDifference)
                steps.Add("seasonal-difference");
            if (FirstDifference)
                steps.Add("first-difference");
            return steps.Count == 0 ? "none" : string.Join("+", steps);
        }
    }

    /// <summary>The configuration in one token per setting, for example
    /// <c>ar transform=log history=24 hidden=32</c>.</summary>
    public string Name =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{(Model == ForecastModelKind.Autoregressive ? "ar" : "seq2seq")} transform={Transform} "
                + $"history={History} hidden={Hidden}"
        );

    /// <inheritdoc />
    public override string ToString() => Name;
}
