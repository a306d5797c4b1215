using Recurrent.Bench.Cases.RecurrentLayers;
using Recurrent.Layers;
using Recurrent.Onnx;
using Recurrent.Tensors;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// The character model of <see cref="LstmSamplingSpec"/> in Recurrent's layers, which our side steps and ONNX
/// Runtime's side exports: tokens and the state in, next-token probabilities and the state out.
/// </summary>
internal sealed class LstmSamplerModel : IOnnxExportable
{
    /// <summary>Builds the model with PyTorch's default initialisation.</summary>
    public LstmSamplerModel(LstmSamplingSpec spec)
    {
        var rng = new RandomGenerator(1);
        Embedding = new Embedding(spec.Vocabulary, spec.Hidden, rng);
        Lstm = new LstmLayer(spec.Hidden, spec.Hidden, spec.Layers, rng: rng);
        Head = new Linear(spec.Hidden, spec.Vocabulary, rng);
        Lstm.Eval();
    }

    /// <summary>The token embedding.</summary>
    public Embedding Embedding { get; }

    /// <summary>The recurrent stack.</summary>
    public LstmLayer Lstm { get; }

    /// <summary>The decoder to next-token logits.</summary>
    public Linear Head { get; }

    /// <inheritdoc />
    public string OnnxGraphName => "char_lstm";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        var tokens = graph.Input("tokens", OnnxElementType.Int64, OnnxDim.Batch, OnnxDim.Steps);
        OnnxDim[] state = [Lstm.NumLayers, OnnxDim.Batch, Lstm.HiddenSize];
        var h0 = graph.Input("h0", OnnxElementType.Float, state);
        var c0 = graph.Input("c0", OnnxElementType.Float, state);
        var rnn = graph.Recurrent(Lstm, graph.Embedding(Embedding, tokens), initialH: h0, initialC: c0);
        graph.Output("probabilities", graph.Softmax(graph.Linear(Head, rnn.Output, "decoder")));
        graph.Output("h_n", rnn.H);
        graph.Output("c_n", rnn.C!);
    }

    /// <summary>
    /// Draws an index from <paramref name="probabilities"/> with the uniform draw <paramref name="u"/> in [0, 1).
    /// </summary>
    public static int Draw(ReadOnlySpan<float> probabilities, float u)
    {
        float cumulative = 0f;
        for (int i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative)
                return i;
        }
        return probabilities.Length - 1;
    }
}
