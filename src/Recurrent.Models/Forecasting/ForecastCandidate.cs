using System.Globalization;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// One network configuration the automatic search backtests: the transform of the target (log and/or seasonal
/// difference, see <see cref="SeriesTransform"/>), the model, the rows of history it reads and the LSTM width.
/// </summary>
/// <param name="Log">Whether the network models <c>log(1 + x)</c>.</param>
/// <param name="SeasonalDifference">Whether it models the difference from the same season a cycle before.</param>
/// <param name="Model">Autoregressive (one-step, rolled out) or encoder-decoder.</param>
/// <param name="History">The rows read before each origin.</param>
/// <param name="Hidden">The LSTM width.</param>
public sealed record ForecastCandidate(bool Log, bool SeasonalDifference, ForecastModelKind Model, int History, int Hidden)
{
    /// <summary>The transform in words: <c>none</c>, <c>log</c>, <c>seasonal-difference</c> or <c>log+seasonal-difference</c>.</summary>
    public string Transform => (Log, SeasonalDifference) switch
    {
        (false, false) => "none",
        (true, false) => "log",
        (false, true) => "seasonal-difference",
        _ => "log+seasonal-difference",
    };

    /// <summary>The configuration in one token per setting, for example <c>ar transform=log history=24 hidden=32</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"{(Model == ForecastModelKind.Autoregressive ? "ar" : "seq2seq")} transform={Transform} history={History} hidden={Hidden}");

    /// <inheritdoc />
    public override string ToString() => Name;
}
