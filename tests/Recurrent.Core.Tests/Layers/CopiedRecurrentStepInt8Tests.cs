using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

public class CopiedRecurrentStepInt8Tests
{
    public static TheoryData<CellKind> Cells() => new() { CellKind.Lstm, CellKind.Gru, CellKind.Rnn };

    // Every weight becomes k * s_r with k an integer in [-127, 127] and one k = 127 per row, so that int8 holds the
    // weights exactly and only the order of the float sums can differ from the float step.
    private static void MakeExactlyQuantisable(Tensor weight, int columns)
    {
        var w = weight.Span;
        for (int r = 0; r < w.Length / columns; r++)
        {
            var row = w.Slice(r * columns, columns);
            float scale = 0.002f * (1 + r % 5);
            for (int c = 0; c < columns; c++)
                row[c] = Math.Clamp(MathF.Round(row[c] * 127 / 0.5f), -127f, 127f) * scale;
            row[r % columns] = 127 * scale;
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void WithWeightsInt8HoldsExactlyItMatchesTheFloatStep(CellKind kind)
    {
        int batch = 3,
            inputs = 5,
            hidden = 20;
        var layer = RecurrentLayer.Create(kind, inputs, hidden, numLayers: 2, rng: new RandomGenerator(11));
        for (int l = 0; l < layer.NumLayers; l++)
        {
            MakeExactlyQuantisable(layer.Cell(l).WeightIH, layer.Cell(l).InputSize);
            MakeExactlyQuantisable(layer.Cell(l).WeightHH, hidden);
        }
        var quantised = CopiedRecurrentStep.Int8(layer);
        using var floatState = layer.ZeroState(batch);
        using var int8State = layer.ZeroState(batch);
        var x = Tensor.Zeros(batch, inputs);
        var floatOutput = Tensor.Zeros(batch, hidden);
        var int8Output = Tensor.Zeros(batch, hidden);
        var random = new Random(4);
        for (int t = 0; t < 6; t++)
        {
            for (int i = 0; i < batch * inputs; i++)
                x.Span[i] = (float)(2 * random.NextDouble() - 1);
            layer.Step(x, floatState, floatOutput);
            quantised.Step(x, int8State, int8Output);

            Assert.Equal(floatOutput.ToArray(), int8Output.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        }
        Assert.Equal(floatState.H.ToArray(), int8State.H.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        if (floatState.C is not null)
            Assert.Equal(floatState.C.ToArray(), int8State.C!.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void StepAllocatesNothing()
    {
        var layer = new LstmLayer(16, 64, numLayers: 2, rng: new RandomGenerator(3));
        var quantised = CopiedRecurrentStep.Int8(layer);
        using var state = layer.ZeroState(1);
        var x = Tensor.Zeros(1, 16);
        var y = Tensor.Zeros(1, 64);
        quantised.Step(x, state, y);

        Assert.Equal(
            0,
            ThreadAllocations.Fewest(() =>
            {
                for (int i = 0; i < 100; i++)
                    quantised.Step(x, state, y);
            })
        );
    }

    [Fact]
    public void ABidirectionalLayerOrAWrongStateIsRefused()
    {
        var bidirectional = new LstmLayer(4, 8, bidirectional: true, rng: new RandomGenerator(1));
        Assert.Throws<InvalidOperationException>(() => CopiedRecurrentStep.Int8(bidirectional));

        var layer = new GruLayer(4, 8, numLayers: 2, rng: new RandomGenerator(1));
        using var state = layer.ZeroState(1);
        var e = Assert.Throws<ShapeMismatchException>(() =>
            CopiedRecurrentStep.Int8(layer).Step(Tensor.Zeros(1, 3), state, Tensor.Zeros(1, 8))
        );
        Assert.Contains("expects input [B, 4]", e.Message);
    }
}
