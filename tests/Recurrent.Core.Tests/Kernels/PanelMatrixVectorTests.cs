using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

// With the tests that change the thread count: a loop that finds more threads asked for than it has makes the
// worker on the calling thread, which the no-allocation test would count.
[Collection(ProcessWideSettingsCollection.Name)]
public class PanelMatrixVectorTests
{
    // 512-bit vectors are emulated where the hardware lacks them: slower, the same sums.
    public static TheoryData<bool> Widths() => new() { false, true };

    private static float[] Uniform(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)(2 * random.NextDouble() - 1);
        return values;
    }

    // Shapes with row tails past the 8-row panels, column tails past the 16-wide blocks, and one large enough to be
    // split between threads.
    [Theory]
    [MemberData(nameof(Widths))]
    public void MatchesTheDoublePrecisionProduct(bool vector512)
    {
        var random = new Random(5);
        foreach (var (rows, columns) in new[] { (1, 1), (7, 15), (8, 16), (9, 17), (13, 40), (65, 512), (2048, 512) })
        {
            var w = Uniform(random, rows * columns);
            var x = Uniform(random, columns);
            var matrix = new PanelMatrix(w, rows, columns);
            var y = new float[rows];
            PanelMatrixVector.Multiply(matrix, x, y, vector512);
            for (int r = 0; r < rows; r++)
            {
                double expected = 0;
                for (int c = 0; c < columns; c++)
                    expected += (double)w[r * columns + c] * x[c];
                Assert.True(
                    Math.Abs(y[r] - expected) <= 1e-5 * Math.Sqrt(columns),
                    $"[{rows}, {columns}] row {r}: {y[r]} against {expected}"
                );
            }
        }
    }

    [Fact]
    public void WrongLengthsNameTheShapes()
    {
        var matrix = new PanelMatrix(new float[6], 2, 3);
        var e = Assert.Throws<ArgumentException>(() => PanelMatrixVector.Multiply(matrix, new float[4], new float[2]));
        Assert.Contains("[2, 3] matrix takes x [3] and writes y [2]; got x [4] and y [2]", e.Message);
        Assert.Throws<ArgumentException>(() => new PanelMatrix(new float[5], 2, 3));
    }

    [Fact]
    public void AProductAllocatesNothing()
    {
        var matrix = new PanelMatrix(new float[64 * 100], 64, 100);
        var x = new float[100];
        var y = new float[64];
        PanelMatrixVector.Multiply(matrix, x, y);

        Assert.Equal(
            0,
            ThreadAllocations.Fewest(() =>
            {
                for (int i = 0; i < 100; i++)
                    PanelMatrixVector.Multiply(matrix, x, y);
            })
        );
    }
}
