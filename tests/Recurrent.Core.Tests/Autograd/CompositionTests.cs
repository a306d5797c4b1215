using Recurrent.Autograd;
using Recurrent.Losses;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class CompositionTests
{
    [Fact]
    public void AGraphThatReusesATensorMatchesCentralDifferences()
    {
        // logits = concat(h, h[:, 1:3]) with h = tanh((x + E[idx]) W^T + b), then cross-entropy: h feeds two ops,
        // so its gradient is the sum of two contributions, and the tape must run the backward passes in order.
        var rng = RandomFor("composition");
        int rows = 3,
            inFeatures = 4,
            hidden = 5,
            vocabulary = 6;
        int[] indices = [2, 5, 2];
        int[] targets = [6, 0, 3];
        var x = RandomInput(rng, [rows, inFeatures]);
        var w = RandomInput(rng, [hidden, inFeatures]);
        var b = RandomInput(rng, [hidden]);
        var e = RandomInput(rng, [vocabulary, inFeatures]);
        Check(
            "Composition",
            rng,
            [x, w, b, e],
            t =>
            {
                var input = Ops.Add(t[0], Ops.Embedding(t[3], indices, [rows]));
                var h = Ops.Tanh(Ops.Add(Ops.MatMul(input, t[1], transposeB: true), t[2]));
                return Loss.CrossEntropy(Ops.Concat(h, Ops.SliceLast(h, 1, 2)), targets);
            },
            v =>
            {
                double loss = 0;
                for (int r = 0; r < rows; r++)
                {
                    var h = new double[hidden];
                    for (int o = 0; o < hidden; o++)
                    {
                        double z = v[2][o];
                        for (int i = 0; i < inFeatures; i++)
                            z +=
                                (v[0][r * inFeatures + i] + v[3][indices[r] * inFeatures + i])
                                * v[1][o * inFeatures + i];
                        h[o] = Math.Tanh(z);
                    }
                    double[] logits = [.. h, h[1], h[2]];
                    double lse = Math.Log(logits.Sum(Math.Exp));
                    loss += (lse - logits[targets[r]]) / rows;
                }
                return [loss];
            }
        );
    }
}
