using Recurrent.Tensors;

namespace Recurrent.Datasets;

/// <summary>
/// (history, future) pairs cut from a series for forecasting: window w starts at row <c>first + w * stride</c>, its
/// history is the next <see cref="History"/> rows of every channel (<c>[W, H, C]</c>) and its future the
/// <see cref="Horizon"/> rows after them of the target channels (<c>[W, F, C_target]</c>). Missing values (NaN, from
/// a masked table) become 0 in the arrays, with masks saying which values were observed.
/// </summary>
public sealed class SeriesWindows
{
    private SeriesWindows(
        int history,
        int horizon,
        int stride,
        int channels,
        int[] targetChannels,
        int[] starts,
        float[] histories,
        float[] futures,
        float[]? historyMask,
        float[]? futureMask
    )
    {
        History = history;
        Horizon = horizon;
        Stride = stride;
        Channels = channels;
        TargetChannels = targetChannels;
        Starts = starts;
        Histories = histories;
        Futures = futures;
        HistoryMask = historyMask;
        FutureMask = futureMask;
    }

    /// <summary>H, the number of history steps.</summary>
    public int History { get; }

    /// <summary>F, the number of future steps.</summary>
    public int Horizon { get; }

    /// <summary>The number of rows between the starts of consecutive windows.</summary>
    public int Stride { get; }

    /// <summary>C, the channels of the history.</summary>
    public int Channels { get; }

    /// <summary>The channels of the future, as indices into the table's columns.</summary>
    public IReadOnlyList<int> TargetChannels { get; }

    /// <summary>W, the number of windows.</summary>
    public int Count => Starts.Length;

    /// <summary>The row of each window's first history step.</summary>
    public int[] Starts { get; }

    /// <summary>The histories, <c>[W, H, C]</c> row-major.</summary>
    public float[] Histories { get; }

    /// <summary>The futures, <c>[W, F, C_target]</c> row-major.</summary>
    public float[] Futures { get; }

    /// <summary>
    /// 1 where a history value was observed, 0 where it was missing (<c>[W, H, C]</c>); null when nothing is missing.
    /// </summary>
    public float[]? HistoryMask { get; }

    /// <summary>
    /// 1 where a future value was observed, 0 where it was missing (<c>[W, F, C_target]</c>); null when nothing is
    /// missing.
    /// </summary>
    public float[]? FutureMask { get; }

    /// <summary>The histories as a tensor <c>[W, H, C]</c> sharing this object's array.</summary>
    public Tensor HistoryTensor() => Tensor.FromArray(Histories, Count, History, Channels);

    /// <summary>The futures as a tensor <c>[W, F, C_target]</c> sharing this object's array.</summary>
    public Tensor FutureTensor() => Tensor.FromArray(Futures, Count, Horizon, TargetChannels.Count);

    /// <summary>
    /// Cuts the windows lying wholly within rows <c>[firstRow, endRow)</c> of <paramref name="table"/>. For a test
    /// tail whose history may reach into the training part, pass <c>firstRow = trainRows - history</c>.
    /// </summary>
    /// <param name="table">The series, already scaled when the model wants scaled values.</param>
    /// <param name="history">H, at least 1.</param>
    /// <param name="horizon">F, at least 1.</param>
    /// <param name="stride">Rows between window starts, at least 1.</param>
    /// <param name="targetColumns">The columns to forecast, by name; null for all.</param>
    /// <param name="firstRow">The first row a window may use.</param>
    /// <param name="endRow">One past the last row a window may use; null for the end of the table.</param>
    /// <exception cref="InvalidDataException">The rows are too few for one window; the message gives both
    /// numbers.</exception>
    public static SeriesWindows Create(
        TimeSeriesTable table,
        int history,
        int horizon,
        int stride = 1,
        IReadOnlyList<string>? targetColumns = null,
        int firstRow = 0,
        int? endRow = null
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(history, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        int end = endRow ?? table.Rows;
        if (firstRow < 0 || end > table.Rows || firstRow > end)
            throw new ArgumentOutOfRangeException(
                nameof(firstRow),
                $"Rows [{firstRow}, {end}) are not within the {table.Rows} rows of {table.Source}."
            );
        var targets = (targetColumns ?? table.Columns)
            .Select(name =>
            {
                int channel = table.Columns.ToList().IndexOf(name);
                return channel >= 0
                    ? channel
                    : throw new ArgumentException(
                        $"{table.Source}: the target column '{name}' is not among the value columns read "
                            + $"({string.Join(", ", table.Columns)}).",
                        nameof(targetColumns)
                    );
            })
            .ToArray();
        int available = end - firstRow,
            needed = history + horizon;
        if (available < needed)
            throw new InvalidDataException(
                $"{table.Source}: too few rows for one window: {available} row(s) available, but {history} history + "
                    + $"{horizon} future steps need {needed}. "
                    + "Use a longer series, or a shorter history or horizon."
            );
        int count = (available - needed) / stride + 1;
        int channels = table.Channels,
            targetCount = targets.Length;
        var starts = new int[count];
        var histories = new float[count * history * channels];
        var futures = new float[count * horizon * targetCount];
        bool anyMissing = HasMissing(table, firstRow, end);
        var historyMask = anyMissing ? new float[histories.Length] : null;
        var futureMask = anyMissing ? new float[futures.Length] : null;
        var values = table.Values;
        for (int w = 0; w < count; w++)
        {
            int start = firstRow + w * stride;
            starts[w] = start;
            for (int t = 0; t < history; t++)
                for (int c = 0; c < channels; c++)
                    Put(values[(start + t) * channels + c], histories, historyMask, (w * history + t) * channels + c);
            for (int t = 0; t < horizon; t++)
                for (int k = 0; k < targetCount; k++)
                    Put(
                        values[(start + history + t) * channels + targets[k]],
                        futures,
                        futureMask,
                        (w * horizon + t) * targetCount + k
                    );
        }
        return new SeriesWindows(
            history,
            horizon,
            stride,
            channels,
            targets,
            starts,
            histories,
            futures,
            historyMask,
            futureMask
        );
    }

    private static bool HasMissing(TimeSeriesTable table, int firstRow, int endRow)
    {
        var span = table.Values.AsSpan(firstRow * table.Channels, (endRow - firstRow) * table.Channels);
        foreach (float x in span)
            if (float.IsNaN(x))
                return true;
        return false;
    }

    private static void Put(float value, float[] destination, float[]? mask, int at)
    {
        bool observed = !float.IsNaN(value);
        destination[at] = observed ? value : 0f;
        if (mask is not null)
            mask[at] = observed ? 1f : 0f;
    }
}
