using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Classification;

/// <summary>
/// The configurations a <see cref="ClassifierSearch"/> may try, each dimension a list of values, plus fixed
/// <see cref="Anchors"/>. <see cref="For"/> derives it from the shape of a training file alone (channels, labels,
/// length); candidates are <see cref="Template"/> with one value drawn from every list.
/// </summary>
public sealed record ClassifierSearchSpace
{
    /// <summary>
    /// The training file's channels, labels and scaler, and the settings no dimension varies (dropout, scaling kind).
    /// </summary>
    public required SequenceClassifierConfig Template { get; init; }

    /// <summary>The recurrent cells.</summary>
    public IReadOnlyList<CellKind> Cells { get; init; } = [CellKind.Gru, CellKind.Lstm];

    /// <summary>The hidden sizes (of each direction).</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [32, 64, 128];

    /// <summary>The numbers of stacked recurrent layers.</summary>
    public IReadOnlyList<int> Layers { get; init; } = [1, 2];

    /// <summary>Unidirectional, bidirectional.</summary>
    public IReadOnlyList<bool> Bidirectional { get; init; } = [false, true];

    /// <summary>The poolings of the outputs into one vector.</summary>
    public IReadOnlyList<SequencePooling> Poolings { get; init; } = [SequencePooling.Last, SequencePooling.Mean];

    /// <summary>
    /// The frame lengths (steps joined into one network step); <see cref="FramesFor"/> gives the default ones.
    /// </summary>
    public required IReadOnlyList<int> Frames { get; init; }

    /// <summary>
    /// The augmentations: none, a random shift by up to one frame, Gaussian jitter of 0.1 (in scaled units).
    /// </summary>
    public IReadOnlyList<ClassifierAugmentation> Augmentations { get; init; } =
    [ClassifierAugmentation.None, new(Shift: 1, Jitter: 0f), new(Shift: 0, Jitter: 0.1f)];

    /// <summary>
    /// The convolutional branches beside the recurrent layer
    /// (<see cref="SequenceClassifierConfig.ConvolutionFilters"/>): none, or LSTM-FCN's blocks of 64, 128, 64 filters.
    /// </summary>
    public IReadOnlyList<int> ConvolutionFilters { get; init; } = [0, 64];

    /// <summary>Adam's learning rates.</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [1e-3, 3e-3];

    /// <summary>Candidates tried in every search, before the sampled ones.</summary>
    public IReadOnlyList<ClassifierCandidate> Anchors { get; init; } = [];

    /// <summary>
    /// The default space for <paramref name="train"/>: GRU or LSTM, 32, 64 or 128 units, 1 or 2 layers, one or both
    /// directions, last or mean pooling, dropout 0.2, standardised channels, the frames of <see cref="FramesFor"/>
    /// (the median length), no augmentation or shift or jitter, learning rate 1e-3 or 3e-3, no convolutional branch
    /// or one of 64 filters; and five anchors: the plain GRU of 64 (frame nearest 30 steps, rate 3e-3), a
    /// bidirectional GRU of 128 with mean pooling and shift (rate 1e-3), an LSTM of 64 with mean pooling and jitter,
    /// two bidirectional GRU layers of 32 on the longest frames, and LSTM-FCN: an LSTM of 64 beside the
    /// convolutional branch of 64 filters (rate 1e-3).
    /// </summary>
    /// <exception cref="InvalidDataException">The training set is empty, or a channel has no value.</exception>
    public static ClassifierSearchSpace For(TimeSeriesDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var lengths = Enumerable.Range(0, train.Count).Select(train.Length).Order().ToArray();
        if (lengths.Length == 0)
            throw new InvalidDataException($"{train.Source}: the training set has no series.");
        var frames = FramesFor(lengths[lengths.Length / 2]);
        var template = new SequenceClassifierConfig(
            CellKind.Gru,
            train.Channels,
            HiddenSize: 64,
            Layers: 1,
            Bidirectional: false,
            SequencePooling.Last,
            Dropout: 0.2f,
            frames[0],
            LabelSet.FromTraining(train),
            ChannelScaler.Fit(train, ScalingKind.Standardize)
        );
        int median = lengths[lengths.Length / 2];
        int middle = frames.MinBy(f => Math.Abs(Steps(median, f) - 30));
        return new ClassifierSearchSpace
        {
            Template = template,
            Frames = frames,
            Anchors =
            [
                new(template with { Frame = middle }, ClassifierAugmentation.None, 3e-3),
                new(
                    template with
                    {
                        HiddenSize = 128,
                        Bidirectional = true,
                        Pooling = SequencePooling.Mean,
                        Frame = middle,
                    },
                    new(Shift: 1, Jitter: 0f),
                    1e-3
                ),
                new(
                    template with
                    {
                        Cell = CellKind.Lstm,
                        Pooling = SequencePooling.Mean,
                        Frame = middle,
                    },
                    new(Shift: 0, Jitter: 0.1f),
                    3e-3
                ),
                new(
                    template with
                    {
                        HiddenSize = 32,
                        Layers = 2,
                        Bidirectional = true,
                        Frame = frames[^1],
                    },
                    ClassifierAugmentation.None,
                    3e-3
                ),
                new(
                    template with
                    {
                        Cell = CellKind.Lstm,
                        Frame = middle,
                        ConvolutionFilters = 64,
                    },
                    ClassifierAugmentation.None,
                    1e-3
                ),
            ],
        };
    }

