using Recurrent.Data;
using Recurrent.Models.Classification;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using Recurrent.Tests.Training;
using System.Diagnostics;

namespace Recurrent.Tests.Classification;

public sealed class ClassifierSearchTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Noisy rising or falling ramps of 6 to 12 steps: classes "up" and "down", alternating.
    private static TimeSeriesDataset Slopes(int count, int seed, Func<int, string>? label = null)
    {
        var rng = new RandomGenerator((ulong)seed);
        var series = new float[count][];
        var labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            bool up = i % 2 == 0;
            int length = 6 + rng.NextInt(7);
            float start = rng.NextFloat() * 2 - 1;
            float slope = up ? 0.3f : -0.3f;
            series[i] = Enumerable
                .Range(0, length)
                .Select(t => start + slope * t + 0.1f * (rng.NextFloat() - 0.5f))
                .ToArray();
            labels[i] = label?.Invoke(i) ?? (up ? "up" : "down");
        }
        var lines = Enumerable.Range(0, count).Select(i => i + 5).ToArray();
        return new TimeSeriesDataset("slopes_TRAIN.ts", 1, series, labels, lines);
    }

    // A small space and few updates, so that a whole search takes about a second.
    private static ClassifierSearchOptions Small(TimeSeriesDataset train, string? directory, ulong seed = 7) =>
        new()
        {
            Seed = seed,
            MaxFolds = 3,
            SampledCandidates = 4,
            Updates = 24,
            Directory = directory,
            Space = ClassifierSearchSpace.For(train) with { HiddenSizes = [4, 8], Layers = [1], Anchors = [] },
        };

    [Fact]
    public void TheChoiceAndEveryScoreAreReproducibleForASeed()
    {
        var train = Slopes(24, 1);

        var first = new ClassifierSearch(train, Small(train, Path.Combine(_directory.Path, "a"))).Run();
        var second = new ClassifierSearch(train, Small(train, Path.Combine(_directory.Path, "b"))).Run();

        Assert.False(first.CutShort);
        Assert.Equal(4, first.Candidates.Count);
        Assert.Equal(first.Chosen, second.Chosen);
        Assert.Equal(first.Candidates.Select(c => c.Describe()), second.Candidates.Select(c => c.Describe()));
        // 4 candidates: rung 1 (4), rung 2 (2), then the final training of the chosen one.
        Assert.Equal(4 + 2 + 1, first.Scores.Count);
        Assert.Equal(first.Scores.Select(Summary), second.Scores.Select(Summary));
        Assert.Equal(3, first.Final.Folds.Count);
        Assert.All(first.Final.Folds, f => Assert.Equal(24, f.Steps));
        Assert.Equal(first.PartnerIndex, second.PartnerIndex);
        Assert.Equal(3, first.Seeds);
        Assert.Equal(first.Seeds, second.Seeds);
        Assert.Equal(first.Seeds * (first.PartnerIndex is null ? 1 : 2) * 3, first.Ensemble.Members.Count);
        Assert.Equal(
            first.Ensemble.PredictProbabilities(train),
            second.Ensemble.PredictProbabilities(train)
        );

        var other = new ClassifierSearch(train, Small(train, directory: null, seed: 8)).Run();
        Assert.NotEqual(first.Candidates.Select(c => c.Describe()), other.Candidates.Select(c => c.Describe()));
    }

    private static string Summary(CandidateScore s) =>
        FormattableString.Invariant($"{s.Candidate} {s.Rung} {s.Updates} {s.Kept} ")
        + string.Join(
            ";",
            s.Folds.Select(f => FormattableString.Invariant($"{f.Fold}:{f.Steps}:{f.Correct}/{f.Total}:{f.Loss:R}"))
        );

    [Fact]
    public void TwoRanksSearchAsOneProcessDoesAndOnlyRankZeroLogs()
    {
        var train = Slopes(24, 1);
        string one = Path.Combine(_directory.Path, "one"),
            two = Path.Combine(_directory.Path, "two");
        var lines = new List<string>[] { [], [] };

        // Without dropout, augmentation and batch normalisation (which draw or normalise per rank, as in PyTorch's
        // DistributedDataParallel), two ranks train every model as one process does on the same global batches.
        ClassifierSearchOptions Exact(string directory)
        {
            var options = Small(train, directory);
            var space = options.Space!;
            return options with
            {
                Space = space with
                {
                    Template = space.Template with { Dropout = 0 },
                    Augmentations = [new ClassifierAugmentation(0, 0)],
                    ConvolutionFilters = [0],
                },
            };
        }
        var single = new ClassifierSearch(train, Exact(one)).Run();
        var ranks = ThreadedWorld.Run(
            2,
            world =>
                new ClassifierSearch(train, Exact(two) with { World = world, Log = lines[world.Rank].Add }).Run()
        );

        // Every rank follows rank 0's decisions; float sums in another order are the only difference from one
        // process, too small to change a decision on these series.
        Assert.Equal(8, single.BatchSize);
        Assert.All(ranks, r => Assert.Equal(single.Chosen, r.Chosen));
        Assert.All(ranks, r => Assert.Equal(single.PartnerIndex, r.PartnerIndex));
        Assert.All(ranks, r => Assert.Equal(single.Seeds, r.Seeds));
        Assert.All(ranks, r => Assert.Equal(single.Scores.Select(Decision), r.Scores.Select(Decision)));
        Assert.Equal(ranks[0].Scores.Select(Summary), ranks[1].Scores.Select(Summary));
        Assert.All(ranks, r => Assert.Equal(single.Ensemble.Members.Count, r.Ensemble.Members.Count));
        var expected = single.Ensemble.PredictProbabilities(train);
        foreach (var rank in ranks)
            Assert.All(
                expected.Zip(rank.Ensemble.PredictProbabilities(train)),
                p => Assert.Equal(p.First, p.Second, 1e-3)
            );
        Assert.Contains(lines[0], l => l.StartsWith("chosen: ", StringComparison.Ordinal));
        Assert.Empty(lines[1]);
        Assert.True(File.Exists(Path.Combine(two, "search.json")));
        Assert.False(Directory.Exists(Path.Combine(two, "candidates")));
    }

    [Fact]
    public void ASearchOverSeveralRanksNeedsADirectoryAndABatchTheyShare()
    {
        var train = Slopes(24, 1);
        var batches = ThreadedWorld.Run(
            3,
            world =>
            {
                var noDirectory = Small(train, directory: null) with { World = world };
                Assert.Contains(
                    "Directory",
                    Assert.Throws<ArgumentException>(() => new ClassifierSearch(train, noDirectory)).Message,
                    StringComparison.Ordinal
                );
                var odd = Small(train, _directory.Path) with { World = world, BatchSize = 8 };
                Assert.Contains(
                    "multiple of the number of ranks, 3",
                    Assert.Throws<ArgumentException>(() => new ClassifierSearch(train, odd)).Message,
                    StringComparison.Ordinal
                );
                return new ClassifierSearch(train, Small(train, _directory.Path) with { World = world }).BatchSize;
            }
        );

        // 24 series make batches of 8, rounded up to a multiple of the ranks.
        Assert.Equal([9, 9, 9], batches);
    }

    private static string Decision(CandidateScore s) =>
        FormattableString.Invariant($"{s.Candidate} {s.Rung} {s.Updates} {s.Kept} {s.Correct}/{s.Total}");

    [Fact]
    public void SuccessiveHalvingKeepsTheBetterHalfAndTrainsItLongerOnMoreFolds()
    {
        var train = Slopes(24, 2);
        var lines = new List<string>();

        var options = Small(train, directory: null) with { SampledCandidates = 8, Log = lines.Add };

        var result = new ClassifierSearch(train, options).Run();

        Assert.Equal(3, result.Rungs);
        var rungs = result.Scores.GroupBy(s => s.Rung).OrderBy(g => g.Key).ToArray();
        Assert.Equal([8, 4, 2, 1], rungs.Select(g => g.Count()));
        Assert.Equal([6L, 12, 24, 24], rungs.Select(g => g.First().Updates));
        foreach (var rung in rungs[..^1])
        {
            var ordered = rung.ToArray();
            Assert.Equal(ordered.Length / 2, ordered.Count(s => s.Kept));
            Assert.All(ordered.Take(ordered.Length / 2), s => Assert.True(s.Kept));
            Assert.True(
                ordered.Zip(ordered.Skip(1)).All(p => p.First.Correct >= p.Second.Correct),
                "each rung lists the best first"
            );
        }
        Assert.Equal(result.Chosen, rungs[^2].Single(s => s.Kept).Candidate);
        Assert.Equal(3, rungs[^2].First().Folds.Count);
        Assert.Contains(lines, l => l.StartsWith("chosen: " + result.Chosen, StringComparison.Ordinal));
        Assert.Contains("rung 3/3: 2 candidates, folds 1-3, 24 updates each", lines);
    }

    [Fact]
    public void TheFoldModelsRoundTripThroughTheirCheckpoints()
    {
        var train = Slopes(24, 3);
        string directory = Path.Combine(_directory.Path, "run");

        var result = new ClassifierSearch(train, Small(train, directory)).Run();

        Assert.True(File.Exists(Path.Combine(directory, "search.json")));
        Assert.False(
            Directory.Exists(Path.Combine(directory, "candidates")),
            "the candidates' checkpoints are removed"
        );
        Assert.Equal(result.Ensemble.Members.Count, ClassifierEnsemble.FoldCheckpoints(directory).Count);
        var loaded = ClassifierEnsemble.Load(directory);
        Assert.Equal(result.Ensemble.PredictProbabilities(train), loaded.PredictProbabilities(train));
        static IEnumerable<KeyValuePair<string, string>> Architecture(SequenceClassifierConfig c) =>
            c.ToMetadata().Where(kv => kv.Key != "scaler");
        Assert.Equal(Architecture(result.ChosenCandidate.Model), Architecture(loaded.Members[0].Config));
        string json = File.ReadAllText(Path.Combine(directory, "search.json"));
        Assert.Contains($"\"name\": \"{result.Chosen}\"", json);
        Assert.Contains("\"cv_accuracy\"", json);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    public void TheRunnerUpJoinsTheEnsembleUnlessThePairGetsFewerValidationSeriesRight(int seed)
    {
        var train = Slopes(24, seed);
        string directory = Path.Combine(_directory.Path, "pair");

        var log = new List<string>();
        var options = Small(train, directory) with { FinalSeeds = 1, Log = log.Add };
        var result = new ClassifierSearch(train, options).Run();

        var ensemble = Assert.IsType<CandidateScore>(result.EnsembleScore);
        Assert.Contains(log, line => line.StartsWith("ensemble: ", StringComparison.Ordinal));
        var alone = result.Final;
        Assert.Equal(alone.Total, ensemble.Total);
        if (result.PartnerIndex is { } partner)
        {
            Assert.NotEqual(result.ChosenIndex, partner);
            Assert.True(ensemble.Correct >= alone.Correct, $"{ensemble.Correct} < {alone.Correct}");
            Assert.Equal(6, result.Ensemble.Members.Count);
        }
        else
        {
            Assert.Equal(3, result.Ensemble.Members.Count);
        }
        Assert.Equal(result.Ensemble.Members.Count, ClassifierEnsemble.FoldCheckpoints(directory).Count);
        Assert.Equal(
            result.Ensemble.PredictProbabilities(train),
            ClassifierEnsemble.Load(directory).PredictProbabilities(train)
        );
    }

    [Fact]
    public void TheChosenCandidateIsTrainedAgainWithEachSeedAndEveryModelJoinsTheEnsemble()
    {
        var train = Slopes(24, 3);
        string directory = Path.Combine(_directory.Path, "seeds");
        var log = new List<string>();

        var result = new ClassifierSearch(train, Small(train, directory) with { Log = log.Add }).Run();

        Assert.Equal(3, result.Seeds);
        Assert.Contains($"seed 2/3: {result.Chosen} on folds 1-3 again", log);
        Assert.Contains($"seed 3/3: {result.Chosen} on folds 1-3 again", log);
        var final = Assert.IsType<CandidateScore>(result.EnsembleScore);
        Assert.StartsWith($"{result.Chosen} x3", final.Candidate, StringComparison.Ordinal);
        Assert.Contains(log, line => line.StartsWith($"final ensemble: {final.Candidate} ", StringComparison.Ordinal));
        Assert.Equal(train.Count, final.Total);
        int members = (result.PartnerIndex is null ? 3 : 6) * 3;
        Assert.Equal(members, result.Ensemble.Members.Count);
        Assert.Equal(members, ClassifierEnsemble.FoldCheckpoints(directory).Count);
        // Fold 1's first model and its second seed start from different weights.
        var first = result.Ensemble.Members[0].PredictProbabilities(train);
        var again = result.Ensemble.Members[(result.PartnerIndex is null ? 1 : 2) * 3].PredictProbabilities(train);
        Assert.NotEqual(first, again);
        Assert.Equal(
            result.Ensemble.PredictProbabilities(train),
            ClassifierEnsemble.Load(directory).PredictProbabilities(train)
        );
        Assert.Contains("\"seeds\": 3", File.ReadAllText(Path.Combine(directory, "search.json")));
    }

    [Fact]
    public void OnATieTheRunnerUpJoinsAndIsTrainedWithEverySeedAsTheWinnerIs()
    {
        // Long enough for both finalists to classify every validation series of these slopes right: only their
        // validation losses differ then, and they do not decide.
        var train = Slopes(24, 2);
        string directory = Path.Combine(_directory.Path, "tie");
        var log = new List<string>();

        var result = new ClassifierSearch(train, Small(train, directory) with { Updates = 96, Log = log.Add }).Run();

        Assert.Equal(result.Final.Total, result.Final.Correct);
        string partner = ClassifierSearchResult.CandidateName(Assert.IsType<int>(result.PartnerIndex));
        string pair = $"ensemble: {result.Chosen}+{partner} ";
        Assert.Contains(log, line => line.StartsWith(pair, StringComparison.Ordinal));
        foreach (string seed in new[] { "2/3", "3/3" })
        {
            Assert.Contains($"seed {seed}: {result.Chosen} on folds 1-3 again", log);
            Assert.Contains($"seed {seed}: {partner} on folds 1-3 again", log);
        }
        Assert.Equal($"{result.Chosen} x3+{partner} x3", result.EnsembleScore?.Candidate);
        Assert.Equal(18, result.Ensemble.Members.Count);
        Assert.Equal(18, ClassifierEnsemble.FoldCheckpoints(directory).Count);
    }

    [Fact]
    public void ACandidateThatCannotTrainOnTheSeriesFailsAloneAndTheSearchGoesOn()
    {
        // One frame of 12 steps makes every series a single network step, and 16 series in batches of 5 leave a
        // last batch of one: batch normalisation has no variance to take there.
        var train = Slopes(24, 2);
        var small = Small(train, directory: null);
        var template = small.Space!.Template with { HiddenSize = 4, Frame = 12, ConvolutionFilters = 4 };
        var log = new List<string>();
        var options = small with
        {
            BatchSize = 5,
            Space = small.Space with { Anchors = [new(template, ClassifierAugmentation.None, 3e-3)] },
            Log = log.Add,
        };

        var result = new ClassifierSearch(train, options).Run();

        Assert.Contains(log, line => line.Contains("more than one valid step", StringComparison.Ordinal));
        Assert.NotEqual(0, result.ChosenIndex);
        Assert.Equal(train.Count, result.Ensemble.Predict(train).Length);
    }

    [Fact]
    public void AnArgumentErrorThatIsNotTheBatchsFaultSurfaces()
    {
        // A negative learning rate is a mistake in the code that asks, not something the series cause: the search
        // must not log it as a failed candidate and go on.
        var train = Slopes(24, 2);
        var small = Small(train, directory: null);
        var template = small.Space!.Template with { HiddenSize = 4 };
        var options = small with
        {
            SampledCandidates = 0,
            Space = small.Space with { Anchors = [new(template, ClassifierAugmentation.None, -1)] },
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ClassifierSearch(train, options).Run());
        Assert.Contains("learning rate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATinyBudgetEndsInTimeAndStillYieldsAModel()
    {
        var train = Slopes(24, 4);
        var budget = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        var options = Small(train, directory: null) with { Updates = 1_000_000, MaxDuration = budget };

        var result = new ClassifierSearch(train, options).Run();

        clock.Stop();
        Assert.True(result.CutShort);
        Assert.True(
            clock.Elapsed < budget + TimeSpan.FromSeconds(8),
            $"the search took {clock.Elapsed} for a budget of {budget}"
        );
        Assert.Equal(3, result.Ensemble.Members.Count);
        Assert.Equal(train.Count, result.Ensemble.Predict(train).Length);
    }

    [Fact]
    public void TheDefaultSpaceFollowsTheShapeOfTheData()
    {
        Assert.Equal([1, 2], ClassifierSearchSpace.FramesFor(24));
        Assert.Equal([2, 3, 4, 5], ClassifierSearchSpace.FramesFor(60));
        Assert.Equal([3, 4, 5, 6, 8, 10, 12], ClassifierSearchSpace.FramesFor(150));
        Assert.Equal([1], ClassifierSearchSpace.FramesFor(8));

        var train = Slopes(200, 5);
        var search = new ClassifierSearch(train);
        Assert.Equal(5, search.FoldCount);
        Assert.Equal(25, search.BatchSize);
        Assert.Equal(16, search.Candidates.Count);
        Assert.Equal(4, search.Rungs);
        Assert.Equal(1000, search.Updates);
        Assert.All(search.Candidates, c => Assert.Equal(0.2f, c.Model.Dropout));
        Assert.Equal(16, search.Candidates.Select(c => c.Describe()).Distinct().Count());
    }

    [Fact]
    public void TheFoldsShrinkToTheSmallestClass()
    {
        var train = Slopes(24, 6, i => i < 3 ? "rare"
            : i % 2 == 0 ? "up"
            : "down");

        Assert.Equal(3, new ClassifierSearch(train).FoldCount);
    }

    [Fact]
    public void OneClassOnlyIsAClearError()
    {
        var e = Assert.Throws<InvalidDataException>(() => new ClassifierSearch(Slopes(10, 1, _ => "up")));

        Assert.Equal(
            "slopes_TRAIN.ts: all 10 series are of the class 'up'; a classifier needs series of at least two classes.",
            e.Message
        );
    }

    [Fact]
    public void AClassWithOneSeriesIsAnErrorNamingItAndItsLine()
    {
        var train = Slopes(10, 1, i => i == 4 ? "flat"
            : i % 2 == 0 ? "up"
            : "down");

        var e = Assert.Throws<InvalidDataException>(() => new ClassifierSearch(train));

        Assert.StartsWith(
            "slopes_TRAIN.ts, line 9: the series is the only one of the class 'flat'; "
                + "cross-validation needs at least 2 series",
            e.Message
        );
    }

    [Fact]
    public void ClassesThatAreMostlySingleSeriesGetAdviceOnWhereTheClassStands()
    {
        var train = Slopes(10, 1, i => $"{100 + i}");

        var e = Assert.Throws<InvalidDataException>(() => new ClassifierSearch(train));

        Assert.Contains("10 of the 10 classes have one series each, as if they were values", e.Message);
        Assert.Contains(
            "add a header line naming every column, the class column 'label'; if the file holds values only, give "
                + "the classes in a file of their own",
            e.Message
        );
        var one = Assert.Throws<InvalidDataException>(() =>
            new ClassifierSearch(Slopes(10, 1, i => i == 4 ? "flat" : "up"))
        );
        Assert.DoesNotContain("as if they were values", one.Message);
    }

    [Fact]
    public void ASeriesOfOneStepIsAnErrorNamingItsLine()
    {
        var train = Slopes(10, 1);
        var series = train.Series.ToArray();
        series[3] = [1f];
        var bad = new TimeSeriesDataset("x.ts", 1, series, [.. train.Labels]);

        var e = Assert.Throws<InvalidDataException>(() => new ClassifierSearch(bad));

        Assert.StartsWith("x.ts, line 4: the series has a single step", e.Message);
    }

    [Fact]
    public void ASeriesWithNoValueIsAnErrorNamingItsLineButIsolatedMissingValuesAreFine()
    {
        var train = Slopes(10, 1);
        var series = train.Series.Select(s => (float[])s.Clone()).ToArray();
        series[2][1] = float.NaN;
        var isolated = new TimeSeriesDataset("x.ts", 1, series, [.. train.Labels]);
        ClassifierInput.EnsureObserved(isolated);
        series[6].AsSpan().Fill(float.NaN);
        var bad = new TimeSeriesDataset("x.ts", 1, series, [.. train.Labels]);

        var e = Assert.Throws<InvalidDataException>(() => new ClassifierSearch(bad));

        Assert.Equal(
            "x.ts, line 7: every value of the series is missing ('?' or NaN); "
                + "a series needs at least one value (isolated missing values are filled in).",
            e.Message
        );
    }
}
