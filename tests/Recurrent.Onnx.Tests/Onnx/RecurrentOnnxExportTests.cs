using Recurrent.Layers;
using Recurrent.Onnx;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;
using static Recurrent.Tests.Onnx.RecurrentExportCases;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// Every recurrent layer configuration exported to ONNX and run in ONNX Runtime gives what Forward gives.
/// </summary>
public class RecurrentOnnxExportTests
{
    public static TheoryData<string, int, bool, bool, bool> Configurations()
    {
        var data = new TheoryData<string, int, bool, bool, bool>();
        foreach (var cell in new[] { "rnn_tanh", "rnn_relu", "lstm", "gru" })
            foreach (int layers in new[] { 1, 2 })
                foreach (bool bidirectional in new[] { false, true })
                    foreach (bool lengths in new[] { false, true })
                        foreach (bool initialState in new[] { false, true })
                            data.Add(cell, layers, bidirectional, lengths, initialState);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void OnnxRuntimeMatchesForward(
        string cell,
        int layers,
        bool bidirectional,
        bool withLengths,
        bool withInitialState
    )
    {
        int batch = 3,
            steps = 5,
            inputs = 4,
            hidden = 6;
        var layer = MakeLayer(cell, inputs, hidden, layers, bidirectional, batchFirst: true, seed: 7);
        var rng = new RandomGenerator(11);
        var x = RandomValues(rng, batch * steps * inputs);
        int[]? lengths = withLengths ? [5, 2, 4] : null;
        int stateRows = layers * layer.Directions;
        var h0 = RandomValues(rng, stateRows * batch * hidden, 0.5f);
        var c0 = RandomValues(rng, stateRows * batch * hidden, 0.5f);
        RecurrentState? initial = withInitialState
            ? new RecurrentState(
                Tensor.FromArray(h0, stateRows, batch, hidden),
                layer.HasCellState ? Tensor.FromArray(c0, stateRows, batch, hidden) : null
            )
            : null;

        var (output, state) = layer.Forward(Tensor.FromArray(x, batch, steps, inputs), initial, lengths);

        var model = OnnxExport.ToBytes(
            new RecurrentStackExport(layer) { WithLengths = withLengths, WithInitialState = withInitialState }
        );
        var feeds = new List<Feed> { new("input", x, [batch, steps, inputs]) };
        if (lengths is not null)
            feeds.Add(new("lengths", lengths.Select(v => (long)v).ToArray(), [batch]));
        if (withInitialState)
        {
            feeds.Add(new("h0", h0, [stateRows, batch, hidden]));
            if (layer.HasCellState)
                feeds.Add(new("c0", c0, [stateRows, batch, hidden]));
        }
        var ort = Run(model, [.. feeds]);

        AssertClose("output", ort["output"].Values, output.Span, ort["output"].Shape, output.Shape.ToArray());
        AssertClose("h_n", ort["h_n"].Values, state.H.Span, ort["h_n"].Shape, state.H.Shape.ToArray());
        if (state.C is not null)
            AssertClose("c_n", ort["c_n"].Values, state.C.Span, ort["c_n"].Shape, state.C.Shape.ToArray());
        else
            Assert.False(ort.ContainsKey("c_n"));
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void TimeMajorLayerExportsWithoutTransposes(string cell)
    {
        int batch = 2,
            steps = 4,
            inputs = 3,
            hidden = 5;
        var layer = MakeLayer(cell, inputs, hidden, 2, bidirectional: true, batchFirst: false, seed: 3);
        var x = RandomValues(new RandomGenerator(5), steps * batch * inputs);

        var (output, state) = layer.Forward(Tensor.FromArray(x, steps, batch, inputs));
        var ort = Run(
            OnnxExport.ToBytes(new RecurrentStackExport(layer)),
            new Feed("input", x, [steps, batch, inputs])
        );

        AssertClose("output", ort["output"].Values, output.Span, ort["output"].Shape, output.Shape.ToArray());
        AssertClose("h_n", ort["h_n"].Values, state.H.Span);
    }

    [Fact]
    public void OneExportServesEveryBatchAndSequenceLength()
    {
        var layer = MakeLayer("lstm", 3, 4, 2, bidirectional: false, batchFirst: true, seed: 1);
        var model = OnnxExport.ToBytes(new RecurrentStackExport(layer));
        var rng = new RandomGenerator(2);
        foreach (var (batch, steps) in new[] { (1, 1), (4, 9), (2, 17) })
        {
            var x = RandomValues(rng, batch * steps * 3);
            var (output, _) = layer.Forward(Tensor.FromArray(x, batch, steps, 3));
            var ort = Run(model, new Feed("input", x, [batch, steps, 3]));
            AssertClose(
                $"output B={batch} T={steps}",
                ort["output"].Values,
                output.Span,
                ort["output"].Shape,
                output.Shape.ToArray()
            );
        }
    }

    [Fact]
    public void ModelRecordsTheLayerConfigurationAndOpset()
    {
        var layer = MakeLayer("gru", 3, 4, 2, bidirectional: true, batchFirst: true, seed: 1);
        var metadata = Metadata(OnnxExport.ToBytes(new RecurrentStackExport(layer)));
        Assert.Equal("gru", metadata["cell"]);
        Assert.Equal("2", metadata["num_layers"]);
        Assert.Equal("true", metadata["bidirectional"]);
        Assert.Equal(17, OnnxGraph.Opset);
    }

    [Fact]
    public void InitialStateOfTheWrongKindIsRefused()
    {
        var gru = MakeLayer("gru", 3, 4, 1, false, true, 1);
        var graph = new OnnxGraph("g");
        var x = graph.Input("x", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, 3);
        var h = graph.Input("h", OnnxElementType.Float, 1, OnnxDim.Batch, 4);
        var error = Assert.Throws<ArgumentException>(() => graph.Recurrent(gru, x, initialH: h, initialC: h));
        Assert.Contains("only an LSTM", error.Message);
        var wrongWidth = graph.Input("wide", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, 5);
        error = Assert.Throws<ArgumentException>(() => graph.Recurrent(gru, wrongWidth));
        Assert.Contains("[batch, steps, 5]", error.Message);
    }
}
