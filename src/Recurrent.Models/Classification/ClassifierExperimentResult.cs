namespace Recurrent.Models.Classification;

/// <summary>
/// What a <see cref="ClassifierExperiment"/> produced: the trained model of every run (one, or one per fold) and the
/// confusion matrix on the test set of the one model, or of the fold models' probabilities averaged.
/// </summary>
/// <param name="Runs">The trained classifiers, in fold order.</param>
/// <param name="Test">The confusion matrix on the test set; null when there was none.</param>
public sealed record ClassifierExperimentResult(IReadOnlyList<TrainedClassifier> Runs, ConfusionMatrix? Test)
{
    /// <summary>The mean validation accuracy over the runs (the cross-validated accuracy with folds).</summary>
    public double ValidationAccuracy => Runs.Average(r => r.ValidationAccuracy);

    /// <summary>The mean best validation loss over the runs (NaN where a run never validated).</summary>
    public double ValidationLoss => Runs.Average(r => r.Result.BestValidationLoss ?? double.NaN);
}
