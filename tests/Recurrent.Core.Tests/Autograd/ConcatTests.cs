using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class ConcatTests
{
    [Fact]
    public void ConcatMatchesCentralDifferences()
    {
        var rng = RandomFor("concat");
        int rows = 2 * 3;
        int[] widths = [2, 4, 1];
        var parts = widths.Select((w, p) => RandomInput(rng, [2, 3, w], requiresGrad: p != 1)).ToArray();
        Check(
            "Concat",
            rng,
            parts,
            t => Ops.Concat(t),
            x =>
            {
                var y = new List<double>();
                for (int r = 0; r < rows; r++)
                    for (int p = 0; p < widths.Length; p++)
                        y.AddRange(x[p].Skip(r * widths[p]).Take(widths[p]));
                return y.ToArray();
            }
        );
    }

    [Fact]
    public void SliceLastMatchesCentralDifferences()
    {
        var rng = RandomFor("slice-last");
        int rows = 3,
            n = 7,
            start = 2,
            length = 3;
        var x = RandomInput(rng, [rows, n]);
        Check(
            "SliceLast",
            rng,
            [x],
            t => Ops.SliceLast(t[0], start, length),
            v =>
            {
                var y = new double[rows * length];
                for (int r = 0; r < rows; r++)
                    for (int j = 0; j < length; j++)
                        y[r * length + j] = v[0][r * n + start + j];
                return y;
            }
        );
    }

    [Fact]
    public void SliceLastOutsideTheAxisNamesTheRangeAndShape()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.SliceLast(Tensor.Zeros(2, 5), 3, 4));
        Assert.Contains("SliceLast", e.Message);
        Assert.Contains("[3, 7)", e.Message);
        Assert.Contains("[2, 5]", e.Message);
    }
}
