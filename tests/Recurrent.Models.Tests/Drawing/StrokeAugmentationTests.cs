using Recurrent.Datasets;
using Recurrent.Models.Drawing;
using Recurrent.Tensors;

namespace Recurrent.Tests.Drawing;

public sealed class StrokeAugmentationTests
{
    private static readonly StrokeSequence Square = StrokeSequence.FromStrokes(
        [[(0f, 0f), (1f, 0f), (1f, 1f), (0f, 1f), (0f, 0f)], [(0.5f, 0.5f), (0.6f, 0.5f)]],
        label: "o",
        writer: "w1"
    )!;

    [Fact]
    public void KeepsThePenAndTheLabelAndMovesThePointsALittle()
    {
        var augmented = StrokeAugmentation.Default.Apply(Square, new RandomGenerator(3));
        Assert.Equal(Square.Length, augmented.Length);
        Assert.Equal(("o", "w1"), (augmented.Label, augmented.Writer));
        for (int i = 0; i < Square.Points.Length; i++)
            if (i % 3 == 2)
                Assert.Equal(Square.Points[i], augmented.Points[i]);
            else
                Assert.InRange(augmented.Points[i] - Square.Points[i], -0.25f, 0.25f);
        Assert.NotEqual(Square.Points, augmented.Points);
    }

    [Fact]
    public void IsALinearMapWithinTheLimits()
    {
        // A rotation and a stretch change a side's length by at most the stretch, and the area by its square.
        var rng = new RandomGenerator(5);
        var augmentation = new StrokeAugmentation(0.2, 0.1);
        for (int trial = 0; trial < 50; trial++)
        {
            var p = augmentation.Apply(Square, rng).Points;
            float side = MathF.Sqrt(p[0] * p[0] + p[1] * p[1]);
            Assert.InRange(side, 0.9f - 1e-5f, 1.1f + 1e-5f);
            float area = p[0] * p[4] - p[1] * p[3];
            Assert.InRange(MathF.Abs(area), 0.81f - 1e-4f, 1.21f + 1e-4f);
            Assert.InRange(MathF.Atan2(p[1], p[0]), -0.2f - 0.11f, 0.2f + 0.11f);
        }
    }

    [Fact]
    public void NoneLeavesTheDrawingAsItIs()
    {
        var none = new StrokeAugmentation(0, 0);
        Assert.True(none.IsNone);
        Assert.Equal(Square.Points, none.Apply(Square, new RandomGenerator(1)).Points);
    }

    [Theory]
    [InlineData(-0.1, 0)]
    [InlineData(0.6, 0)]
    [InlineData(0, -0.1)]
    [InlineData(0, double.NaN)]
    public void LimitsOutOfRangeAreRefused(double rotation, double stretch) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StrokeAugmentation(rotation, stretch));

    [Fact]
    public void TheBatchSourceDistortsTrainingDrawingsOnlyAndTheSameWayForTheSameSeed()
    {
        var drawings = Enumerable.Range(0, 8).Select(_ => Square).ToList();
        using var plain = new StrokeBatchSource(drawings, drawings, _ => 0, 4, seed: 1);
        using var a = new StrokeBatchSource(drawings, drawings, _ => 0, 4, seed: 1)
        {
            Augmentation = StrokeAugmentation.Default,
        };
        using var b = new StrokeBatchSource(drawings, drawings, _ => 0, 4, seed: 1)
        {
            Augmentation = StrokeAugmentation.Default,
        };
        var first = a.TrainingBatch(0, 0).Inputs.ToArray();
        Assert.Equal(first, b.TrainingBatch(0, 0).Inputs.ToArray());
        Assert.NotEqual(plain.TrainingBatch(0, 0).Inputs.ToArray(), first);
        Assert.NotEqual(first, a.TrainingBatch(1, 0).Inputs.ToArray());
        Assert.Equal(plain.ValidationBatch(0).Inputs.ToArray(), a.ValidationBatch(0).Inputs.ToArray());
    }
}
