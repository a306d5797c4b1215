using Recurrent.Bench.Harness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>TorchSharp's side of <see cref="LstmSamplingSpec"/>: under <c>no_grad</c>, one <c>LSTM.forward</c> per
/// token
/// on a <c>[1, 1, H]</c> input with the state carried, softmax, <c>multinomial</c>, and the token read back to
/// .NET.</summary>
internal sealed class TorchSharpLstmSampling : IBenchWorkload
{
    private readonly LstmSamplingSpec _spec;
    private readonly Embedding _embedding;
    private readonly LSTM _lstm;
    private readonly Linear _head;

    /// <summary>Builds the model with PyTorch's default initialisation.</summary>
    public TorchSharpLstmSampling(LstmSamplingSpec spec)
    {
        _spec = spec;
        _embedding = nn.Embedding(spec.Vocabulary, spec.Hidden);
        _lstm = nn.LSTM(spec.Hidden, spec.Hidden, numLayers: spec.Layers, batchFirst: true);
        _head = nn.Linear(spec.Hidden, spec.Vocabulary);
        _embedding.eval();
        _lstm.eval();
        _head.eval();
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Tokens;

    /// <inheritdoc />
    public void Run()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var h = zeros(_spec.Layers, 1, _spec.Hidden);
        var c = zeros(_spec.Layers, 1, _spec.Hidden);
        long token = 0;
        for (int t = 0; t < _spec.Tokens; t++)
        {
            using var step = NewDisposeScope();
            var input = tensor(new[] { token }, [1, 1]);
            var (output, nextH, nextC) = _lstm.forward(_embedding.forward(input), (h, c));
            var probabilities = _head.forward(output).reshape(1, _spec.Vocabulary).softmax(-1);
            token = multinomial(probabilities, 1).item<long>();
            h.Dispose();
            c.Dispose();
            h = nextH.MoveToOuterDisposeScope();
            c = nextC.MoveToOuterDisposeScope();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _embedding.Dispose();
        _lstm.Dispose();
        _head.Dispose();
    }
}
