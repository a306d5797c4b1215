using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

public class CopiedRecurrentStepPanelsTests
{
    public static TheoryData<CellKind> Cells() => new() { CellKind.Lstm, CellKind.Gru, CellKind.Rnn };

    [Theory]
    [MemberData(nameof(Cells))]
    public void MatchesTheLayersOwnStep(CellKind kind)
    {
        int batch = 3,
            inputs = 5,
            hidden = 20;
        var layer = RecurrentLayer.Create(kind, inputs, hidden, numLayers: 2, rng: new RandomGenerator(11));
        var panels = CopiedRecurrentStep.Panels(layer);
        using var layerState = layer.ZeroState(batch);
        using var panelState = layer.ZeroState(batch);
        var x = Tensor.Zeros(batch, inputs);
        var layerOutput = Tensor.Zeros(batch, hidden);
        var panelOutput = Tensor.Zeros(batch, hidden);
        var random = new Random(4);
        for (int t = 0; t < 6; t++)
        {
            for (int i = 0; i < batch * inputs; i++)
                x.Span[i] = (float)(2 * random.NextDouble() - 1);
            layer.Step(x, layerState, layerOutput);
            panels.Step(x, panelState, panelOutput);

            Assert.Equal(layerOutput.ToArray(), panelOutput.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        }
        Assert.Equal(layerState.H.ToArray(), panelState.H.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        if (layerState.C is not null)
            Assert.Equal(layerState.C.ToArray(), panelState.C!.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void StepAllocatesNothing()
    {
        var layer = new LstmLayer(16, 64, numLayers: 2, rng: new RandomGenerator(3));
        var panels = CopiedRecurrentStep.Panels(layer);
        using var state = layer.ZeroState(1);
        var x = Tensor.Zeros(1, 16);
        var y = Tensor.Zeros(1, 64);
        panels.Step(x, state, y);

        Assert.Equal(
            0,
            ThreadAllocations.Fewest(() =>
            {
                for (int i = 0; i < 100; i++)
                    panels.Step(x, state, y);
            })
        );
    }

    [Fact]
    public void ABidirectionalLayerIsRefused()
    {
        var bidirectional = new LstmLayer(4, 8, bidirectional: true, rng: new RandomGenerator(1));
        var e = Assert.Throws<InvalidOperationException>(() => CopiedRecurrentStep.Panels(bidirectional));
        Assert.Contains("bidirectional", e.Message);
    }
}
