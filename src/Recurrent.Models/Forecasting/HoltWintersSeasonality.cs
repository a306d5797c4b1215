namespace Recurrent.Models.Forecasting;

/// <summary>How the season enters a <see cref="HoltWinters"/> model.</summary>
public enum HoltWintersSeasonality
{
    /// <summary>No season: level and trend only (Holt's linear method).</summary>
    None,

    /// <summary>The seasonal factor is added to level + trend: a season of constant amplitude.</summary>
    Additive,

    /// <summary>Level + trend is multiplied by the seasonal factor: a season that grows with the level (positive series
    /// only).</summary>
    Multiplicative,
}
