using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>
/// The C# of docs/MODULES.md and of the README, compiled and run, and compared with the documents' text.
/// </summary>
public class ModuleDocsTests
{
    // A many-to-many tagger: a bidirectional LSTM, then a small head at every step.
    public sealed class Tagger : Module<Tensor, Tensor>
    {
        private readonly RecurrentLayer _rnn;
        private readonly Sequential _head;

        public Tagger(int features, int hidden, int classes, RandomGenerator rng)
        {
            _rnn = RegisterModule("rnn", new LstmLayer(features, hidden, numLayers: 2, dropout: 0.2f,
                bidirectional: true, rng: rng));
            _head = RegisterModule("head", new Sequential(
                new Linear(2 * hidden, hidden, rng), new ReLU(), new Dropout(0.2f, rng),
                new Linear(hidden, classes, rng)));
        }

        // x [B, T, features] -> scores [B, T, classes]
        public override Tensor Forward(Tensor x) => _head.Forward(_rnn.Forward(x).Output);
    }

    [Fact]
    public void TheTaggerHasPyTorchsNamesAndRuns()
    {
        var model = new Tagger(features: 3, hidden: 4, classes: 5, new RandomGenerator(1));
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(16 + 4, names.Length);
        Assert.Equal(["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0"], names[..4]);
        Assert.Equal("rnn.bias_hh_l1_reverse", names[15]);
        Assert.Equal(["head.0.weight", "head.0.bias", "head.3.weight", "head.3.bias"], names[16..]);

        var x = Tensor.Zeros(2, 6, 3);
        new RandomGenerator(2).FillUniform(x.Span, -1f, 1f);
        model.Eval();
        var scores = model.Forward(x);
        Assert.Equal([2, 6, 5], scores.Shape.ToArray());
        Assert.Equal(scores.ToArray(), model.Forward(x).ToArray());
    }

    [Fact]
    public void TheReadmeSnippetRuns()
    {
        var rng = new RandomGenerator(3);
        var x = Tensor.Zeros(2, 5, 8);
        var rnn = new LstmLayer(inputSize: 8, hiddenSize: 64, numLayers: 2, dropout: 0.2f, bidirectional: true);
        var head = new Sequential(new Linear(128, 64, rng), new ReLU(), new Linear(64, 10, rng));
        var (output, state) = rnn.Forward(x);       // x [B, T, 8] -> output [B, T, 128], state.H [4, B, 64]
        var scores = head.Forward(output);          // head.NamedParameters(): 0.weight, 0.bias, 2.weight, 2.bias
        Assert.Equal([2, 5, 128], output.Shape.ToArray());
        Assert.Equal([4, 2, 64], state.H.Shape.ToArray());
        Assert.Equal([2, 5, 10], scores.Shape.ToArray());
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], head.NamedParameters().Select(p => p.Name));
    }

    [Theory]
    [InlineData("docs/MODULES.md")]
    [InlineData("README.md")]
    public void TheDocumentShowsThisCode(string document) =>
        DocumentedCode.AssertShownIn(document, "tests/Recurrent.Core.Tests/Layers/ModuleDocsTests.cs");
}
