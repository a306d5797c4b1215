namespace Recurrent.Datasets;

/// <summary>
/// How <see cref="TimeSeriesCsv"/>'s messages name the options that resolve a problem they report: the library's own
/// names by default, a program's (its command-line options, say) when it sets them, so that the advice is one the
/// reader of the message can follow.
/// </summary>
public sealed record TimeSeriesCsvOptionNames
{
    /// <summary>
    /// The way to fill or mask missing values, named where a missing value is refused (the default:
    /// <c>MissingValuePolicy</c>).
    /// </summary>
    public string Missing { get; init; } = nameof(MissingValuePolicy);

    /// <summary>
    /// The way to read only the rows from a date on, named where a gap in the times is refused and the rows after it
    /// are regular (the default: <c>TimeSeriesCsvOptions.From</c>).
    /// </summary>
    public string From { get; init; } = $"{nameof(TimeSeriesCsvOptions)}.{nameof(TimeSeriesCsvOptions.From)}";

    /// <summary>
    /// The way to name the time column, advised to be left out (the rows then read as steps) where dates of weekdays,
    /// as a market's trading days, are refused for a gap that is most likely a holiday (the default:
    /// <c>TimeSeriesCsvOptions.TimeColumn</c>).
    /// </summary>
    public string TimeColumn { get; init; } =
        $"{nameof(TimeSeriesCsvOptions)}.{nameof(TimeSeriesCsvOptions.TimeColumn)}";

    /// <summary>
    /// The way to read one series of a file that holds several, named where a time repeats (the default:
    /// <c>TimeSeriesCsvOptions.Where</c>).
    /// </summary>
    public string Where { get; init; } = $"{nameof(TimeSeriesCsvOptions)}.{nameof(TimeSeriesCsvOptions.Where)}";

    /// <summary>
    /// The way to read further text as a missing value, named where a bound such as <c>&lt;1</c> is refused as a
    /// value (the default: <c>TimeSeriesCsvOptions.MissingTokens</c>).
    /// </summary>
    public string MissingMarker { get; init; } =
        $"{nameof(TimeSeriesCsvOptions)}.{nameof(TimeSeriesCsvOptions.MissingTokens)}";

    /// <summary>
    /// The way to insert the steps missing between rows as missing values, named where a gap in the times is refused
    /// (the default: <c>TimeSeriesCsvOptions.FillGaps</c>).
    /// </summary>
    public string FillGaps { get; init; } =
        $"{nameof(TimeSeriesCsvOptions)}.{nameof(TimeSeriesCsvOptions.FillGaps)}";
}
