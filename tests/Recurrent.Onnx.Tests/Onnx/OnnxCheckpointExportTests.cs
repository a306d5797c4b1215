using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Models.Seq2Seq;
using Recurrent.Onnx;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// <see cref="OnnxExport.FromCheckpoint"/>, the library call behind <c>recurrent export</c>: the kind comes from the
/// checkpoint, an encoder-decoder gets its generation graphs beside the whole one, and every graph says what it is.
/// </summary>
public sealed class OnnxCheckpointExportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-onnx-checkpoint-").FullName;

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AnEncoderDecoderCheckpointExportsWithOneCall()
    {
        var model = new CharSeq2Seq(
            new CharSeq2SeqConfig(QuestionLength: 5, AnswerLength: 3, EmbeddingSize: 4, HiddenSize: 6),
            new RandomGenerator(3)
        );
        model.Eval();
        string checkpoint = Path.Combine(_directory, "adder.safetensors");
        model.Save(checkpoint);
        string onnx = Path.Combine(_directory, "out", "adder.onnx");

        var export = OnnxExport.FromCheckpoint(checkpoint, onnx);

        Assert.Equal(CharSeq2SeqConfig.ModelKind, export.Kind);
        Assert.Equal([null, "encoder", "decoder"], export.Files.Select(f => f.Part));
        Assert.Equal(
            ["adder.onnx", "adder.encoder.onnx", "adder.decoder.onnx"],
            export.Files.Select(f => Path.GetFileName(f.Path))
        );
        Assert.All(
            export.Files,
            f => Assert.Equal(CharSeq2SeqConfig.ModelKind, Metadata(File.ReadAllBytes(f.Path))["model"])
        );
        Assert.Equal("whole teacher-forced pass", Metadata(File.ReadAllBytes(onnx))["part"]);
        Assert.Equal("encoder", Metadata(File.ReadAllBytes(export.Files[1].Path))["part"]);

        var question = model.QuestionTokens(["12+3"]);
        using var noGrad = Tape.NoGrad();
        using var encoded = model.Encode(question, 1);
        var ort = Run(
            File.ReadAllBytes(export.Files[1].Path),
            new Feed("question", question.Select(t => (long)t).ToArray(), [1, model.QuestionLength])
        );
        AssertClose("encoder h_n", ort["h_n"].Values, encoded.H.Span);
    }

    [Fact]
    public void AnUnknownKindIsRefusedWithTheKnownOnes()
    {
        string checkpoint = Path.Combine(_directory, "other.safetensors");
        StateDict.Save(checkpoint, [("w", Tensor.Zeros(2))], new Dictionary<string, string> { ["model"] = "mystery" });

        var error = Assert.Throws<CheckpointFormatException>(() =>
            OnnxExport.FromCheckpoint(checkpoint, Path.Combine(_directory, "other.onnx"))
        );

        Assert.Contains("'mystery'", error.Message);
        Assert.Contains(CharSeq2SeqConfig.ModelKind, error.Message);
        Assert.Contains(checkpoint, error.Message);
    }
}
