using Recurrent.Data;

namespace Recurrent.Models.Classification;

/// <summary>One training run of a <see cref="ClassifierExperiment"/>: which of how many, and its data.</summary>
/// <param name="Number">The run's number, from 1 (always 1 without cross-validation).</param>
/// <param name="Count">The number of runs: 1, or the number of folds.</param>
/// <param name="Fit">The series the model trains on.</param>
/// <param name="Validation">The series the best checkpoint is chosen on.</param>
public sealed record ClassifierFold(int Number, int Count, TimeSeriesDataset Fit, TimeSeriesDataset Validation);
