using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

// With the tests that change the thread count: a loop that finds more threads asked for than it has makes the
// worker on the calling thread, which the no-allocation test would count.
[Collection(ProcessWideSettingsCollection.Name)]
public class Int8MatrixVectorTests
{
    // The vector width in bits of every path this machine runs natively (0: scalar, everywhere).
    public static TheoryData<int> Paths()
    {
        var paths = new TheoryData<int> { 0 };
        if (Int8MatrixVector.Widest >= Int8MatrixVectorPath.Vector256)
            paths.Add(256);
        if (Int8MatrixVector.Widest >= Int8MatrixVectorPath.Vector512)
            paths.Add(512);
        return paths;
    }

    private static Int8MatrixVectorPath Path(int bits) =>
        bits switch
        {
            512 => Int8MatrixVectorPath.Vector512,
            256 => Int8MatrixVectorPath.Vector256,
            _ => Int8MatrixVectorPath.Scalar,
        };

    private static float[] Uniform(Random random, int length, double scale)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)((2 * random.NextDouble() - 1) * scale);
        return values;
    }

    // Shapes with row and column tails past the 4-row groups and the 8- and 16-wide steps, two of them large enough
    // to be split between threads (one with a short last group).
    [Theory]
    [MemberData(nameof(Paths))]
    public void StaysWithinHalfAScalePerWeightOfTheFloatProduct(int bits)
    {
        var random = new Random(21);
        var shapes = new[] { (1, 1), (7, 5), (37, 100), (64, 512), (2048, 512), (65, 513), (1027, 513) };
        foreach (var (rows, columns) in shapes)
        {
            var weights = Uniform(random, rows * columns, 0.1);
            // Rows of very different size, so that each row's scale matters.
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    weights[r * columns + c] *= 1 + r % 7 * 3;
            var x = Uniform(random, columns, 2);
            var matrix = new Int8Matrix(weights, rows, columns);
            var y = new float[rows];

            Int8MatrixVector.Multiply(matrix, x, y, Path(bits));

            for (int r = 0; r < rows; r++)
            {
                double exact = 0,
                    absolute = 0,
                    sumAbsX = 0;
                for (int c = 0; c < columns; c++)
                {
                    exact += (double)weights[r * columns + c] * x[c];
                    absolute += Math.Abs((double)weights[r * columns + c] * x[c]);
                    sumAbsX += Math.Abs(x[c]);
                }
                // Each weight is off by at most half its row's scale; the float sums add a few ulps of the terms.
                double bound = matrix.Scales[r] / 2 * sumAbsX + 1e-5 * absolute;
                Assert.True(
                    Math.Abs(y[r] - exact) <= bound,
                    $"[{rows}, {columns}] row {r}: int8 {y[r]}, float {exact}, bound {bound}"
                );
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryPathComputesTheSameScaledSums(int bits)
    {
        var random = new Random(5);
        const int rows = 67,
            columns = 301;
        var matrix = new Int8Matrix(Uniform(random, rows * columns, 1), rows, columns);
        var x = Uniform(random, columns, 1);
        var y = new float[rows];

        Int8MatrixVector.Multiply(matrix, x, y, Path(bits));

        for (int r = 0; r < rows; r++)
        {
            double sum = 0,
                absolute = 0;
            for (int c = 0; c < columns; c++)
            {
                sum += matrix.Values[r * columns + c] * (double)x[c];
                absolute += Math.Abs(matrix.Values[r * columns + c] * (double)x[c]);
            }
            Assert.Equal(sum * matrix.Scales[r], y[r], 1e-5 * absolute * matrix.Scales[r]);
        }
    }

    [Fact]
    public void QuantisesEachRowSymmetricallyToItsLargestMagnitude()
    {
        var matrix = new Int8Matrix([0.5f, -1f, 0.25f, 0f, 0f, 0f, 3f, 1.5f, -0.01f], 3, 3);

        Assert.Equal([1f / 127, 0f, 3f / 127], matrix.Scales.ToArray());
        Assert.Equal([64, -127, 32, 0, 0, 0, 127, 64, 0], matrix.Values.ToArray().Select(v => (int)v));
    }

    [Fact]
    public void BadShapesAndWeightsSayWhatIsWrong()
    {
        var e = Assert.Throws<ArgumentException>(() => new Int8Matrix(new float[5], 2, 3));
        Assert.Contains("5 weights for a [2, 3] matrix", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Int8Matrix([1f, float.NaN], 1, 2));
        Assert.Contains("weight [0, 1] is NaN", e.Message);
        var matrix = new Int8Matrix(new float[6], 2, 3);
        e = Assert.Throws<ArgumentException>(() => Int8MatrixVector.Multiply(matrix, new float[2], new float[2]));
        Assert.Contains("x [3]", e.Message);
        Assert.Contains("got x [2]", e.Message);
    }

    [Fact]
    public void AllocatesNothing()
    {
        var matrix = new Int8Matrix(Uniform(new Random(1), 2048 * 512, 1), 2048, 512);
        var x = new float[512];
        var y = new float[2048];
        Int8MatrixVector.Multiply(matrix, x, y);

        Assert.Equal(
            0,
            ThreadAllocations.Fewest(() =>
            {
                for (int i = 0; i < 10; i++)
                    Int8MatrixVector.Multiply(matrix, x, y);
            })
        );
    }
}
