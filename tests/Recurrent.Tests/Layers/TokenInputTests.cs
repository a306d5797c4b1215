using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Layers;

/// <summary>Token input (a row gather of weight_ih) gives what the same tokens as one-hot rows give.</summary>
public class TokenInputTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TokensMatchOneHotRowsForwardAndBackward(bool batchFirst)
    {
        var rng = RandomFor($"tokens{batchFirst}");
        int batch = 3, steps = 5, vocabulary = 7, hidden = 6, layers = 2;
        int[] lengths = [steps, 1, 3];
        var tokens = new int[batch * steps];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = rng.Next(vocabulary);
        var oneHot = Tensor.Zeros(batchFirst ? [batch, steps, vocabulary] : [steps, batch, vocabulary]);
        for (int i = 0; i < tokens.Length; i++) oneHot.Span[i * vocabulary + tokens[i]] = 1f;
        var r = RandomInput(rng, batchFirst ? [batch, steps, 2 * hidden] : [steps, batch, 2 * hidden], requiresGrad: false);

        (float[] Output, float[] H, float[] C, float[][] Grads) Run(bool useTokens)
        {
            var layer = new LstmLayer(vocabulary, hidden, layers, bidirectional: true, batchFirst: batchFirst, rng: new RandomGenerator(21));
            using var tape = new Tape();
            var (y, state) = useTokens ? layer.Forward(tokens, batch, null, lengths) : layer.Forward(oneHot, null, lengths);
            var (output, h, c) = (y.ToArray(), state.H.ToArray(), state.C!.ToArray());
            tape.Backward(y, Tensor.FromArray((float[])r.Values.Clone(), r.Shape));
            return (output, h, c, layer.Parameters().Select(p => p.Grad!.ToArray()).ToArray());
        }

        var gathered = Run(true);
        var multiplied = Run(false);
        Close("output", gathered.Output, multiplied.Output);
        Close("h_n", gathered.H, multiplied.H);
        Close("c_n", gathered.C, multiplied.C);
        for (int p = 0; p < gathered.Grads.Length; p++)
            Close($"gradient of parameter {p}", gathered.Grads[p], multiplied.Grads[p]);
    }

    [Fact]
    public void TokenOutsideTheVocabularyNamesTheLayer()
    {
        var layer = new GruLayer(7, 4, rng: new RandomGenerator(1));
        var e = Assert.Throws<ArgumentException>(() => layer.Forward([1, 2, 7, 0], batch: 2));
        Assert.Contains("GruLayer(input 7, hidden 4)", e.Message);
        Assert.Contains("token 7", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => layer.Forward([1, 2, 3], batch: 2));
    }

    private static void Close(string what, float[] actual, float[] expected) =>
        AssertClose(what, actual.Select(v => (double)v).ToArray(), expected.Select(v => (double)v).ToArray(), 1e-5);
}
