using Recurrent.Kernels;
using System.Numerics;

namespace Recurrent.Tests.Kernels;

public class VectorExpTests
{
    private static float[] Apply(float[] x)
    {
        int width = Vector<float>.Count;
        var padded = new float[(x.Length + width - 1) / width * width];
        x.CopyTo(padded, 0);
        var y = new float[padded.Length];
        for (int i = 0; i < padded.Length; i += width)
            VectorExp.Exp(new FloatVector(new Vector<float>(padded, i))).AsVector().CopyTo(y, i);
        return y[..x.Length];
    }

    [Fact]
    public void MatchesDoublePrecisionExpAcrossTheFloatRange()
    {
        var x = new float[200_001];
        for (int i = 0; i < x.Length; i++)
            x[i] = -87f + 175.3f * i / (x.Length - 1);
        var y = Apply(x);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Exp(x[i]);
            worst = Math.Max(worst, Math.Abs(y[i] - exact) / exact);
        }
        Assert.True(worst < 2e-7, $"largest relative error {worst:E2}");
    }

    [Fact]
    public void ExactAtZeroAndFiniteBeyondTheRange()
    {
        var y = Apply([0f, -1000f, float.NegativeInfinity, 1000f, float.PositiveInfinity]);
        Assert.Equal(1f, y[0]);
        Assert.InRange(y[1], 0f, 1.2e-38f);
        Assert.InRange(y[2], 0f, 1.2e-38f);
        Assert.True(float.IsFinite(y[3]) && y[3] > 2e38f, $"e^1000 gave {y[3]}");
        Assert.True(float.IsFinite(y[4]) && y[4] > 2e38f, $"e^inf gave {y[4]}");
    }

    [Fact]
    public void NaNStaysNaN()
    {
        var y = Apply([1f, float.NaN, -2f]);
        Assert.True(float.IsNaN(y[1]));
        Assert.Equal(MathF.Exp(1f), y[0], 1e-6f);
        Assert.Equal(MathF.Exp(-2f), y[2], 1e-7f);
    }
}
