using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// A small model made of Ops.MatMul and dropout that carries a state from batch to batch (its tanh activations feed
/// the next batch's input), so that the trainer's tests exercise parameters, optimiser buffers, the random generator
/// and carried state together: <c>loss = mean_b (dropout((x + h/2) W) v)</c>.
/// </summary>
internal sealed class TinyRecurrentModel : Module, ITrainable<IReadOnlyList<float[]>>, ICarriedState
{
    public const int Features = 4;
    private Tensor? _carried;

    public TinyRecurrentModel(ulong seed)
    {
        W = RegisterModule("encoder", new Matrix(Features, Features)).Weight;
        V = RegisterModule("decoder", new Matrix(Features, 1)).Weight;
        var rng = new RandomGenerator(seed);
        rng.FillNormal(W.Span, 0, 0.5f);
        rng.FillNormal(V.Span, 0, 0.5f);
    }

    public Tensor W { get; }

    public Tensor V { get; }

    public Tensor Loss(IReadOnlyList<float[]> batch, TrainingContext context)
    {
        int b = batch.Count;
        var x = Tensor.Zeros(b, Features);
        for (int i = 0; i < b; i++)
            for (int j = 0; j < Features; j++)
                x.Span[i * Features + j] =
                    batch[i][j]
                    + (_carried is not null && i < _carried.Dim(0) ? 0.5f * _carried.Span[i * Features + j] : 0f);
        var y = Ops.MatMul(x, W);
        if (context.IsTraining)
            y = Ops.Dropout(y, 0.25f, context.Random);
        if (context.IsTraining)
        {
            _carried?.Dispose();
            _carried = Tensor.Zeros(b, Features);
            for (int i = 0; i < _carried.Length; i++)
                _carried.Span[i] = MathF.Tanh(y.Span[i]);
        }
        var z = Ops.MatMul(y, V);
        var mean = Tensor.Zeros(1, b);
        mean.Span.Fill(1f / b);
        return Ops.MatMul(mean, z);
    }

    public void ResetCarriedState()
    {
        _carried?.Dispose();
        _carried = null;
    }

    public IReadOnlyList<(string Name, Tensor Value)> SaveCarriedState() =>
        _carried is null ? [] : [("h", _carried.Clone())];

    public void LoadCarriedState(IReadOnlyList<(string Name, Tensor Value)> state) =>
        _carried = state.Single(s => s.Name == "h").Value.Clone();

    public static ListBatchSource<float[]> Data(int samples = 40, int batchSize = 5)
    {
        var rng = new RandomGenerator(77);
        var items = Enumerable
            .Range(0, samples)
            .Select(_ =>
            {
                var v = new float[Features];
                rng.FillNormal(v, 0, 1);
                return v;
            })
            .ToArray();
        return new ListBatchSource<float[]>(items, batchSize, validationFraction: 0.2, shuffle: true, seed: 5);
    }

    // A bare weight matrix, so that the parameters are named encoder.weight and decoder.weight as in a real model.
    private sealed class Matrix : Module
    {
        public Matrix(int rows, int columns) => Weight = Parameter("weight", rows, columns);

        public Tensor Weight { get; }
    }
}
