using Recurrent.Models.Classification;
using Recurrent.Tensors;

namespace Recurrent.Tests.Classification;

public class CrossValidationFoldsTests
{
    // 23 cases of three unequal classes, interleaved as a file might list them.
    private static readonly string[] Labels = Enumerable
        .Range(0, 23)
        .Select(i =>
            i % 5 == 0 ? "rare"
            : i % 2 == 0 ? "even"
            : "odd"
        )
        .ToArray();

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(23)]
    public void EveryCaseValidatesInExactlyOneFoldAndNeverTrainsThere(int count)
    {
        var folds = CrossValidationFolds.Stratified(Labels, count, new RandomGenerator(1));

        Assert.Equal(count, folds.Count);
        var validated = Enumerable.Range(0, count).SelectMany(folds.Validation).ToArray();
        Assert.Equal(Enumerable.Range(0, Labels.Length), validated.Order());
        for (int k = 0; k < count; k++)
        {
            Assert.Empty(folds.Training(k).Intersect(folds.Validation(k)));
            Assert.Equal(Enumerable.Range(0, Labels.Length), folds.Training(k).Concat(folds.Validation(k)).Order());
        }
    }

    [Fact]
    public void FoldsAreBalancedInSizeAndInEveryClass()
    {
        var folds = CrossValidationFolds.Stratified(Labels, 4, new RandomGenerator(2));

        var sizes = Enumerable.Range(0, 4).Select(k => folds.Validation(k).Count).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"fold sizes {string.Join(", ", sizes)}");
        foreach (var label in Labels.Distinct())
        {
            var perFold = Enumerable
                .Range(0, 4)
                .Select(k => folds.Validation(k).Count(i => Labels[i] == label))
                .ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {label}: {string.Join(", ", perFold)} per fold");
        }
    }

    [Fact]
    public void TheSeedDecidesTheSplit()
    {
        string Layout(ulong seed)
        {
            var folds = CrossValidationFolds.Stratified(Labels, 3, new RandomGenerator(seed));
            return string.Join("|", Enumerable.Range(0, 3).Select(k => string.Join(",", folds.Validation(k))));
        }

        Assert.Equal(Layout(5), Layout(5));
        Assert.NotEqual(Layout(5), Layout(6));
    }

    [Theory]
    [InlineData(1, "at least 2 folds")]
    [InlineData(24, "24 folds need at least 24 cases; there are 23")]
    public void ImpossibleFoldCountsAreClearErrors(int count, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            CrossValidationFolds.Stratified(Labels, count, new RandomGenerator(1))
        );
        Assert.Contains(message, e.Message);
    }
}
