namespace Recurrent.Datasets;

/// <summary>
/// The cells of one data row that <see cref="TimeSeriesCsv"/> reads, kept as text until the whole time column is
/// known (the order of day and month is decided for the column).
/// </summary>
internal sealed record CsvRow(int Line, CsvCell[] Time, CsvCell[] Values, string? Label);
