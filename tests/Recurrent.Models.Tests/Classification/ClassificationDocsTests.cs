using Recurrent.Data;
using Recurrent.Models.Classification;
using Recurrent.Tensors;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Classification;

/// <summary>
/// The C# of docs/CLASSIFICATION.md, compiled and run on short noisy ramps, and compared with the document's text.
/// </summary>
public sealed class ClassificationDocsTests
{
    // Noisy rising ("up") or falling ("down") ramps of 6 to 9 steps.
    private static TimeSeriesDataset Ramps(string source, int count, ulong seed)
    {
        var rng = new RandomGenerator(seed);
        var series = new float[count][];
        var labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            float slope = i % 2 == 0 ? 0.3f : -0.3f;
            series[i] = Enumerable.Range(0, 6 + rng.NextInt(4))
                .Select(t => slope * t + 0.1f * (rng.NextFloat() - 0.5f)).ToArray();
            labels[i] = i % 2 == 0 ? "up" : "down";
        }
        return new TimeSeriesDataset(source, 1, series, labels);
    }

    [Fact]
    public void TheSearchSnippetRuns()
    {
        var train = Ramps("ramps_TRAIN.ts", 24, 1);
        var test = Ramps("ramps_TEST.ts", 10, 2);
        using var directory = new TemporaryDirectory();

        var options = new ClassifierSearchOptions { Seed = 1, Directory = "runs/x", Log = Console.WriteLine };
        // The same search, small enough for a test, in a directory of its own and without the log.
        options = options with
        {
            Directory = directory.Path,
            Log = null,
            MaxFolds = 3,
            SampledCandidates = 4,
            Updates = 24,
            Space = ClassifierSearchSpace.For(train) with { HiddenSizes = [4, 8], Layers = [1], Anchors = [] },
        };
        var result = new ClassifierSearch(train, options).Run();
        var accuracy = result.Ensemble.Evaluate(test).Accuracy; // result.ChosenCandidate, result.Scores, result.Final

        Assert.InRange(accuracy, 0, 1);
        Assert.Equal(10, result.Ensemble.Evaluate(test).Total);
        Assert.Same(result.Candidates[result.ChosenIndex], result.ChosenCandidate);
        Assert.Equal(3, result.Final.Folds.Count);
    }

    [Fact]
    public void TheDocumentShowsThisCode() => DocumentedCode.AssertShownIn("docs/CLASSIFICATION.md",
        "tests/Recurrent.Models.Tests/Classification/ClassificationDocsTests.cs");
}
