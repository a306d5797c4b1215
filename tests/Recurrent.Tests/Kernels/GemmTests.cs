using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

public class GemmTests
{
    [Theory]
    [InlineData(false, false, 1, 1, 1)]
    [InlineData(false, false, 7, 13, 5)]
    [InlineData(false, true, 33, 17, 65)]
    [InlineData(true, false, 9, 31, 12)]
    [InlineData(true, true, 16, 1, 40)]
    public void MatchesDoublePrecisionProduct(bool ta, bool tb, int m, int n, int k)
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        var a = RandomArray(rng, m * k);
        var b = RandomArray(rng, k * n);
        var c = RandomArray(rng, m * n);
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (double)(ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                expected[i * n + j] = 0.5 * sum + 2.0 * c[i * n + j];
            }
        Gemm.Multiply(ta, tb, m, n, k, 0.5f, a, ta ? m : k, b, tb ? k : n, 2f, c, n);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-4 * (1 + Math.Abs(expected[i])), $"C[{i}] = {c[i]}, expected {expected[i]}");
    }

    private static float[] RandomArray(Random rng, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}
