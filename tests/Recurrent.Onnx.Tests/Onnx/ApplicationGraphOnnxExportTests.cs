using Recurrent.Layers;
using Recurrent.Onnx;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;
using static Recurrent.Tests.Onnx.RecurrentExportCases;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// The shapes of the application models, built from the export blocks as an application does, run in ONNX Runtime:
/// a character model (Embedding -> stacked LSTM -> Linear -> softmax, state in and out) and classifiers (bidirectional
/// recurrent layer with lengths -> last valid state or mean over valid steps -> Linear -> softmax).
/// </summary>
public class ApplicationGraphOnnxExportTests
{
    private sealed class CharModel(int vocabulary, int embedding, int hidden) : IOnnxExportable
    {
        private readonly RandomGenerator _rng = new(21);
        public Embedding Embedding { get; } = new(vocabulary, embedding, new RandomGenerator(22));
        public LstmLayer Lstm { get; } = new(embedding, hidden, 2, dropout: 0.2f, rng: new RandomGenerator(23));
        public Linear Decoder { get; } = new(hidden, vocabulary, new RandomGenerator(24));
        public string OnnxGraphName => "char_rnn";

        public void DescribeOnnx(OnnxGraph graph)
        {
            var tokens = graph.Input("tokens", OnnxElementType.Int64, OnnxDim.Batch, OnnxDim.Steps);
            OnnxDim[] state = [Lstm.NumLayers, OnnxDim.Batch, Lstm.HiddenSize];
            var h0 = graph.Input("h0", OnnxElementType.Float, state);
            var c0 = graph.Input("c0", OnnxElementType.Float, state);
            var x = graph.Embedding(Embedding, tokens, "embedding");
            var rnn = graph.Recurrent(Lstm, x, initialH: h0, initialC: c0, prefix: "rnn.");
            var logits = graph.Linear(Decoder, rnn.Output, "decoder");
            graph.Output("logits", logits);
            graph.Output("probabilities", graph.Softmax(logits));
            graph.Output("h_n", rnn.H);
            graph.Output("c_n", rnn.C!);
            graph.Metadata["vocabulary"] = "abcdefg";
        }
    }

    private sealed class Classifier(RecurrentLayer layer, int classes, bool mean) : IOnnxExportable
    {
        public RecurrentLayer Layer { get; } = layer;
        public Linear Head { get; } = new(layer.Directions * layer.HiddenSize, classes, new RandomGenerator(31));
        public string OnnxGraphName => "classifier";

        public void DescribeOnnx(OnnxGraph graph)
        {
            var x = graph.Input("series", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, Layer.InputSize);
            var lengths = graph.Input("lengths", OnnxElementType.Int64, OnnxDim.Batch);
            var rnn = graph.Recurrent(Layer, x, lengths, prefix: "rnn.");
            var features = mean ? graph.MeanOverSteps(rnn.Output, lengths) : graph.LastLayerState(Layer, rnn.H);
            var logits = graph.Linear(Head, features, "head");
            graph.Output("logits", logits);
            graph.Output("probabilities", graph.Softmax(logits));
            graph.Metadata["labels"] = "walk,run,sit";
            graph.Metadata["normalisation"] = "mean=0.5;std=2";
        }
    }

    [Fact]
    public void CharacterModelWithStateMatches()
    {
        var model = new CharModel(vocabulary: 7, embedding: 5, hidden: 8);
        model.Lstm.Eval();
        int batch = 2,
            steps = 6;
        var rng = new RandomGenerator(3);
        var tokens = Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(7)).ToArray();
        var h0 = RandomValues(rng, 2 * batch * 8, 0.5f);
        var c0 = RandomValues(rng, 2 * batch * 8, 0.5f);

        var x = model.Embedding.Forward(tokens, [batch, steps]);
        var (output, state) = model.Lstm.Forward(
            x,
            new RecurrentState(Tensor.FromArray(h0, 2, batch, 8), Tensor.FromArray(c0, 2, batch, 8))
        );
        var logits = model.Decoder.Forward(output);
        var probabilities = Softmax(logits.ToArray(), 7);

        var bytes = OnnxExport.ToBytes(model);
        var ort = Run(
            bytes,
            new Feed("tokens", tokens.Select(t => (long)t).ToArray(), [batch, steps]),
            new Feed("h0", h0, [2, batch, 8]),
            new Feed("c0", c0, [2, batch, 8])
        );

