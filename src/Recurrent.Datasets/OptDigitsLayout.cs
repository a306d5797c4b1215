namespace Recurrent.Datasets;

/// <summary>How <see cref="OptDigitsFile"/> turns an 8x8 digit into a sequence.</summary>
public enum OptDigitsLayout
{
    /// <summary>8 steps (the rows) of 8 values, like row-by-row MNIST.</summary>
    RowsAsSteps,

    /// <summary>64 steps of 1 value (the pixels in row-major order).</summary>
    PixelsAsSteps,
}
