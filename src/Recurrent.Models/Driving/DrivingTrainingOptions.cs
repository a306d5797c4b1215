namespace Recurrent.Models.Driving;

/// <summary>How <see cref="DrivingTraining"/> trains a controller: on the expert's episodes first, then DAgger rounds.</summary>
public sealed record DrivingTrainingOptions
{
    /// <summary>Epochs over the expert's episodes before the first DAgger round.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Rounds of DAgger: the controller drives (mixed with the expert), the expert labels, all data is trained on again.</summary>
    public int DaggerRounds { get; init; } = 3;

    /// <summary>Episodes recorded in each DAgger round, each on a training track of its own.</summary>
    public int DaggerEpisodes { get; init; } = 30;

    /// <summary>Epochs over all episodes gathered so far after each DAgger round.</summary>
    public int EpochsPerRound { get; init; } = 3;

    /// <summary>Episodes per batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Steps per segment of truncated BPTT (the LSTM state carries across segments).</summary>
    public int SegmentSteps { get; init; } = 50;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>The share of the expert's episodes held out to measure the validation loss.</summary>
    public double ValidationShare { get; init; } = 0.1;

    /// <summary>The seed of the weights, the shuffling and the DAgger episodes.</summary>
    public ulong Seed { get; init; } = 1;
}
