using Recurrent.Data;
using Recurrent.Datasets;
using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// The options that name a table's class column and the column naming its series (<c>--label-column</c>,
/// <c>--id-column</c>), for tables whose columns are called otherwise than the reader knows, and the reading of a
/// classification file with them.
/// </summary>
internal sealed class SeriesTableOptions
{
    /// <summary><c>--label-column</c>.</summary>
    public Option<string?> LabelColumn { get; } =
        new("--label-column")
        {
            Description =
                "The column of a table that holds the class, when it is not named label, class, target or y.",
        };

    /// <summary><c>--id-column</c>.</summary>
    public Option<string?> IdColumn { get; } =
        new("--id-column")
        {
            Description =
                "The column of a table that names each series (a table of one step per row when names repeat), "
                + "when it is not named id, series, series_id, case_id or sample_id.",
        };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(LabelColumn);
        command.Options.Add(IdColumn);
    }

    /// <summary>Whether either column is named on the command line.</summary>
    public bool NamesColumns(ParseResult parse) =>
        parse.GetValue(LabelColumn) is not null || parse.GetValue(IdColumn) is not null;

    /// <summary>Reads the series at <paramref name="path"/> with the columns named on the command line.</summary>
    public TimeSeriesDataset Read(ParseResult parse, string path, bool requireLabels = true) =>
        ClassificationFile.Read(path, requireLabels, parse.GetValue(LabelColumn), parse.GetValue(IdColumn));
}
