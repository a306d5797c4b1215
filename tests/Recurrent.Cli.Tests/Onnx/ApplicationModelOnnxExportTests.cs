using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Models.Text;
using Recurrent.Onnx;
using Recurrent.Onnx.Models;
using Recurrent.Tensors;
using System.CommandLine;
using static Recurrent.Tests.CommandLineRunner;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;
using static Recurrent.Tests.Onnx.RecurrentExportCases;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// The application models themselves (<see cref="CharLanguageModel"/>, <see cref="SequenceClassifier"/>) exported
/// through their exporters (<c>Recurrent.Onnx.Models</c>) and through <c>recurrent export</c> on a saved checkpoint,
/// run in ONNX Runtime and compared with their own forward pass.
/// </summary>
public sealed class ApplicationModelOnnxExportTests : IDisposable
{
    private const int Hidden = 6;
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-onnx-apps-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CharLanguageModel CharModel(CellKind cell, int layers)
    {
        var configuration = new CharLanguageModelConfig(
            CharVocabulary.Build("hello, world\n"),
            cell,
            Hidden,
            layers,
            EmbeddingSize: 4,
            Dropout: 0.1f
        );
        var model = new CharLanguageModel(configuration, seed: 11);
        model.Eval();
        return model;
    }

    private static (int[] Tokens, float[] H0, float[]? C0) CharInputs(CharLanguageModel model, int batch, int steps)
    {
        var rng = new RandomGenerator(5);
        var tokens = Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(model.Vocabulary.Count)).ToArray();
        int stateSize = model.Rnn.NumLayers * batch * Hidden;
        return (
            tokens,
            RandomValues(rng, stateSize, 0.5f),
            model.Rnn.HasCellState ? RandomValues(rng, stateSize, 0.5f) : null
        );
    }

    private static (float[] Logits, int[] Shape, float[] H, float[]? C) CharForward(
        CharLanguageModel model,
        int[] tokens,
        int batch,
        int steps,
        float[]? h0,
        float[]? c0
    )
    {
        using var noGrad = Tape.NoGrad();
        int layers = model.Rnn.NumLayers;
        var initial = h0 is null
            ? null
            : new RecurrentState(
                Tensor.FromArray(h0, layers, batch, Hidden),
                c0 is null ? null : Tensor.FromArray(c0, layers, batch, Hidden)
            );
        var embedded = model.Encoder.Forward(tokens, [batch, steps]);
        var (output, state) = model.Rnn.Forward(embedded, initial);
        var logits = model.Decoder.Forward(output);
        return (logits.ToArray(), logits.Shape.ToArray(), state.H.ToArray(), state.C?.ToArray());
    }

    private static Feed[] CharFeeds(int[] tokens, int batch, int steps, float[]? h0, float[]? c0, int layers)
    {
        var feeds = new List<Feed> { new("tokens", tokens.Select(t => (long)t).ToArray(), [batch, steps]) };
        if (h0 is not null)
            feeds.Add(new Feed("h0", h0, [layers, batch, Hidden]));
        if (c0 is not null)
            feeds.Add(new Feed("c0", c0, [layers, batch, Hidden]));
        return [.. feeds];
    }

    private static void AssertCharOutputs(
        Dictionary<string, (float[] Values, long[] Shape)> ort,
        (float[] Logits, int[] Shape, float[] H, float[]? C) ours
    )
    {
        AssertClose("logits", ort["logits"].Values, ours.Logits, ort["logits"].Shape, ours.Shape);
        AssertClose("h_n", ort["h_n"].Values, ours.H);
        if (ours.C is not null)
            AssertClose("c_n", ort["c_n"].Values, ours.C);
        else
            Assert.False(ort.ContainsKey("c_n"));
    }

    [Theory]
    [InlineData(CellKind.Lstm, 2)]
    [InlineData(CellKind.Gru, 2)]
    [InlineData(CellKind.Rnn, 1)]
    public void CharacterModelMatchesWithState(CellKind cell, int layers)
    {
        var model = CharModel(cell, layers);
        int batch = 2,
            steps = 5;
        var (tokens, h0, c0) = CharInputs(model, batch, steps);
        var ours = CharForward(model, tokens, batch, steps, h0, c0);

        var bytes = OnnxExport.ToBytes(new CharLanguageModelExport(model));
        var ort = Run(bytes, CharFeeds(tokens, batch, steps, h0, c0, layers));

        AssertCharOutputs(ort, ours);
        int vocabulary = model.Vocabulary.Count;
        var probabilities = ort["probabilities"].Values;
        for (int row = 0; row < batch * steps; row++)
            Assert.Equal(1.0, probabilities.AsSpan(row * vocabulary, vocabulary).ToArray().Sum(), 1e-5);
        var metadata = Metadata(bytes);
        Assert.Equal(model.Vocabulary.Serialize(), metadata["vocabulary"]);
        Assert.Equal(CharLanguageModelConfig.ModelKind, metadata["model"]);
        Assert.Equal(cell.ToString().ToLowerInvariant(), metadata["cell"]);
    }

    [Fact]
    public void CharacterModelWithoutStateInputsStartsFromZero()
    {
        var model = CharModel(CellKind.Lstm, 1);
        int batch = 3,
            steps = 4;
        var (tokens, _, _) = CharInputs(model, batch, steps);
        var ours = CharForward(model, tokens, batch, steps, null, null);

        var ort = Run(
            OnnxExport.ToBytes(new CharLanguageModelExport(model) { WithInitialState = false }),
            CharFeeds(tokens, batch, steps, null, null, 1)
        );

        AssertCharOutputs(ort, ours);
    }

    private static SequenceClassifier Classifier(CellKind cell, bool bidirectional, SequencePooling pooling, int layers)
    {
        var config = new SequenceClassifierConfig(
            cell,
            Channels: 2,
            Hidden,
            layers,
            bidirectional,
            pooling,
            Dropout: 0.2f,
            Frame: 2,
            new LabelSet(["walk", "run", "sit"]),
            ChannelScaler.Fit([new float[] { 0, 1, 2, 4, 5, 9 }], 2, ScalingKind.Standardize)
        );
        var model = new SequenceClassifier(config, new RandomGenerator(13));
        model.Eval();
        return model;
    }

    private static Dictionary<string, (float[] Values, long[] Shape)> RunClassifier(
        byte[] bytes,
        float[] x,
        int[] lengths,
        int steps,
        int width
    ) =>
        Run(
            bytes,
            new Feed("inputs", x, [lengths.Length, steps, width]),
            new Feed("lengths", lengths.Select(v => (long)v).ToArray(), [lengths.Length])
        );

    private static (float[] Logits, int[] Shape) ClassifierForward(
        SequenceClassifier model,
        float[] x,
        int[] lengths,
        int steps,
        int width
    )
    {
        using var noGrad = Tape.NoGrad();
        var logits = model.Forward(Tensor.FromArray(x, lengths.Length, steps, width), lengths);
        return (logits.ToArray(), logits.Shape.ToArray());
    }

    private static float[] PaddedInputs(int[] lengths, int steps, int width)
    {
        var x = RandomValues(new RandomGenerator(17), lengths.Length * steps * width);
        // Padding past a series' length must not matter, so it holds large values rather than zeros.
        for (int b = 0; b < lengths.Length; b++)
            for (int t = lengths[b]; t < steps; t++)
                x.AsSpan((b * steps + t) * width, width).Fill(50f);
        return x;
    }

    [Theory]
    [InlineData(CellKind.Lstm, true, SequencePooling.Last, 2)]
    [InlineData(CellKind.Lstm, false, SequencePooling.Mean, 1)]
    [InlineData(CellKind.Gru, true, SequencePooling.Mean, 2)]
    [InlineData(CellKind.Gru, false, SequencePooling.Last, 1)]
    [InlineData(CellKind.Lstm, true, SequencePooling.Mean, 1)]
    [InlineData(CellKind.Gru, true, SequencePooling.Last, 1)]
    [InlineData(CellKind.Rnn, true, SequencePooling.Last, 2)]
    [InlineData(CellKind.Rnn, false, SequencePooling.Mean, 1)]
    public void SequenceClassifierMatchesWithVariableLengths(
        CellKind cell,
        bool bidirectional,
        SequencePooling pooling,
        int layers
    )
    {
        var model = Classifier(cell, bidirectional, pooling, layers);
        int steps = 6,
            width = model.Config.InputSize;
        int[] lengths = [6, 2, 1, 4];
        var x = PaddedInputs(lengths, steps, width);
        var ours = ClassifierForward(model, x, lengths, steps, width);

        var bytes = OnnxExport.ToBytes(new SequenceClassifierExport(model));
        var ort = RunClassifier(bytes, x, lengths, steps, width);

        AssertClose("logits", ort["logits"].Values, ours.Logits, ort["logits"].Shape, ours.Shape);
        var metadata = Metadata(bytes);
        Assert.Equal(model.Config.Labels.Serialize(), metadata["labels"]);
        Assert.Equal(model.Config.Scaler.Serialize(), metadata["scaler"]);
        Assert.Equal(SequenceClassifierConfig.ModelKind, metadata["model"]);
    }

    [Theory]
    [InlineData(CellKind.Lstm, false, SequencePooling.Last)]
    [InlineData(CellKind.Gru, true, SequencePooling.Mean)]
    public void ConvolutionalClassifierMatchesWithVariableLengths(
        CellKind cell,
        bool bidirectional,
        SequencePooling pooling
    )
    {
        var plain = Classifier(cell, bidirectional, pooling, 1);
        var model = new SequenceClassifier(plain.Config with { ConvolutionFilters = 3 }, new RandomGenerator(19));
        // Statistics away from PyTorch's starting 0 and 1, as after training, so that a mix-up of them shows.
        var rng = new RandomGenerator(23);
        foreach (var (name, buffer) in model.NamedBuffers())
            if (name.EndsWith("running_mean", StringComparison.Ordinal))
                rng.FillUniform(buffer.Span, -0.5f, 0.5f);
            else if (name.EndsWith("running_var", StringComparison.Ordinal))
                rng.FillUniform(buffer.Span, 0.5f, 2f);
        foreach (var (name, parameter) in model.NamedParameters())
            if (name.StartsWith("bn.", StringComparison.Ordinal))
                rng.FillUniform(parameter.Span, 0.5f, 1.5f);
        model.Eval();
        int steps = 11,
            width = model.Config.InputSize;
        int[] lengths = [11, 2, 1, 7];
        var x = PaddedInputs(lengths, steps, width);
        var ours = ClassifierForward(model, x, lengths, steps, width);

        var bytes = OnnxExport.ToBytes(new SequenceClassifierExport(model));
        var ort = RunClassifier(bytes, x, lengths, steps, width);

        AssertClose("logits", ort["logits"].Values, ours.Logits, ort["logits"].Shape, ours.Shape, tolerance: 1e-4);
        Assert.Equal("3", Metadata(bytes)["conv_filters"]);
    }

    [Fact]
    public void CharacterModelCheckpointExportsThroughTheCommand()
    {
        var model = CharModel(CellKind.Lstm, 2);
        string checkpoint = Path.Combine(_directory, "text.safetensors");
        StateDict.Save(checkpoint, model.NamedState(), model.Config.ToMetadata());
        string onnx = Path.Combine(_directory, "text.onnx");

        var (code, output, error) = Invoke("export", "--model", checkpoint, "--out", _directory, "--with-state");

        Assert.True(code == 0, error);
        Assert.Contains($"kind={CharLanguageModelConfig.ModelKind}", output);
        Assert.Contains("inputs=tokens,h0,c0", output);
        int batch = 2,
            steps = 3;
        var (tokens, h0, c0) = CharInputs(model, batch, steps);
        var ort = Run(File.ReadAllBytes(onnx), CharFeeds(tokens, batch, steps, h0, c0, 2));
        AssertCharOutputs(ort, CharForward(model, tokens, batch, steps, h0, c0));
    }

    [Fact]
    public void ClassifierCheckpointExportsThroughTheCommand()
    {
        var model = Classifier(CellKind.Gru, bidirectional: true, SequencePooling.Last, layers: 2);
        string checkpoint = Path.Combine(_directory, "classifier.safetensors");
        // As written before checkpoints carried the 'model' key: the task alone names the kind.
        var metadata = model.Config.ToMetadata().Where(entry => entry.Key != "model").ToDictionary();
        StateDict.Save(checkpoint, model.NamedState(), metadata);
        string onnx = Path.Combine(_directory, "classifier.onnx");

        var (code, output, error) = Invoke("export", "--model", checkpoint, "--out", _directory);

        Assert.True(code == 0, error);
        Assert.Contains($"kind={SequenceClassifierConfig.ModelKind}", output);
        Assert.Contains("inputs=inputs,lengths", output);
        int steps = 5,
            width = model.Config.InputSize;
        int[] lengths = [3, 5];
        var x = PaddedInputs(lengths, steps, width);
        var ort = RunClassifier(File.ReadAllBytes(onnx), x, lengths, steps, width);
        var ours = ClassifierForward(model, x, lengths, steps, width);
        AssertClose("logits", ort["logits"].Values, ours.Logits, ort["logits"].Shape, ours.Shape);
    }
}
