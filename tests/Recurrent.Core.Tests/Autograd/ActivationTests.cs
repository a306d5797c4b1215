using Recurrent.Autograd;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class ActivationTests
{
    [Fact]
    public void TanhMatchesCentralDifferences()
    {
        var rng = RandomFor("tanh");
        var x = RandomInput(rng, [4, 6], -3, 3);
        Check("Tanh", rng, [x], t => Ops.Tanh(t[0]), v => v[0].Select(Math.Tanh).ToArray());
    }

    [Fact]
    public void SigmoidMatchesCentralDifferences()
    {
        var rng = RandomFor("sigmoid");
        var x = RandomInput(rng, [4, 6], -4, 4);
        Check("Sigmoid", rng, [x], t => Ops.Sigmoid(t[0]), v => v[0].Select(z => 1 / (1 + Math.Exp(-z))).ToArray());
    }

    [Fact]
    public void ReluMatchesCentralDifferences()
    {
        var rng = RandomFor("relu");
        var x = RandomInput(rng, [4, 6]);
        // Central differences across the kink at 0 are meaningless, so keep every input away from it.
        for (int i = 0; i < x.Values.Length; i++)
            if (MathF.Abs(x.Values[i]) < 0.05f)
                x.Values[i] += x.Values[i] < 0 ? -0.1f : 0.1f;
        Check("Relu", rng, [x], t => Ops.Relu(t[0]), v => v[0].Select(z => Math.Max(z, 0)).ToArray());
    }
}
