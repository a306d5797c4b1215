using Recurrent.Autograd;
using Recurrent.Models.Seq2Seq;
using Recurrent.Onnx;
using Recurrent.Onnx.Models;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// The character encoder-decoder exported to ONNX: the teacher-forced pass in one graph, and the encoder and the
/// decoder step that a greedy decoding loop calls, which reproduces <see cref="CharSeq2Seq.Greedy"/>.
/// </summary>
public sealed class Seq2SeqOnnxExportTests
{
    private const int Hidden = 8;
    private static readonly string[] Questions = ["12+5", "999+1", "0+0"];

    private static CharSeq2Seq Model()
    {
        var model = new CharSeq2Seq(
            new CharSeq2SeqConfig(QuestionLength: 7, AnswerLength: 4, EmbeddingSize: 4, Hidden),
            new RandomGenerator(21)
        );
        model.Eval();
        return model;
    }

    private static long[] Longs(int[] values) => values.Select(v => (long)v).ToArray();

    [Fact]
    public void TeacherForcedPassAndPartsMatch()
    {
        var model = Model();
        int batch = Questions.Length,
            steps = 3;
        var question = model.QuestionTokens(Questions);
        var decoderTokens = new[] { 12, 1, 2, 12, 10, 10, 12, 0, 13 };
        using var noGrad = Tape.NoGrad();
        var encoded = model.Encode(question, batch);
        var (encodedH, encodedC) = (encoded.H.ToArray(), encoded.C!.ToArray());
        var (logits, state) = model.Decode(decoderTokens, batch, encoded);

        var bytes = OnnxExport.ToBytes(new CharSeq2SeqExport(model));
        var whole = Run(
            bytes,
            new Feed("question", Longs(question), [batch, model.QuestionLength]),
            new Feed("decoder_tokens", Longs(decoderTokens), [batch, steps])
        );
        AssertClose(
            "logits",
            whole["logits"].Values,
            logits.Span,
            whole["logits"].Shape,
            [batch, steps, CharSeq2Seq.Alphabet.Length]
        );
        AssertClose("h_n", whole["h_n"].Values, state.H.Span);
        AssertClose("c_n", whole["c_n"].Values, state.C!.Span);
        var metadata = Metadata(bytes);
        Assert.Equal(CharSeq2Seq.Alphabet, metadata["alphabet"]);
        Assert.Equal("12", metadata["start_token"]);

        var parts = new CharSeq2SeqExport(model).OnnxParts.ToDictionary(p => p.Part, p => OnnxExport.ToBytes(p.Graph));
        var encoder = Run(parts["encoder"], new Feed("question", Longs(question), [batch, model.QuestionLength]));
        AssertClose("encoder h_n", encoder["h_n"].Values, encodedH, encoder["h_n"].Shape, [1, batch, Hidden]);
        AssertClose("encoder c_n", encoder["c_n"].Values, encodedC);
        var decoder = Run(
            parts["decoder"],
            new Feed("tokens", Longs(decoderTokens), [batch, steps]),
            new Feed("h0", encodedH, [1, batch, Hidden]),
            new Feed("c0", encodedC, [1, batch, Hidden])
        );
        AssertClose("decoder logits", decoder["logits"].Values, logits.Span);
        AssertClose("decoder h_n", decoder["h_n"].Values, state.H.Span);
    }

    [Fact]
    public void GreedyDecodingWithTheExportedPartsGivesTheModelsAnswers()
    {
        var model = Model();
        var parts = new CharSeq2SeqExport(model).OnnxParts.ToDictionary(p => p.Part, p => OnnxExport.ToBytes(p.Graph));
        int batch = Questions.Length,
            vocabulary = CharSeq2Seq.Alphabet.Length;
        var state = Run(
            parts["encoder"],
            new Feed("question", Longs(model.QuestionTokens(Questions)), [batch, model.QuestionLength])
        );
        float[] h = state["h_n"].Values,
            c = state["c_n"].Values;
        var previous = Enumerable.Repeat(12L, batch).ToArray();
        var answers = Enumerable.Range(0, batch).Select(_ => "").ToArray();
        var done = new bool[batch];
        for (int t = 0; t <= model.AnswerLength; t++)
        {
            var step = Run(
                parts["decoder"],
                new Feed("tokens", previous, [batch, 1]),
                new Feed("h0", h, [1, batch, Hidden]),
                new Feed("c0", c, [1, batch, Hidden])
            );
            for (int b = 0; b < batch; b++)
            {
                var row = step["logits"].Values.AsSpan(b * vocabulary, vocabulary);
                previous[b] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
                if (done[b])
                    continue;
                if (previous[b] == 13)
                    done[b] = true;
                else
                    answers[b] += CharSeq2Seq.Alphabet[(int)previous[b]];
            }
            (h, c) = (step["h_n"].Values, step["c_n"].Values);
        }

        Assert.Equal(model.Greedy(Questions), answers);
    }
}
