namespace Recurrent.Datasets;

/// <summary>
/// The padding with which the archive's file formats (ARFF, the UCR text format) and tables of series make the shorter
/// series as long as the longest: missing values (NaN) at the end.
/// </summary>
internal static class SeriesPadding
{
    /// <summary>
    /// The steps of <paramref name="values"/> <c>[T, C]</c> before the trailing ones that are missing in every one of
    /// the <paramref name="channels"/>.
    /// </summary>
    public static int StepsBefore(ReadOnlySpan<float> values, int channels)
    {
        int steps = values.Length / channels;
        while (steps > 0 && values.Slice((steps - 1) * channels, channels).IndexOfAnyExcept(float.NaN) < 0)
            steps--;
        return steps;
    }
}
