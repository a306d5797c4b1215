using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class DrawnBatchSourceTests
{
    private static int[] Draw(RandomGenerator generator) => [generator.NextInt(1000), generator.NextInt(1000)];

    [Fact]
    public void InOrderTheBatchesAreTheGeneratorsDrawsAndLeaveItWhereALoopWould()
    {
        var loop = new RandomGenerator(5);
        var expected = Enumerable.Range(0, 7).Select(_ => Draw(loop)).ToList();

        var generator = new RandomGenerator(5);
        var source = new DrawnBatchSource<int[]>(generator, Draw, 3, [], b => b.Length);
        var drawn = Enumerable.Range(0, 7).Select(i => source.TrainingBatch(i / 3, i % 3)).ToList();

        Assert.Equal(expected, drawn);
        Assert.Equal(loop.State, generator.State);
    }

    [Fact]
    public void AnyBatchOutOfOrderIsTheSameAsInOrder()
    {
        var inOrder = new DrawnBatchSource<int[]>(new RandomGenerator(9), Draw, 4, [], b => b.Length);
        var expected = Enumerable.Range(0, 8).Select(i => inOrder.TrainingBatch(i / 4, i % 4)).ToList();

        var generator = new RandomGenerator(9);
        var source = new DrawnBatchSource<int[]>(
            generator,
            Draw,
            4,
            [
                [1],
            ],
            b => b.Length
        );
        Assert.Equal(expected[6], source.TrainingBatch(1, 2));
        Assert.Equal(expected[1], source.TrainingBatch(0, 1));
        Assert.Equal(expected[1], source.TrainingBatch(0, 1));
        Assert.Equal(expected[2], source.TrainingBatch(0, 2));
        Assert.Equal([1], source.ValidationBatch(0));
        Assert.Equal(1, source.ValidationBatchCount);
    }

    [Fact]
    public void SkippingLeavesTheGeneratorWhereTheDrawsWould()
    {
        var loop = new RandomGenerator(2);
        for (int i = 0; i < 5; i++)
            Draw(loop);
        var generator = new RandomGenerator(2);
        var source = new DrawnBatchSource<int[]>(generator, Draw, 3, [], b => b.Length);
        source.SkipTo(5);
        Assert.Equal(loop.State, generator.State);
        Assert.Equal(Draw(loop), source.TrainingBatch(1, 2));
    }

    [Fact]
    public void LinearScheduleIsTheHandWrittenDecayToATenth()
    {
        const int steps = 37;
        const double lr = 3e-3;
        var schedule = new LinearSchedule(lr, steps, endFactor: 0.1);
        for (int step = 1; step <= steps; step++)
            Assert.Equal(lr * (1 - 0.9 * (step - 1) / Math.Max(1, steps - 1)), schedule.LearningRate(step - 1, 0));
        Assert.Equal(lr * 0.1, schedule.LearningRate(500, 3), 15);
        Assert.Equal(lr, new LinearSchedule(lr, 1, 0.1).LearningRate(0, 0));
    }
}
