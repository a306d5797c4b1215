using Recurrent.Models.Classification;
using Recurrent.Tensors;

namespace Recurrent.Tests.Classification;

public class RandomShiftTests
{
    [Fact]
    public void MovesTheImageAsAWholeAndFillsWithZeros()
    {
        const int steps = 6,
            channels = 5;
        var rng = new RandomGenerator(9);
        var shift = new RandomShift(2);
        for (int trial = 0; trial < 20; trial++)
        {
            var values = new float[steps * channels];
            values[2 * channels + 2] = 1f; // one lit pixel in the middle
            shift.Apply(values, steps, channels, rng);
            int lit = Array.IndexOf(values, 1f);
            Assert.True(lit >= 0, "the pixel moved out of the image although a move of 2 cannot push it out");
            Assert.Equal(1f, values.Sum());
            Assert.InRange(lit / channels, 0, 4);
            Assert.InRange(lit % channels, 0, 4);
        }
    }

    [Fact]
    public void UnivariateSeriesOnlyMoveAlongSteps()
    {
        var rng = new RandomGenerator(4);
        var shift = new RandomShift(1);
        for (int trial = 0; trial < 20; trial++)
        {
            var values = new float[] { 0, 0, 1, 0, 0 };
            shift.Apply(values, 5, 1, rng);
            Assert.Equal(1f, values.Sum());
        }
    }
}
