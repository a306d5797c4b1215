namespace Recurrent.Datasets;

/// <summary>
/// Inserts the steps missing between a table's rows as rows of missing values, as pandas' <c>asfreq</c> does, so
/// that a missing-value policy fills or masks them. The step is the shortest between two rows (calendar months for
/// monthly dates); rows that repeat, go back or fall between steps are left for the check of the steps to report.
/// </summary>
internal static class TimeGaps
{
    // More inserted steps than this many times the rows read means the step is not the series' own (a stray row a
    // minute off an hourly series would make the step a minute).
    private const int MostInsertedPerRow = 3;

    /// <summary>Fills the gaps of dated rows; returns the number of steps inserted.</summary>
    /// <exception cref="DataFormatException">The gaps would insert far more steps than the rows read.</exception>
    public static int Fill(TimeRows<DateTime> rows, string source)
    {
        if (rows.Times.Count < 2)
            return 0;
        var step = RegularTimes.StepOf(rows.Times);
        if (step.Months <= 0 && step.Span <= TimeSpan.Zero)
            return 0;
        return Fill(rows, step.After, step.ToString(), source);
    }

    /// <summary>Fills the gaps of rows with a whole-number index; returns the number of steps inserted.</summary>
    /// <exception cref="DataFormatException">The gaps would insert far more steps than the rows read.</exception>
    public static int Fill(TimeRows<long> rows, string source)
    {
        var differences = Enumerable.Range(1, Math.Max(0, rows.Times.Count - 1))
            .Select(r => rows.Times[r] - rows.Times[r - 1])
            .Where(d => d > 0)
            .ToArray();
        if (differences.Length == 0)
            return 0;
        long step = differences.Min();
        return Fill(rows, t => t + step, $"{step}", source);
    }

    private static int Fill<T>(TimeRows<T> rows, Func<T, T> next, string step, string source)
        where T : IComparable<T>
    {
        var filled = new TimeRows<T>(rows.Channels);
        int count = rows.Times.Count,
            inserted = 0;
        for (int r = 0; r < count; r++)
        {
            if (r > 0)
            {
                for (var t = next(rows.Times[r - 1]); t.CompareTo(rows.Times[r]) < 0; t = next(t))
                {
                    if (++inserted > MostInsertedPerRow * count)
                        throw new DataFormatException(
                            source,
                            rows.LineOf[r],
                            rows.ColumnOf[r],
                            $"filling the gaps at a step of {step} would insert more than {MostInsertedPerRow} times "
                                + $"the {count} rows read; the step is the shortest between two rows: is a row off "
                                + "the series' own step?"
                        );
                    filled.AddMissing(t, rows.LineOf[r], rows.ColumnOf[r]);
                }
            }
            filled.AddFrom(rows, r);
        }
        rows.ReplaceWith(filled);
        return inserted;
    }
}
