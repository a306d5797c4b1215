namespace Recurrent.Models.Classification;

/// <summary>How a model trained on the other folds did on its own validation fold, at its best checkpoint.</summary>
/// <param name="Fold">The fold, counted from 1.</param>
/// <param name="Steps">The updates it had been trained for.</param>
/// <param name="Correct">The validation series it classified correctly.</param>
/// <param name="Total">The validation series.</param>
/// <param name="Loss">The best validation loss (mean cross-entropy); NaN when there was no evaluation.</param>
public sealed record FoldScore(int Fold, long Steps, long Correct, long Total, double Loss)
{
    /// <summary>The fraction of the validation fold classified correctly.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;
}
