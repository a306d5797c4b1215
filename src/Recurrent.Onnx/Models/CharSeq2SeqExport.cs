using Recurrent.Models.Seq2Seq;

namespace Recurrent.Onnx.Models;

/// <summary>
/// A <see cref="CharSeq2Seq"/> as ONNX. The whole teacher-forced pass is one graph: <c>question</c> int64
/// <c>[batch, question_steps]</c> (see <see cref="CharSeq2Seq.QuestionTokens"/>) and <c>decoder_tokens</c> int64
/// <c>[batch, steps]</c> to <c>logits</c>, <c>probabilities</c> <c>[batch, steps, V]</c> and the decoder's
/// <c>h_n</c>, <c>c_n</c>. Decoding uses <see cref="OnnxParts"/> instead.
/// </summary>
public sealed class CharSeq2SeqExport(CharSeq2Seq model) : IOnnxExportableParts
{
    /// <summary>The model to export.</summary>
    public CharSeq2Seq Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <inheritdoc />
    public string OnnxGraphName => "char_seq2seq";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var (h, c) = DescribeEncoder(graph);
        var tokens = graph.Input("decoder_tokens", OnnxElementType.Int64, OnnxDim.Batch, OnnxDim.Steps);
        DescribeDecoder(graph, tokens, h, c);
    }

    /// <summary>
    /// <c>encoder</c>: <c>question</c> to <c>h_n</c>, <c>c_n</c> <c>[1, batch, H]</c>; <c>decoder</c>: <c>tokens</c>
    /// int64 <c>[batch, steps]</c>, <c>h0</c>, <c>c0</c> to <c>logits</c>, <c>probabilities</c>, <c>h_n</c>,
    /// <c>c_n</c>, one step at a time when decoding greedily or by beam search.
    /// </summary>
    public IReadOnlyList<(string Part, IOnnxExportable Graph)> OnnxParts =>
        [("encoder", new OnnxGraphPart("seq2seq_encoder", graph =>
                {
                    var (h, c) = DescribeEncoder(graph);
                    graph.Output("h_n", h);
                    graph.Output("c_n", c);
                })), ("decoder", new OnnxGraphPart("seq2seq_decoder", graph =>
                {
                    var tokens = graph.Input("tokens", OnnxElementType.Int64, OnnxDim.Batch, OnnxDim.Steps);
                    OnnxDim[] state = [1, OnnxDim.Batch, Model.HiddenSize];
                    DescribeDecoder(
                        graph,
                        tokens,
                        graph.Input("h0", OnnxElementType.Float, state),
                        graph.Input("c0", OnnxElementType.Float, state)
                    );
                }))];

    private (OnnxValue H, OnnxValue C) DescribeEncoder(OnnxGraph graph)
    {
        var question = graph.Input("question", OnnxElementType.Int64, OnnxDim.Batch, OnnxDim.Dynamic("question_steps"));
        var embedded = graph.Embedding(Model.Embedding, question, "embedding");
        var encoded = graph.Recurrent(Model.Encoder, embedded, prefix: "encoder.");
        DescribeMetadata(graph);
        return (encoded.H, encoded.C!);
    }

    private void DescribeDecoder(OnnxGraph graph, OnnxValue tokens, OnnxValue h0, OnnxValue c0)
    {
        var embedded = graph.Embedding(Model.Embedding, tokens, "embedding");
        var decoded = graph.Recurrent(Model.Decoder, embedded, initialH: h0, initialC: c0, prefix: "decoder.");
        var logits = graph.Linear(Model.Head, decoded.Output, "head");
        graph.Output("logits", logits);
        graph.Output("probabilities", graph.Softmax(logits));
        graph.Output("h_n", decoded.H);
        graph.Output("c_n", decoded.C!);
        DescribeMetadata(graph);
    }

    private void DescribeMetadata(OnnxGraph graph)
    {
        foreach (var (key, value) in Model.Config.ToMetadata())
            graph.Metadata[key] = value;
    }
}