    /// <summary>
    /// The frame lengths that turn a series of <paramref name="length"/> steps into 12 to 50 network steps, from
    /// 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, ... (1 itself when the series is at most 50 steps long, and
    /// only 1 when it is shorter than 12).
    /// </summary>
    public static IReadOnlyList<int> FramesFor(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var frames = new List<int>();
        foreach (int frame in Ladder(length))
        {
            int steps = Steps(length, frame);
            if ((steps >= 12 && steps <= 50) || (frame == 1 && length <= 50))
                frames.Add(frame);
        }
        return frames.Count == 0 ? [1] : frames;
    }

    /// <summary>
    /// <paramref name="count"/> candidates drawn from the space (fewer when the space holds fewer), each value of
    /// every dimension equally likely, none equal to an anchor or to another.
    /// </summary>
    public IReadOnlyList<ClassifierCandidate> Sample(int count, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seen = new HashSet<string>(Anchors.Select(a => a.Describe()), StringComparer.Ordinal);
        var sampled = new List<ClassifierCandidate>();
        for (int attempt = 0; sampled.Count < count && attempt < 100 * (count + 1); attempt++)
        {
            var model = Template with
            {
                Cell = Pick(Cells, random),
                HiddenSize = Pick(HiddenSizes, random),
                Layers = Pick(Layers, random),
                Bidirectional = Pick(Bidirectional, random),
                Pooling = Pick(Poolings, random),
                Frame = Pick(Frames, random),
                ConvolutionFilters = Pick(ConvolutionFilters, random),
            };
            var candidate = new ClassifierCandidate(model, Pick(Augmentations, random), Pick(LearningRates, random));
            if (seen.Add(candidate.Describe()))
                sampled.Add(candidate);
        }
        return sampled;
    }

    private static T Pick<T>(IReadOnlyList<T> values, RandomGenerator random) =>
        values.Count > 0
            ? values[random.NextInt(values.Count)]
            : throw new InvalidOperationException("A dimension of the search space has no values.");

    private static int Steps(int length, int frame) => (length + frame - 1) / frame;

    // 1, 2, 3, then 4, 5, 6, 8, 10, 12, 16, ...: about 25% apart, up to the whole series.
    private static IEnumerable<int> Ladder(int length)
    {
        yield return 1;
        if (length >= 2)
            yield return 2;
        if (length >= 3)
            yield return 3;
        for (long power = 4; power <= length; power *= 2)
            foreach (long frame in new[] { power, power * 5 / 4, power * 3 / 2 })
                if (frame <= length)
                    yield return (int)frame;
    }
}
