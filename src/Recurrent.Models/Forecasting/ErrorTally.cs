namespace Recurrent.Models.Forecasting;

/// <summary>Accumulates the errors of one forecaster over every scored value, for MAE, MASE and sMAPE.</summary>
public sealed class ErrorTally
{
    private double _absolute;
    private double _symmetric;

    /// <summary>The number of values scored.</summary>
    public int Count { get; private set; }

    /// <summary>Scores one forecast value.</summary>
    public void Add(double actual, double forecast)
    {
        var (absolute, symmetric) = ForecastMetrics.Errors(actual, forecast);
        _absolute += absolute;
        _symmetric += symmetric;
        Count++;
    }

    /// <summary>The mean absolute error.</summary>
    public double Mae => _absolute / Count;

    /// <summary>sMAPE in percent.</summary>
    public double Smape => _symmetric / Count;

    /// <summary>MASE against the given in-sample seasonal-naive scale.</summary>
    public double Mase(double scale) => Mae / scale;
}
