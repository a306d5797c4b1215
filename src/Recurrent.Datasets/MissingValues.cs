namespace Recurrent.Datasets;

/// <summary>
/// Applies a <see cref="MissingValuePolicy"/> to a table's values (<c>[rows, C]</c> row-major, NaN where missing):
/// refuses them naming the first, fills them forward or by linear interpolation, or masks them.
/// </summary>
internal static class MissingValues
{
    /// <summary>
    /// Fills <paramref name="data"/> in place as <paramref name="policy"/> says; returns which values were observed
    /// under <see cref="MissingValuePolicy.Mask"/>, else null. <paramref name="placeOf"/> gives each value's line and
    /// column, <paramref name="columns"/> each channel's name; <paramref name="remedy"/> names the way to fill or mask
    /// them when a missing value is refused.
    /// </summary>
    /// <exception cref="DataFormatException">
    /// A column has no value at all, or a value is missing under <see cref="MissingValuePolicy.Refuse"/>.
    /// </exception>
    public static bool[]? Apply(
        float[] data,
        string[] columns,
        MissingValuePolicy policy,
        List<(int Line, int Column)> placeOf,
        string source,
        string remedy
    )
    {
        int channels = columns.Length;
        int rows = data.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            int first = -1,
                missing = 0;
            for (int r = 0; r < rows; r++)
            {
                if (float.IsNaN(data[r * channels + c]))
                {
                    missing++;
                    if (first < 0)
                        first = r;
                }
            }
            if (missing == 0)
                continue;
            string column = InvisibleCharacters.Show(columns[c]);
            if (missing == rows)
                throw new DataFormatException(
                    source,
                    placeOf[c].Line,
                    placeOf[c].Column,
                    $"the column '{column}' has no values at all (every row is missing)."
                );
            var (line, at) = placeOf[first * channels + c];
            if (policy == MissingValuePolicy.Refuse)
                throw new DataFormatException(
                    source,
                    line,
                    at,
                    $"the column '{column}' has {missing} missing value(s), the first on this line. Choose what to "
                        + $"do with them: forward-fill, linear interpolation, or a mask ({remedy})."
                );
            if (policy == MissingValuePolicy.ForwardFill)
                ForwardFill(data, rows, channels, c);
            else if (policy == MissingValuePolicy.Interpolate)
                Interpolate(data, rows, channels, c);
        }
        if (policy != MissingValuePolicy.Mask)
            return null;
        return Array.ConvertAll(data, x => !float.IsNaN(x));
    }

    private static void ForwardFill(float[] data, int rows, int channels, int c)
    {
        float last = float.NaN;
        for (int r = 0; r < rows; r++)
        {
            ref float x = ref data[r * channels + c];
            if (float.IsNaN(x))
                x = last;
            else
                last = x;
        }
        FillLeading(data, rows, channels, c);
    }

    private static void Interpolate(float[] data, int rows, int channels, int c)
    {
        int previous = -1;
        for (int r = 0; r < rows; r++)
        {
            if (float.IsNaN(data[r * channels + c]))
                continue;
            if (previous >= 0 && r - previous > 1)
            {
                float a = data[previous * channels + c],
                    b = data[r * channels + c];
                for (int k = previous + 1; k < r; k++)
                    data[k * channels + c] = a + (b - a) * (k - previous) / (r - previous);
            }
            previous = r;
        }
        for (int r = previous + 1; r < rows; r++)
            data[r * channels + c] = data[previous * channels + c];
        FillLeading(data, rows, channels, c);
    }

    private static void FillLeading(float[] data, int rows, int channels, int c)
    {
        int first = 0;
        while (float.IsNaN(data[first * channels + c]))
            first++;
        for (int r = 0; r < first; r++)
            data[r * channels + c] = data[first * channels + c];
    }
}