        AssertClose("logits", ort["logits"].Values, logits.Span, ort["logits"].Shape, logits.Shape.ToArray());
        AssertClose("probabilities", ort["probabilities"].Values, probabilities);
        AssertClose("h_n", ort["h_n"].Values, state.H.Span);
        AssertClose("c_n", ort["c_n"].Values, state.C!.Span);
        var metadata = Metadata(bytes);
        Assert.Equal("abcdefg", metadata["vocabulary"]);
        Assert.Equal("Recurrent", metadata["exported_by"]);
    }

    [Theory]
    [InlineData("lstm", false)]
    [InlineData("gru", false)]
    [InlineData("lstm", true)]
    [InlineData("rnn_tanh", true)]
    public void ClassifierWithLengthsMatches(string cell, bool mean)
    {
        int batch = 4,
            steps = 7,
            inputs = 3,
            hidden = 5,
            classes = 3;
        var layer = MakeLayer(cell, inputs, hidden, 2, bidirectional: true, batchFirst: true, seed: 9);
        var model = new Classifier(layer, classes, mean);
        var rng = new RandomGenerator(4);
        var x = RandomValues(rng, batch * steps * inputs);
        int[] lengths = [7, 3, 1, 5];

        var (output, state) = layer.Forward(Tensor.FromArray(x, batch, steps, inputs), lengths: lengths);
        int width = 2 * hidden;
        var features = new float[batch * width];
        for (int b = 0; b < batch; b++)
        {
            if (mean)
            {
                for (int t = 0; t < lengths[b]; t++)
                    for (int j = 0; j < width; j++)
                        features[b * width + j] += output.Span[(b * steps + t) * width + j] / lengths[b];
            }
            else
            {
                // last layer's forward (row 2) then reverse (row 3) final state
                for (int d = 0; d < 2; d++)
                    state
                        .H.Span.Slice(((2 + d) * batch + b) * hidden, hidden)
                        .CopyTo(features.AsSpan(b * width + d * hidden, hidden));
            }
        }
        var logits = model.Head.Forward(Tensor.FromArray(features, batch, width));

        var bytes = OnnxExport.ToBytes(model);
        var ort = Run(
            bytes,
            new Feed("series", x, [batch, steps, inputs]),
            new Feed("lengths", lengths.Select(v => (long)v).ToArray(), [batch])
        );

        AssertClose("logits", ort["logits"].Values, logits.Span, ort["logits"].Shape, logits.Shape.ToArray());
        AssertClose("probabilities", ort["probabilities"].Values, Softmax(logits.ToArray(), classes));
        Assert.Equal("walk,run,sit", Metadata(bytes)["labels"]);
    }

    [Fact]
    public void MeanWithoutLengthsAveragesEveryStep()
    {
        var layer = MakeLayer("gru", 3, 4, 1, bidirectional: false, batchFirst: true, seed: 5);
        var graph = new OnnxGraph("mean");
        var input = graph.Input("input", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, 3);
        graph.Output("mean", graph.MeanOverSteps(graph.Recurrent(layer, input).Output));
        var x = RandomValues(new RandomGenerator(6), 2 * 5 * 3);

        var (output, _) = layer.Forward(Tensor.FromArray(x, 2, 5, 3));
        var expected = new float[2 * 4];
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 5; t++)
                for (int j = 0; j < 4; j++)
                    expected[b * 4 + j] += output.Span[(b * 5 + t) * 4 + j] / 5;

        var ort = Run(graph.ToBytes(), new Feed("input", x, [2, 5, 3]));
        AssertClose("mean", ort["mean"].Values, expected, ort["mean"].Shape, [2, 4]);
    }

    private static float[] Softmax(float[] logits, int width)
    {
        var result = new float[logits.Length];
        for (int row = 0; row < logits.Length / width; row++)
        {
            var span = logits.AsSpan(row * width, width);
            float max = span.ToArray().Max();
            double sum = 0;
            for (int j = 0; j < width; j++)
                sum += Math.Exp(span[j] - max);
            for (int j = 0; j < width; j++)
                result[row * width + j] = (float)(Math.Exp(span[j] - max) / sum);
        }
        return result;
    }
}
