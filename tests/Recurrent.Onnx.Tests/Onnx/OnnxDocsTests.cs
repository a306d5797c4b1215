using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Models.Text;
using Recurrent.Onnx;
using Recurrent.Onnx.Models;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// The C# of docs/ONNX.md, compiled and run on small models (the exports in ONNX Runtime), and compared with the
/// document's text.
/// </summary>
public sealed class OnnxDocsTests : IDisposable
{
    // What the document's snippet writes, relative to the working directory as in the document.
    private static readonly string[] Written = ["runs/x", "onnx", "classifier.onnx", "model.onnx"];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var path in Written)
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
            else if (File.Exists(path))
                File.Delete(path);
    }

    // The character model the document's exporter reads: its layers and its vocabulary.
    public sealed record CharModel(Embedding Embedding, RecurrentLayer Rnn, Linear Decoder, CharVocabulary Vocabulary);

    public sealed class CharModelExport(CharModel model) : IOnnxExportable
    {
        public string OnnxGraphName => "char_rnn";
        public void DescribeOnnx(OnnxGraph graph)
        {
            var rnnLayer = model.Rnn;
            var tokens = graph.Input("tokens", OnnxElementType.Int64, OnnxDim.Batch, OnnxDim.Steps);
            OnnxDim[] state = [rnnLayer.NumLayers * rnnLayer.Directions, OnnxDim.Batch, rnnLayer.HiddenSize];
            var h0 = graph.Input("h0", OnnxElementType.Float, state);
            var c0 = rnnLayer.HasCellState ? graph.Input("c0", OnnxElementType.Float, state) : null;
            var embedded = graph.Embedding(model.Embedding, tokens, "encoder");
            var rnn = graph.Recurrent(rnnLayer, embedded, initialH: h0, initialC: c0, prefix: "rnn.");
            var logits = graph.Linear(model.Decoder, rnn.Output, "decoder");
            graph.Output("logits", logits);
            graph.Output("probabilities", graph.Softmax(logits));
            graph.Output("h_n", rnn.H);
            if (rnn.C is not null) graph.Output("c_n", rnn.C);
            graph.Metadata["vocabulary"] = model.Vocabulary.Serialize();
        }
    }

    private static CharLanguageModel SmallCharModel() => new(new CharLanguageModelConfig(
        CharVocabulary.Build("hello, world"), CellKind.Lstm, HiddenSize: 6, Layers: 2, EmbeddingSize: 4, Dropout: 0f),
        seed: 3);

    [Fact]
    public void TheExportSnippetWritesFilesThatOnnxRuntimeReads()
    {
        var model = SmallCharModel();
        var classifier = new SequenceClassifier(new SequenceClassifierConfig(CellKind.Gru, Channels: 2,
            HiddenSize: 4, Layers: 1, Bidirectional: true, SequencePooling.Last, Dropout: 0f, Frame: 1,
            new LabelSet(["a", "b"]), ChannelScaler.Fit([new float[] { 0, 1, 2, 3 }], 2, ScalingKind.Standardize)),
            new RandomGenerator(1));
        var lstm = new LstmLayer(inputSize: 3, hiddenSize: 4, numLayers: 2, rng: new RandomGenerator(2));
        Directory.CreateDirectory("runs/x");
        StateDict.Save("runs/x/best.safetensors", model.NamedState(), model.Config.ToMetadata());

        // A checkpoint of any known kind, in one call (what `recurrent export` does): the kind from its metadata.
        OnnxCheckpointExport written = OnnxExport.FromCheckpoint("runs/x/best.safetensors", "onnx/best.onnx");
        // A model in memory, through its exporter; a bare layer stack through RecurrentStackExport.
        OnnxExport.Write(new SequenceClassifierExport(classifier), "classifier.onnx");
        OnnxExport.Write(new RecurrentStackExport(lstm) { WithLengths = true, WithInitialState = true }, "model.onnx");
        byte[] bytes = OnnxExport.ToBytes(new CharLanguageModelExport(model) { WithInitialState = false });

        Assert.Equal(CharLanguageModelConfig.ModelKind, written.Kind);
        Assert.Equal("best.onnx", Path.GetFileName(Assert.Single(written.Files).Path));
        var tokens = new Feed("tokens", new long[] { 1, 2, 3 }, [1, 3]);
        Assert.Equal([1, 3, model.Vocabulary.Count], Run(bytes, tokens)["logits"].Shape);
        var stack = Run(File.ReadAllBytes("model.onnx"), new Feed("input", new float[3], [1, 1, 3]),
            new Feed("lengths", new long[] { 1 }, [1]), new Feed("h0", new float[8], [2, 1, 4]),
            new Feed("c0", new float[8], [2, 1, 4]));
        Assert.Equal([2, 1, 4], stack["c_n"].Shape);
        Assert.True(File.Exists("classifier.onnx"));
    }

    [Fact]
    public void TheDocumentsExporterGivesTheLibrarysLogits()
    {
        var model = SmallCharModel();
        var charModel = new CharModel(model.Encoder, model.Rnn, model.Decoder, model.Vocabulary);

        var documented = OnnxExport.ToBytes(new CharModelExport(charModel));
        var library = OnnxExport.ToBytes(new CharLanguageModelExport(model));

        Feed[] feeds = [new("tokens", new long[] { 0, 4, 2, 1 }, [2, 2]),
            new("h0", new float[2 * 2 * 6], [2, 2, 6]), new("c0", new float[2 * 2 * 6], [2, 2, 6])];
        var expected = Run(library, feeds)["logits"];
        var actual = Run(documented, feeds)["logits"];
        AssertClose("logits", actual.Values, expected.Values);
        Assert.Equal(model.Vocabulary.Serialize(), Metadata(documented)["vocabulary"]);
    }

    [Fact]
    public void TheDocumentShowsThisCode() =>
        DocumentedCode.AssertShownIn("docs/ONNX.md", "tests/Recurrent.Onnx.Tests/Onnx/OnnxDocsTests.cs");
}
