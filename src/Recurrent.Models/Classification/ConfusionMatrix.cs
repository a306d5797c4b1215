using Recurrent.Data;
using System.Globalization;
using System.Text;

namespace Recurrent.Models.Classification;

/// <summary>Counts of (true class, predicted class) pairs, with the accuracy and a printable table.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>
    /// Counts the pairs of <paramref name="actual"/> and <paramref name="predicted"/> class indices of
    /// <paramref name="labels"/>.
    /// </summary>
    public ConfusionMatrix(LabelSet labels, IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
            throw new ArgumentException(
                $"ConfusionMatrix: {actual.Count} true labels but {predicted.Count} predictions."
            );
        Labels = labels;
        _counts = new long[labels.Count, labels.Count];
        for (int i = 0; i < actual.Count; i++)
            _counts[actual[i], predicted[i]]++;
        Total = actual.Count;
    }

    /// <summary>The classes, rows and columns in this order.</summary>
    public LabelSet Labels { get; }

    /// <summary>The number of cases counted.</summary>
    public long Total { get; }

    /// <summary>
    /// The number of cases of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.
    /// </summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>The number of cases on the diagonal, predicted as their true class.</summary>
    public long Correct
    {
        get
        {
            long correct = 0;
            for (int k = 0; k < Labels.Count; k++)
                correct += _counts[k, k];
            return correct;
        }
    }

    /// <summary>The fraction of cases on the diagonal.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>The table: one row per true class, one column per predicted class, right-aligned.</summary>
    public override string ToString()
    {
        int k = Labels.Count;
        var cells = new string[k + 1, k + 1];
        cells[0, 0] = "true\\pred";
        for (int i = 0; i < k; i++)
        {
            cells[0, i + 1] = Labels[i];
            cells[i + 1, 0] = Labels[i];
            for (int j = 0; j < k; j++)
                cells[i + 1, j + 1] = _counts[i, j].ToString(CultureInfo.InvariantCulture);
        }
        var widths = new int[k + 1];
        for (int c = 0; c <= k; c++)
            for (int r = 0; r <= k; r++)
                widths[c] = Math.Max(widths[c], cells[r, c].Length);
        var text = new StringBuilder();
        for (int r = 0; r <= k; r++)
        {
            for (int c = 0; c <= k; c++)
            {
                if (c > 0)
                    text.Append("  ");
                text.Append(c == 0 ? cells[r, c].PadRight(widths[c]) : cells[r, c].PadLeft(widths[c]));
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
