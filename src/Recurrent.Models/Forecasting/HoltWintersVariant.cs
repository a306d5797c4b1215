namespace Recurrent.Models.Forecasting;

/// <summary>
/// One <see cref="HoltWinters"/> model form: an additive trend, damped or not, and a season that is absent, additive
/// or multiplicative.
/// </summary>
/// <param name="Damped">Whether the trend is damped by <c>phi</c> per step (forecasts level off).</param>
/// <param name="Seasonality">How the season enters.</param>
public readonly record struct HoltWintersVariant(bool Damped, HoltWintersSeasonality Seasonality)
{
    /// <summary>The form in words, for example <c>damped trend, multiplicative season</c>.</summary>
    public string Name =>
        $"{(Damped ? "damped" : "additive")} trend, "
        + Seasonality switch
        {
            HoltWintersSeasonality.Additive => "additive season",
            HoltWintersSeasonality.Multiplicative => "multiplicative season",
            _ => "no season",
        };

    /// <inheritdoc />
    public override string ToString() => Name;
}
