namespace Recurrent.Datasets;

/// <summary>
/// A field's text (unquoted and trimmed) with the physical line and column, counted from 1, where it starts.
/// </summary>
internal readonly record struct CsvCell(string Text, int Line, int Column);
