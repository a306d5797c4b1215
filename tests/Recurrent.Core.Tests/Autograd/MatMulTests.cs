using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class MatMulTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientMatchesCentralDifferences(bool transposeB)
    {
        var rng = RandomFor($"matmul{transposeB}");
        int m = 3,
            k = 4,
            n = 5;
        var a = RandomInput(rng, [m, k]);
        var b = RandomInput(rng, transposeB ? [n, k] : [k, n]);
        Check(
            "MatMul",
            rng,
            [a, b],
            t => Ops.MatMul(t[0], t[1], transposeB),
            x =>
            {
                var c = new double[m * n];
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                        for (int p = 0; p < k; p++)
                            c[i * n + j] += x[0][i * k + p] * (transposeB ? x[1][j * k + p] : x[1][p * n + j]);
                return c;
            }
        );
    }

    [Fact]
    public void MismatchedInnerDimensionsNameTheOpAndBothShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Ops.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("MatMul", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
    }
}
