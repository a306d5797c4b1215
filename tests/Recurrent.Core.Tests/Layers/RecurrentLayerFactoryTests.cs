using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>
/// <see cref="RecurrentLayer.Create"/> and <see cref="CellKinds"/>, and PyTorch's <c>bias=False</c> beyond the
/// gradient check: the state dict and the allocation-free step.
/// </summary>
public class RecurrentLayerFactoryTests
{
    [Theory]
    [InlineData("lstm", CellKind.Lstm, typeof(LstmLayer), 4)]
    [InlineData("gru", CellKind.Gru, typeof(GruLayer), 3)]
    [InlineData("rnn", CellKind.Rnn, typeof(RnnLayer), 1)]
    [InlineData("RNN_RELU", CellKind.Rnn, typeof(RnnLayer), 1)]
    public void EachNameGivesItsKindAndLayer(string name, CellKind kind, Type type, int gates)
    {
        Assert.Equal(kind, CellKinds.Parse(name));
        Assert.Equal(gates, kind.GateCount());
        Assert.Equal(kind, CellKinds.FromGateCount(gates));
        Assert.Equal(kind, CellKinds.Parse(kind.Name()));
        var layer = RecurrentLayer.Create(
            kind,
            3,
            5,
            numLayers: 2,
            bidirectional: true,
            nonlinearity: CellKinds.Nonlinearity(name),
            rng: new RandomGenerator(1)
        );
        Assert.IsType(type, layer);
        Assert.Equal(kind, layer.Kind);
        Assert.Equal([gates * 5, 3], layer.Cell(0).WeightIH.Shape.ToArray());
        Assert.Equal([gates * 5, 10], layer.Cell(1, reverse: true).WeightIH.Shape.ToArray());
        if (layer is RnnLayer rnn)
            Assert.Equal(
                name.Contains("relu", StringComparison.OrdinalIgnoreCase) ? RnnNonlinearity.Relu : RnnNonlinearity.Tanh,
                rnn.Nonlinearity
            );
    }

    [Fact]
    public void TheNamesCheckpointsWriteAreTheOnesTheyAlwaysWrote() =>
        Assert.Equal(["lstm", "gru", "rnn"], Enum.GetValues<CellKind>().Select(k => k.Name()));

    [Fact]
    public void AnUnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<FormatException>(() => CellKinds.Parse("transformer"));
        Assert.Contains("'transformer'", e.Message);
        Assert.Contains("lstm, gru, rnn", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CellKinds.FromGateCount(2));
    }

    [Fact]
    public void TheConstructorsTakePyTorchsOrder()
    {
        // nn.LSTM(10, 20, 2, True, True, 0.5, True): bias, batch_first, dropout, bidirectional.
        var lstm = new LstmLayer(10, 20, 2, false, false, 0.5f, true);
        Assert.False(lstm.Bias);
        Assert.False(lstm.BatchFirst);
        Assert.Equal(0.5f, lstm.Dropout);
        Assert.True(lstm.Bidirectional);
        var rnn = new RnnLayer(10, 20, 1, RnnNonlinearity.Relu, bias: false);
        Assert.Equal(RnnNonlinearity.Relu, rnn.Nonlinearity);
        Assert.True(new GruLayer(4, 5).BatchFirst);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void WithoutBiasesTheStateDictHasOnlyWeightsAndStepMatchesForward(string cell)
    {
        var layer = RecurrentLayer.Create(
            CellKinds.Parse(cell),
            3,
            4,
            numLayers: 2,
            bias: false,
            rng: new RandomGenerator(5)
        );
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "weight_ih_l1", "weight_hh_l1"],
            layer.NamedState().Select(p => p.Name)
        );
        Assert.All(Enumerable.Range(0, 2), l => Assert.Null(layer.Cell(l).BiasIH));
        layer.Eval();
        var rng = new RandomGenerator(6);
        var x = Tensor.Zeros(2, 3, 3);
        rng.FillUniform(x.Span, -1f, 1f);
        var (output, _) = layer.Forward(x);

        var state = layer.ZeroState(2);
        var y = Tensor.Zeros(2, 4);
        for (int t = 0; t < 3; t++)
        {
            var xt = Tensor.Zeros(2, 3);
            for (int b = 0; b < 2; b++)
                x.Span.Slice((b * 3 + t) * 3, 3).CopyTo(xt.Span.Slice(b * 3, 3));
            layer.Step(xt, state, y);
            for (int b = 0; b < 2; b++)
                for (int j = 0; j < 4; j++)
                    Assert.Equal(output.Span[(b * 3 + t) * 4 + j], y.Span[b * 4 + j], 5);
        }
    }

    [Fact]
    public void AForgetGateBiasNeedsBiases()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new LstmLayer(3, 4, bias: false).SetForgetGateBias(1f));
        Assert.Contains("bias: false", e.Message);
    }
}
