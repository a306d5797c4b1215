namespace Recurrent.Datasets;

/// <summary>
/// The rows of a table as they are read: each row's time, its values (<c>[rows, C]</c> row-major, NaN where
/// missing) and where in the file each value and each time stands. The lists are the reader's own, changed in place.
/// </summary>
internal sealed class TimeRows<T>(
    int channels,
    List<T> times,
    List<float> values,
    List<(int Line, int Column)> placeOf,
    List<int> lineOf,
    List<int> columnOf
)
{
    /// <summary>Empty rows of <paramref name="channels"/> values each.</summary>
    public TimeRows(int channels)
        : this(channels, [], [], [], [], []) { }

    /// <summary>C, the values per row.</summary>
    public int Channels { get; } = channels;

    /// <summary>The time of each row.</summary>
    public List<T> Times { get; } = times;

    /// <summary>The values, <c>[rows, C]</c> row-major.</summary>
    public List<float> Values { get; } = values;

    /// <summary>The line and column of each value.</summary>
    public List<(int Line, int Column)> PlaceOf { get; } = placeOf;

    /// <summary>The line of each row's time.</summary>
    public List<int> LineOf { get; } = lineOf;

    /// <summary>The column of each row's time.</summary>
    public List<int> ColumnOf { get; } = columnOf;

    /// <summary>Adds a row of missing values at <paramref name="time"/>, placed at the given line and column.</summary>
    public void AddMissing(T time, int line, int column)
    {
        Times.Add(time);
        LineOf.Add(line);
        ColumnOf.Add(column);
        for (int c = 0; c < Channels; c++)
        {
            Values.Add(float.NaN);
            PlaceOf.Add((line, column));
        }
    }

    /// <summary>Adds row <paramref name="r"/> of <paramref name="other"/>.</summary>
    public void AddFrom(TimeRows<T> other, int r)
    {
        Times.Add(other.Times[r]);
        LineOf.Add(other.LineOf[r]);
        ColumnOf.Add(other.ColumnOf[r]);
        for (int c = 0; c < Channels; c++)
        {
            Values.Add(other.Values[r * Channels + c]);
            PlaceOf.Add(other.PlaceOf[r * Channels + c]);
        }
    }

    /// <summary>Makes these rows those of <paramref name="other"/>.</summary>
    public void ReplaceWith(TimeRows<T> other)
    {
        Replace(Times, other.Times);
        Replace(Values, other.Values);
        Replace(PlaceOf, other.PlaceOf);
        Replace(LineOf, other.LineOf);
        Replace(ColumnOf, other.ColumnOf);
    }

    private static void Replace<TItem>(List<TItem> list, List<TItem> items)
    {
        list.Clear();
        list.AddRange(items);
    }
}
