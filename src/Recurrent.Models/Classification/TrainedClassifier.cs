using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// A classifier trained by <see cref="ClassifierTraining.Train"/>: the model holding its best checkpoint's weights,
/// how the run went, and its confusion matrix on the validation part it was chosen on.
/// </summary>
/// <param name="Model">
/// The model, with the weights of the best validation loss (or the last ones when none was saved).
/// </param>
/// <param name="Result">The trainer's outcome: steps, losses, checkpoints.</param>
/// <param name="Validation">The model's confusion matrix on the validation part.</param>
public sealed record TrainedClassifier(SequenceClassifier Model, TrainingResult Result, ConfusionMatrix Validation)
{
    /// <summary>The fraction of the validation part classified correctly.</summary>
    public double ValidationAccuracy => Validation.Accuracy;
}
