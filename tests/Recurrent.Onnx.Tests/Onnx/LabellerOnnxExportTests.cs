using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Models.Labelling;
using Recurrent.Onnx;
using Recurrent.Onnx.Models;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;
using static Recurrent.Tests.Onnx.RecurrentExportCases;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// The labellers (bidirectional LSTM beside a per-step layer, and the per-step layer alone) exported to ONNX and run in
/// ONNX Runtime.
/// </summary>
public sealed class LabellerOnnxExportTests
{
    public static TheoryData<bool> Kinds() => [true, false];

    private static SequenceLabeller Model(bool bidirectional)
    {
        var rng = new RandomGenerator(31);
        var model = SequenceLabeller.Create(
            bidirectional
                ? new SequenceLabellerConfig(SequenceLabellerKind.Bidirectional, 4, 3, 5, Dropout: 0.5f)
                : new SequenceLabellerConfig(SequenceLabellerKind.Pointwise, 4, 3, 5),
            rng
        );
        model.Eval();
        return model;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LogitsAndProbabilitiesMatch(bool bidirectional)
    {
        var model = Model(bidirectional);
        model.Description["labels"] = "[\"a\",\"b\",\"c\",\"d\",\"e\"]";
        int batch = 2,
            steps = 7;
        var x = RandomValues(new RandomGenerator(32), batch * steps * 4);
        using var noGrad = Tape.NoGrad();
        var logits = model.Forward(Tensor.FromArray(x, batch, steps, 4));
        var probabilities = logits.ToArray();
        for (int r = 0; r < batch * steps; r++)
            System.Numerics.Tensors.TensorPrimitives.SoftMax(
                logits.Span.Slice(r * 5, 5),
                probabilities.AsSpan(r * 5, 5)
            );

        var bytes = OnnxExport.ToBytes(new SequenceLabellerExport(model));
        var ort = Run(bytes, new Feed("inputs", x, [batch, steps, 4]));

        AssertClose("logits", ort["logits"].Values, logits.Span, ort["logits"].Shape, [batch, steps, 5]);
        AssertClose("probabilities", ort["probabilities"].Values, probabilities);
        var metadata = Metadata(bytes);
        Assert.Equal(model.Config.ModelKind, metadata["model"]);
        Assert.Equal("[\"a\",\"b\",\"c\",\"d\",\"e\"]", metadata["labels"]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void CheckpointRebuildsTheModel(bool bidirectional)
    {
        var model = Model(bidirectional);
        model.Description["window"] = "7";
        string path = Path.Combine(Path.GetTempPath(), $"recurrent-labeller-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = SequenceLabeller.Load(SafeTensorsFile.Read(path));
            Assert.Equal(model.GetType(), loaded.GetType());
            Assert.Equal("7", loaded.Description["window"]);
            Assert.Equal(
                model.NamedParameters().Select(p => p.Value.ToArray()),
                loaded.NamedParameters().Select(p => p.Value.ToArray())
            );
        }
        finally
        {
            File.Delete(path);
        }
    }
}
