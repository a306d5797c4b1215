using Recurrent.Datasets;
using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// The options of the commands that read a CSV file (<c>--separator</c>, <c>--day-first</c>, <c>--where</c>,
/// <c>--fill-gaps</c>, <c>--missing-marker</c>), for when the file's separator or date order cannot be told from it,
/// it holds several series, it has gaps or it writes missing values its own way, and how they become
/// <see cref="TimeSeriesCsvOptions"/>.
/// </summary>
public sealed class CsvCommandOptions
{
    /// <summary>Creates the options.</summary>
    public CsvCommandOptions()
    {
        Separator = new Option<char?>("--separator")
        {
            Description =
                "The separator of the CSV file: ',', ';' (numbers may then have a decimal comma) or "
                + "tab (also \\t); by default told from the header.",
            CustomParser = result =>
            {
                string name = result.Tokens[0].Value;
                if (CsvSeparator.TryParse(name, out char separator))
                    return separator;
                result.AddError($"--separator: '{name}' is not one of {CsvSeparator.Names}.");
                return null;
            },
        };
        DayFirst = new Option<bool?>("--day-first")
        {
            Description =
                "Whether dates like 03/04/2020 are day/month/year (true) or month/day/year (false); "
                + "by default told from a date with a part above 12.",
        };
        Where = new Option<(string Column, string Value)[]>("--where")
        {
            Description =
                "COLUMN=VALUE: read only the rows whose COLUMN holds VALUE, one series of a file that holds several "
                + "(a store's sales among all stores'); repeat it for a series named by several columns.",
            CustomParser = result =>
            {
                var pairs = new List<(string Column, string Value)>();
                foreach (var token in result.Tokens)
                {
                    string text = token.Value;
                    int equals = text.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        result.AddError($"--where: '{text}' is not COLUMN=VALUE.");
                        return [];
                    }
                    pairs.Add((text[..equals].Trim(), text[(equals + 1)..]));
                }
                return [.. pairs];
            },
        };
    }

    /// <summary><c>--fill-gaps</c>.</summary>
    public Option<bool> FillGaps { get; } =
        new("--fill-gaps")
        {
            Description =
                "Insert the steps missing between rows (a day without a row) as missing values, for --missing to fill "
                + "or mask; by default a gap is an error at its row.",
        };

    /// <summary><c>--missing-marker</c>.</summary>
    public Option<string[]> MissingMarker { get; } =
        new("--missing-marker")
        {
            Description =
                "Also read this text as a missing value (as pandas' na_values): a sentinel such as -9999, or a bound "
                + "such as '<1'; repeat it for several. Missing values are refused unless --missing fills them.",
        };

    /// <summary><c>--separator</c>.</summary>
    public Option<char?> Separator { get; }

    /// <summary><c>--day-first</c>.</summary>
    public Option<bool?> DayFirst { get; }

    /// <summary><c>--where</c>.</summary>
    public Option<(string Column, string Value)[]> Where { get; }

    /// <summary>
    /// <paramref name="csv"/> with the separator, the date order, the series, the filling of gaps and the further
    /// missing-value markers given on the command line, where given.
    /// </summary>
    public TimeSeriesCsvOptions ApplyTo(TimeSeriesCsvOptions csv, ParseResult parse) =>
        csv with
        {
            Separator = parse.GetValue(Separator) ?? csv.Separator,
            DayFirst = parse.GetValue(DayFirst) ?? csv.DayFirst,
            Where = parse.GetValue(Where) is { Length: > 0 } where ? where : csv.Where,
            FillGaps = parse.GetValue(FillGaps) || csv.FillGaps,
            MissingTokens = [.. csv.MissingTokens, .. parse.GetValue(MissingMarker) ?? []],
        };
}
