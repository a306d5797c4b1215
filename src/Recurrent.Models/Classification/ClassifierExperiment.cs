using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// The whole classification recipe for one fixed model configuration: split the training set (a random
/// <see cref="ValidationFraction"/>, or <see cref="Folds"/> stratified folds), fit the scaler on each training part,
/// train with <see cref="Training"/> keeping the best checkpoint by validation loss (one per fold), then classify the
/// test set with the one model or with the fold models' probabilities averaged. <c>classify train</c> with explicit
/// options is this recipe with the command line's options.
/// </summary>
public sealed record ClassifierExperiment
{
    /// <summary>How each model trains.</summary>
    public ClassifierTraining Training { get; init; } = new();

    /// <summary>
    /// With one fold, the fraction of the training set held out for validation (drawn by the seed).
    /// </summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>
    /// 1: one model validated on <see cref="ValidationFraction"/> of the training set. K &gt; 1: K-fold
    /// cross-validation, stratified by class: K models, each validating on one fold and saved under
    /// <c>fold-k</c> of the directory.
    /// </summary>
    public int Folds { get; init; } = 1;

    /// <summary>
    /// Runs the recipe: <paramref name="model"/> gives the architecture and the labels (its scaler's kind is kept, and
    /// the scaler is refitted on every training part); <paramref name="seed"/> draws the split and every model's
    /// weights, batch order, augmentation and dropout; checkpoints go to <paramref name="directory"/> (null writes
    /// none). <paramref name="run"/> runs each trainer (a caller shows progress there, or resumes first);
    /// <paramref name="trained"/> hears of each model as soon as it is trained. The result's confusion matrix is on
    /// <paramref name="test"/>, or null without one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="Folds"/> is below 1 or above the number of training series.
    /// </exception>
    /// <exception cref="InvalidDataException">
    /// A series has no observed value, a test label is not among the training labels, or the channels differ; the
    /// message names the file and line.
    /// </exception>
    /// <exception cref="TrainingDivergedException">The loss or the gradient norm became NaN or infinite.</exception>
    public ClassifierExperimentResult Run(
        SequenceClassifierConfig model,
        TimeSeriesDataset train,
        TimeSeriesDataset? test,
        ulong seed,
        string? directory,
        Func<ClassifierFold, Trainer<SequenceBatch>, SequenceClassifier, TrainingResult>? run = null,
        Action<ClassifierFold, TrainedClassifier>? trained = null
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 1);
        if (Folds > 1)
            ArgumentOutOfRangeException.ThrowIfGreaterThan(Folds, train.Count);
        ClassifierInput.EnsureObserved(train);
        // Bad test data fails now, not after minutes of training.
        if (test is not null)
        {
            ClassifierInput.EnsureObserved(test);
            test.EnsureChannels(train.Channels);
            test.LabelIndices(model.Labels);
        }

        var splitRandom = CrossValidationFolds.SplitRandom(seed);
        var runs = new List<TrainedClassifier>();
        if (Folds == 1)
        {
            var (fit, validation) = train.Split(ValidationFraction, splitRandom);
            runs.Add(TrainOne(model, new ClassifierFold(1, 1, fit, validation), seed, directory, run, trained));
            return new ClassifierExperimentResult(
                runs,
                test is null ? null : ClassifierTraining.Evaluate(runs[0].Model, test)
            );
        }
        var folds = CrossValidationFolds.Stratified(train.Labels, Folds, splitRandom);
        for (int k = 1; k <= folds.Count; k++)
        {
            var fold = new ClassifierFold(
                k,
                folds.Count,
                train.Select(folds.Training(k - 1)),
                train.Select(folds.Validation(k - 1))
            );
            string? foldDirectory = directory is null
                ? null
                : Path.Combine(directory, ClassifierEnsemble.FoldDirectoryName(k));
            runs.Add(TrainOne(model, fold, CrossValidationFolds.FoldSeed(seed, k), foldDirectory, run, trained));
        }
        return new ClassifierExperimentResult(
            runs,
            test is null ? null : new ClassifierEnsemble(runs.Select(r => r.Model)).Evaluate(test)
        );
    }

    private TrainedClassifier TrainOne(
        SequenceClassifierConfig model,
        ClassifierFold fold,
        ulong seed,
        string? directory,
        Func<ClassifierFold, Trainer<SequenceBatch>, SequenceClassifier, TrainingResult>? run,
        Action<ClassifierFold, TrainedClassifier>? trained
    )
    {
        var config = model with { Scaler = ChannelScaler.Fit(fold.Fit, model.Scaler.Kind) };
        var result = Training.Train(
            config,
            fold.Fit,
            fold.Validation,
            seed,
            directory,
            run is null ? null : (trainer, classifier) => run(fold, trainer, classifier)
        );
        trained?.Invoke(fold, result);
        return result;
    }
}
