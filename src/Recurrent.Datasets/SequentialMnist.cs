using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>
/// MNIST as sequences for row-by-row classification: each 28x28 image becomes 28 steps of 28 pixels, scaled to
/// [0, 1] (pixel / 255, as torchvision's ToTensor), with the digit as label "0".."9".
/// </summary>
public static class SequentialMnist
{
    /// <summary>
    /// Reads an IDX image file and its IDX label file (gzip or not) as a dataset of <c>[rows, cols]</c> series.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is not the expected IDX, or the two files disagree in
    /// count.</exception>
    public static TimeSeriesDataset Load(string imagesPath, string labelsPath)
    {
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Shape.Length != 3)
            throw new InvalidDataException(
                $"'{imagesPath}' holds IDX data of shape [{string.Join(", ", images.Shape)}], not images [N, rows, "
                    + $"cols]."
            );
        if (labels.Shape.Length != 1)
            throw new InvalidDataException(
                $"'{labelsPath}' holds IDX data of shape [{string.Join(", ", labels.Shape)}], not labels [N]."
            );
        int count = images.Shape[0],
            rows = images.Shape[1],
            cols = images.Shape[2];
        if (labels.Shape[0] != count)
            throw new InvalidDataException(
                $"'{imagesPath}' has {count:N0} images but '{labelsPath}' has {labels.Shape[0]:N0} labels."
            );
        var series = new float[count][];
        var names = new string[count];
        int pixels = rows * cols;
        for (int i = 0; i < count; i++)
        {
            var image = new float[pixels];
            var source = images.Data.AsSpan(i * pixels, pixels);
            for (int p = 0; p < pixels; p++)
                image[p] = source[p] / 255f;
            series[i] = image;
            if (labels.Data[i] > 9)
                throw new InvalidDataException($"'{labelsPath}': label {i} is {labels.Data[i]}, not a digit 0-9.");
            names[i] = Digits[labels.Data[i]];
        }
        return new TimeSeriesDataset(imagesPath, cols, series, names, declaredLabels: Digits, recordKind: "image");
    }

    /// <summary>The labels "0".."9".</summary>
    public static IReadOnlyList<string> Digits { get; } =
        Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
