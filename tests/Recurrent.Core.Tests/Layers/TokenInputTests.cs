using Recurrent.Autograd;
using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Layers;

/// <summary>
/// Token input (a row gather of weight_ih) gives what the same tokens as one-hot rows give, and embedded tokens (a
/// row gather of E W_ih^T) what an embedding lookup followed by the layer gives.
/// </summary>
public class TokenInputTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TokensMatchOneHotRowsForwardAndBackward(bool batchFirst)
    {
        var rng = RandomFor($"tokens{batchFirst}");
        int batch = 3,
            steps = 5,
            vocabulary = 7,
            hidden = 6,
            layers = 2;
        int[] lengths = [steps, 1, 3];
        var tokens = new int[batch * steps];
        for (int i = 0; i < tokens.Length; i++)
            tokens[i] = rng.Next(vocabulary);
        var oneHot = Tensor.Zeros(batchFirst ? [batch, steps, vocabulary] : [steps, batch, vocabulary]);
        for (int i = 0; i < tokens.Length; i++)
            oneHot.Span[i * vocabulary + tokens[i]] = 1f;
        var r = RandomInput(
            rng,
            batchFirst ? [batch, steps, 2 * hidden] : [steps, batch, 2 * hidden],
            requiresGrad: false
        );

        (float[] Output, float[] H, float[] C, float[][] Grads) Run(bool useTokens)
        {
            var layer = new LstmLayer(
                vocabulary,
                hidden,
                layers,
                bidirectional: true,
                batchFirst: batchFirst,
                rng: new RandomGenerator(21)
            );
            using var tape = new Tape();
            var (y, state) = useTokens
                ? layer.Forward(RecurrentInput.OneHotTokens(tokens, batch), null, lengths)
                : layer.Forward(oneHot, null, lengths);
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

    [Theory]
    [InlineData("lstm", true, 7)]
    [InlineData("lstm", false, 7)]
    [InlineData("gru", true, 7)]
    [InlineData("rnn_tanh", false, 7)]
    [InlineData("lstm", true, 40)]
    public void EmbeddedTokensMatchTheEmbeddingLookupForwardAndBackward(string cell, bool batchFirst, int vocabulary)
    {
        var rng = RandomFor($"embedded{cell}{batchFirst}{vocabulary}");
        int batch = 3,
            steps = 5,
            width = 4,
            hidden = 6,
            layers = 2,
            directions = 2;
        int[] lengths = [steps, 1, 3];
        var tokens = new int[batch * steps];
        for (int i = 0; i < tokens.Length; i++)
            tokens[i] = rng.Next(vocabulary);
        var h0 = RandomInput(rng, [layers * directions, batch, hidden], requiresGrad: false);
        var r = RandomInput(
            rng,
            batchFirst ? [batch, steps, directions * hidden] : [steps, batch, directions * hidden],
            requiresGrad: false
        );

        (float[] Output, float[] H, float[][] Grads) Run(bool fused)
        {
            var layer = RecurrentLayer.Create(
                CellKinds.Parse(cell),
                width,
                hidden,
                layers,
                batchFirst: batchFirst,
                bidirectional: true,
                rng: new RandomGenerator(21)
            );
            var embedding = new Embedding(vocabulary, width, new RandomGenerator(5));
            var initial = new RecurrentState(
                Tensor.FromArray(h0.Values, h0.Shape),
                layer.HasCellState ? Tensor.FromArray(h0.Values, h0.Shape) : null
            );
            using var tape = new Tape();
            var (y, state) = fused
                ? layer.Forward(RecurrentInput.EmbeddedTokens(embedding.Weight, tokens, batch), initial, lengths)
                : layer.Forward(
                    embedding.Forward(tokens, batchFirst ? [batch, steps] : [steps, batch]),
                    initial,
                    lengths
                );
            var (output, h) = (y.ToArray(), state.H.ToArray());
            tape.Backward(y, Tensor.FromArray((float[])r.Values.Clone(), r.Shape));
            return (
                output,
                h,
                [.. layer.Parameters().Select(p => p.Grad!.ToArray()), embedding.Weight.Grad!.ToArray()]
            );
        }

        var gathered = Run(true);
        var looked = Run(false);
        Close("output", gathered.Output, looked.Output);
        Close("h_n", gathered.H, looked.H);
        for (int p = 0; p < gathered.Grads.Length; p++)
            Close(
                p == gathered.Grads.Length - 1 ? "gradient of the embedding" : $"gradient of parameter {p}",
                gathered.Grads[p],
                looked.Grads[p]
            );
    }

    [Fact]
    public void EmbeddedTokensGradientMatchesCentralDifferences()
    {
        var rng = RandomFor("embedded gradient");
        int batch = 5,
            steps = 4,
            vocabulary = 6,
            width = 3,
            hidden = 4;
        int[] lengths = [steps, 1, 3, 2, steps];
        var tokens = new int[batch * steps];
        for (int i = 0; i < tokens.Length; i++)
            tokens[i] = rng.Next(vocabulary);
        var layer = RecurrentGradientTests.MakeLayer("lstm", bidirectional: true, inputs: width, hidden: hidden);
        var embedding = new Embedding(vocabulary, width, new RandomGenerator(3));
        var parameters = layer.NamedParameters().Select(p => p.Value).Prepend(embedding.Weight).ToArray();
        var inputs = parameters.Select(p => RandomInput(rng, p.Shape.ToArray(), -0.6, 0.6)).ToArray();

        Check(
            "embedded tokens, lstm, bidirectional, lengths",
            rng,
            inputs,
            t =>
            {
                for (int k = 0; k < parameters.Length; k++)
                {
                    t[k].Span.CopyTo(parameters[k].Span);
                    parameters[k].Grad = t[k].Grad = Tensor.ZerosLike(parameters[k]);
                }
                return layer
                    .Forward(RecurrentInput.EmbeddedTokens(embedding.Weight, tokens, batch), null, lengths)
                    .Output;
            },
            v =>
            {
                var x = new double[batch * steps * width];
                for (int i = 0; i < tokens.Length; i++)
                    Array.Copy(v[0], tokens[i] * width, x, i * width, width);
                var weights = new ReferenceRecurrence.Weights[2];
                for (int d = 0; d < 2; d++)
                    weights[d] = new(v[1 + 4 * d], v[2 + 4 * d], v[3 + 4 * d], v[4 + 4 * d]);
                var zeros = new double[2 * batch * hidden];
                return ReferenceRecurrence
                    .Run("lstm", weights, x, zeros, zeros, batch, steps, width, hidden, lengths)
                    .Output;
            }
        );
    }

    [Fact]
    public void EmbeddingOfAnotherWidthNamesTheLayerAndBothShapes()
    {
        var layer = new LstmLayer(8, 4, rng: new RandomGenerator(1));
        var embedding = new Embedding(5, 6, new RandomGenerator(1));
        var e = Assert.Throws<ShapeMismatchException>(() =>
            layer.Forward(RecurrentInput.EmbeddedTokens(embedding.Weight, [1, 2, 3, 4, 0, 1, 2, 3, 4, 0], batch: 2))
        );
        Assert.Contains("LstmLayer(input 8, hidden 4)", e.Message);
        Assert.Contains("[5, 6]", e.Message);
        Assert.Contains("[16, 8]", e.Message);
        var narrow = new LstmLayer(6, 4, rng: new RandomGenerator(1));
        var outside = Assert.Throws<ArgumentException>(() =>
            narrow.Forward(RecurrentInput.EmbeddedTokens(embedding.Weight, [1, 2, 3, 4, 0, 1, 2, 3, 4, 5], batch: 2))
        );
        Assert.Contains("token 5", outside.Message);
    }

    [Fact]
    public void TokenOutsideTheVocabularyNamesTheLayer()
    {
        var layer = new GruLayer(7, 4, rng: new RandomGenerator(1));
        var e = Assert.Throws<ArgumentException>(() =>
            layer.Forward(RecurrentInput.OneHotTokens([1, 2, 7, 0], batch: 2))
        );
        Assert.Contains("GruLayer(input 7, hidden 4)", e.Message);
        Assert.Contains("token 7", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => layer.Forward(RecurrentInput.OneHotTokens([1, 2, 3], batch: 2)));
    }

    private static void Close(string what, float[] actual, float[] expected) =>
        AssertClose(what, actual.Select(v => (double)v).ToArray(), expected.Select(v => (double)v).ToArray(), 1e-5);
}
