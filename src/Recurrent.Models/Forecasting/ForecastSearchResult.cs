using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// What <see cref="ForecastSearch"/> found: every candidate's backtest, the choice (the better of the network
/// ensemble and its combination with the best baseline, or the best baseline when both lost), and the chosen
/// forecaster's forecast of the rows after the training part.
/// </summary>
public sealed record ForecastSearchResult
{
    /// <summary>Every candidate tried, baselines first, in the order they were tried.</summary>
    public required IReadOnlyList<CandidateScore> Scores { get; init; }

    /// <summary>The rows (of the training part) where backtest forecasts start, ascending.</summary>
    public required IReadOnlyList<int> Origins { get; init; }

    /// <summary>The MASE denominator of the backtests: the seasonal-naive in-sample MAE of the rows before the first
    /// origin.</summary>
    public required double MaseScale { get; init; }

    /// <summary>The chosen candidate.</summary>
    public required CandidateScore Choice { get; init; }

    /// <summary>The baseline with the best backtest.</summary>
    public required CandidateScore BestBaseline { get; init; }

    /// <summary>The better network option (the ensemble or its combination with the best baseline); null when no
    /// network trained without diverging, or none was tried (<see cref="TooShortForNetworks"/>).</summary>
    public CandidateScore? BestNetwork { get; init; }

    /// <summary>
    /// Whether the training part was too short for a network's backtest, so that the choice was among the baselines
    /// alone.
    /// </summary>
    public bool TooShortForNetworks { get; init; }

    /// <summary>
    /// How much better than the best baseline's backtest MASE the network option had to be: one standard error of the
    /// mean paired difference of their absolute errors over the backtests (per origin, with the covariance of
    /// overlapping origins counted), divided by the MASE scale.
    /// </summary>
    public required double Margin { get; init; }

    /// <summary>Whether the choice is a baseline because the best network option's backtest was not better by more than
    /// <see cref="Margin"/>.</summary>
    public bool FellBack => Choice.IsBaseline;

    /// <summary>The chosen forecaster's point forecast of the horizon after the training part.</summary>
    public required double[] Forecast { get; init; }

    /// <summary>The chosen networks' forecast of the horizon after the training part (the mean of every member and
    /// seed,
    /// before any combination with a baseline); null after a fallback.</summary>
    public double[]? NetworkForecast { get; init; }

    /// <summary>The network's sampled paths <c>[samples][horizon]</c> in the series' units; empty for a
    /// baseline.</summary>
    public required double[][] Trajectories { get; init; }

    /// <summary>Each baseline's forecast of the horizon after the training part, by name.</summary>
    public required IReadOnlyDictionary<string, double[]> BaselineForecasts { get; init; }

    /// <summary>The Holt-Winters baseline fitted to the whole training part (its variant chosen by AICc).</summary>
    public required HoltWinters HoltWinters { get; init; }

    /// <summary>The chosen networks trained on the whole training part, each with its transform in its description;
    /// empty after a fallback.</summary>
    public required IReadOnlyList<SeriesForecaster> Networks { get; init; }

    /// <summary>The candidates left untried because the budget would have run out.</summary>
    public required IReadOnlyList<string> Skipped { get; init; }

    /// <summary>Whether the budget stopped the search before every candidate was tried.</summary>
    public bool BudgetExhausted => Skipped.Count > 0;

    /// <summary>The wall-clock seconds of the whole search, the final training included.</summary>
    public required double Seconds { get; init; }

