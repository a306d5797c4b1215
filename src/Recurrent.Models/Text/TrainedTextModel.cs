using Recurrent.Training;

namespace Recurrent.Models.Text;

/// <summary>
/// A language model trained by <see cref="TextTraining.Train"/>: the model holding its best checkpoint's weights
/// (in evaluation mode) and how the run went.
/// </summary>
/// <param name="Model">
/// The model, with the weights of the best validation loss (or the last ones when none was saved).
/// </param>
/// <param name="Result">The trainer's outcome: steps, losses, checkpoints.</param>
public sealed record TrainedTextModel(CharLanguageModel Model, TrainingResult Result);