    /// <summary>
    /// The choice in one line, for example <c>holt-winters (the network's backtest MASE 1.21 lost to 0.84)</c> or
    /// <c>ensemble of 3 networks (backtest MASE 0.71 beat holt-winters's 0.84)</c>.
    /// </summary>
    public string Summary
    {
        get
        {
            static string Number(double v) =>
                double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "none (diverged)";
            if (!FellBack)
                return $"{Choice.Name} (backtest MASE {Number(Choice.Mase)} beat "
                    + $"{BestBaseline.Name}'s {Number(BestBaseline.Mase)})";
            if (TooShortForNetworks)
                return $"{Choice.Name} (the series is too short for a network's backtests)";
            if (BestNetwork is null)
                return $"{Choice.Name} (no network candidate trained without diverging)";
            return BestNetwork.Mase < Choice.Mase
                ? $"{Choice.Name} (the network's backtest MASE {Number(BestNetwork.Mase)} was not better than "
                    + $"{Number(Choice.Mase)} by more than the noise, {Number(Margin)})"
                : $"{Choice.Name} (the network's backtest MASE {Number(BestNetwork.Mase)} lost to "
                    + $"{Number(Choice.Mase)})";
        }
    }

    /// <summary>
    /// The search as JSON: the choice, the backtest origins and scale, every candidate's scores, the skipped
    /// candidates, the forecast (and the networks' and each baseline's), and the Holt-Winters parameters (the model
    /// itself when it is the choice).
    /// Non-finite numbers are written as null.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteString("choice", Choice.Name);
            json.WriteString("summary", Summary);
            json.WriteBoolean("fell_back_to_baseline", FellBack);
            json.WriteStartArray("origins");
            foreach (int o in Origins)
                json.WriteNumberValue(o);
            json.WriteEndArray();
            Number(json, "mase_scale", MaseScale);
            Number(json, "margin", Margin);
            Number(json, "seconds", Seconds);
            json.WriteStartArray("candidates");
            foreach (var score in Scores)
            {
                json.WriteStartObject();
                json.WriteString("name", score.Name);
                json.WriteString("stage", score.Stage);
                if (score.Networks.Count > 1 || score.Baseline is not null && !score.IsBaseline)
                {
                    json.WriteStartArray("members");
                    foreach (var network in score.Networks)
                        json.WriteStringValue(network.Name);
                    if (score.Baseline is not null)
                        json.WriteStringValue(score.Baseline);
                    json.WriteEndArray();
                }
                Number(json, "backtest_mase", score.Mase);
                Number(json, "backtest_mae", score.Mae);
                Number(json, "backtest_smape", score.Smape);
                Number(json, "seconds", score.Seconds);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("skipped_for_budget");
            foreach (var name in Skipped)
                json.WriteStringValue(name);
            json.WriteEndArray();
            Numbers(json, "forecast", Forecast);
            if (NetworkForecast is not null)
                Numbers(json, "network_forecast", NetworkForecast);
            json.WriteStartObject("baseline_forecasts");
            foreach (var (name, values) in BaselineForecasts)
                Numbers(json, name, values);
            json.WriteEndObject();
            json.WriteStartObject("holt_winters");
            var p = HoltWinters.Parameters;
            json.WriteString("variant", HoltWinters.Variant.Name);
            json.WriteNumber("period", HoltWinters.Period);
            json.WriteNumber("rows_fitted", HoltWinters.Count);
            Number(json, "alpha", p.Alpha);
            Number(json, "beta", p.Beta);
            Number(json, "gamma", p.Gamma);
            Number(json, "phi", p.Phi);
            Number(json, "initial_level", p.Level);
            Number(json, "initial_trend", p.Trend);
            json.WriteStartArray("initial_seasonals");
            foreach (double s in p.Seasonals)
                json.WriteNumberValue(s);
            json.WriteEndArray();
            Number(json, "sse", HoltWinters.Sse);
            Number(json, "aicc", HoltWinters.Aicc);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());

        static void Numbers(Utf8JsonWriter json, string name, double[] values)
        {
            json.WriteStartArray(name);
            foreach (double v in values)
                json.WriteNumberValue(v);
            json.WriteEndArray();
        }

        static void Number(Utf8JsonWriter json, string name, double value)
        {
            if (double.IsFinite(value))
                json.WriteNumber(name, value);
            else
                json.WriteNull(name);
        }
    }
}
