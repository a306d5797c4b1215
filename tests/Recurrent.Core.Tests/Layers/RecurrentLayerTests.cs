using Recurrent.Autograd;
using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;
using static Recurrent.Tests.Layers.RecurrentGradientTests;

namespace Recurrent.Tests.Layers;

/// <summary>
/// The driver's behaviour: the fused kernel against the plain step, the step API, lengths, carried state, init.
/// </summary>
public class RecurrentLayerTests
{
    public static TheoryData<string> Cells() => new() { "rnn_tanh", "rnn_relu", "lstm", "gru" };

    private static Tensor RandomTensor(Random rng, params int[] shape)
    {
        var input = RandomInput(rng, shape, requiresGrad: false);
        return Tensor.FromArray(input.Values, shape);
    }

    private static void Close(
        string what,
        ReadOnlySpan<float> actual,
        ReadOnlySpan<float> expected,
        double tolerance = 1e-5
    ) =>
        AssertClose(
            what,
            actual.ToArray().Select(v => (double)v).ToArray(),
            expected.ToArray().Select(v => (double)v).ToArray(),
            tolerance
        );

    public static TheoryData<string, bool> CellsAndBatchSizes()
    {
        var data = new TheoryData<string, bool>();
        foreach (var cell in new[] { "rnn_tanh", "rnn_relu", "lstm", "gru" })
        {
            data.Add(cell, false);
            data.Add(cell, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CellsAndBatchSizes))]
    public void FusedSequenceKernelMatchesThePlainCellStep(string cellName, bool batchLargeEnoughToSplit)
    {
        var rng = RandomFor($"fused{cellName}{batchLargeEnoughToSplit}");
        int steps = 6,
            inputs = 5,
            hidden = batchLargeEnoughToSplit ? 64 : 7;
        int gates = cellName switch
        {
            "lstm" => 4,
            "gru" => 3,
            _ => 1,
        };
        int batch = batchLargeEnoughToSplit ? 2 * RecurrentSequence.GateValuesPerThread / (gates * hidden) + 3 : 3;
        var layer = MakeLayer(cellName, false, 1, inputs, hidden);
        var cell = layer.Cell(0);
        var x = RandomTensor(rng, batch, steps, inputs);
        var initial = layer.ZeroState(batch);
        RandomTensor(rng, 1, batch, hidden).Span.CopyTo(initial.H.Span);
        if (initial.C is not null)
            RandomTensor(rng, 1, batch, hidden).Span.CopyTo(initial.C.Span);

        var (output, state) = layer.Forward(x, initial);

        var h = initial.H.ToArray();
        var c = initial.C?.ToArray() ?? [];
        var hNext = new float[h.Length];
        var cNext = new float[c.Length];
        var xt = new float[batch * inputs];
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
                x.Span.Slice((b * steps + t) * inputs, inputs).CopyTo(xt.AsSpan(b * inputs));
            cell.Step(xt, h, c, hNext, cNext, batch);
            (h, hNext) = (hNext, h);
            (c, cNext) = (cNext, c);
            for (int b = 0; b < batch; b++)
                Close(
                    $"{cellName} step {t} row {b}",
                    output.Span.Slice((b * steps + t) * hidden, hidden),
                    h.AsSpan(b * hidden, hidden)
                );
        }
        Close($"{cellName} final h", state.H.Span, h);
        if (state.C is not null)
            Close($"{cellName} final c", state.C.Span, c);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void StepApiMatchesTheSequenceForward(string cellName)
    {
        var rng = RandomFor("step" + cellName);
        int batch = 2,
            steps = 5,
            inputs = 4,
            hidden = 6;
        var layer = MakeLayer(cellName, false, 2, inputs, hidden);
        var x = RandomTensor(rng, batch, steps, inputs);
        var (output, final) = layer.Forward(x);

        using var state = layer.ZeroState(batch);
        var xt = Tensor.Zeros(batch, inputs);
        var yt = Tensor.Zeros(batch, hidden);
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
                x.Span.Slice((b * steps + t) * inputs, inputs).CopyTo(xt.Span.Slice(b * inputs, inputs));
            layer.Step(xt, state, yt);
            for (int b = 0; b < batch; b++)
                Close(
                    $"{cellName} step {t}",
                    yt.Span.Slice(b * hidden, hidden),
                    output.Span.Slice((b * steps + t) * hidden, hidden)
                );
        }
        Close($"{cellName} final h", state.H.Span, final.H.Span);
        if (final.C is not null)
            Close($"{cellName} final c", state.C!.Span, final.C.Span);
    }

    [Fact]
    public void StepAllocatesNothing()
    {
        var layer = new LstmLayer(16, 64, numLayers: 2, rng: new RandomGenerator(3));
        using var state = layer.ZeroState(1);
        var x = Tensor.Zeros(1, 16);
        var y = Tensor.Zeros(1, 64);
        for (int i = 0; i < 10; i++)
            layer.Step(x, state, y);
        long allocated = ThreadAllocations.Fewest(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                x.Span[i % 16] = 0.01f * (i % 7);
                layer.Step(x, state, y);
            }
        });
        Assert.True(allocated < 1000, $"1000 steps allocated {allocated} bytes; a step should allocate nothing.");
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn_tanh")]
    public void BatchMixingLengthsGivesEachSequenceWhatItGetsAlone(string cellName)
    {
        var rng = RandomFor("mixed" + cellName);
        int steps = 5,
            inputs = 3,
            hidden = 4,
            layers = 2;
        int[] lengths = [steps, 1, 3];
        int batch = lengths.Length,
            width = 2 * hidden;
        var layer = MakeLayer(cellName, true, layers, inputs, hidden);
        var x = RandomTensor(rng, batch, steps, inputs);
        var r = RandomTensor(rng, batch, steps, width);
        var s = RandomTensor(rng, 2 * layers, batch, hidden);
        x.RequiresGrad = true;

        float[] output,
            finalH,
            gradX;
        using (var tape = new Tape())
        {
            var (y, state) = layer.Forward(x, null, lengths);
            output = y.ToArray();
            finalH = state.H.ToArray();
            state.H.Grad = s.Clone();
            tape.Backward(y, r);
            gradX = x.Grad!.ToArray();
        }

        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            var alone = Tensor.FromArray(
                x.Span.Slice(b * steps * inputs, length * inputs).ToArray(),
                1,
                length,
                inputs
            );
            alone.RequiresGrad = true;
            var rAlone = Tensor.FromArray(r.Span.Slice(b * steps * width, length * width).ToArray(), 1, length, width);
            var sAlone = new float[2 * layers * hidden];
            for (int e = 0; e < 2 * layers; e++)
                s.Span.Slice((e * batch + b) * hidden, hidden).CopyTo(sAlone.AsSpan(e * hidden));
            using var tape = new Tape();
            var (y, state) = layer.Forward(alone);
            Close($"sequence {b} output", output.AsSpan(b * steps * width, length * width), y.Span);
            Assert.All(output.AsSpan((b * steps + length) * width, (steps - length) * width).ToArray(), v =>
                Assert.Equal(0f, v)
            );
            for (int e = 0; e < 2 * layers; e++)
                Close(
                    $"sequence {b} final h {e}",
                    finalH.AsSpan((e * batch + b) * hidden, hidden),
                    state.H.Span.Slice(e * hidden, hidden)
                );
            state.H.Grad = Tensor.FromArray(sAlone, 2 * layers, 1, hidden);
            tape.Backward(y, rAlone);
            Close(
                $"sequence {b} input gradient",
                gradX.AsSpan(b * steps * inputs, length * inputs),
                alone.Grad!.Span,
                1e-4
            );
            Assert.All(gradX.AsSpan((b * steps + length) * inputs, (steps - length) * inputs).ToArray(), v =>
                Assert.Equal(0f, v)
            );
        }
    }

    // A batch this large is cut into parts of rows that the threads carry through all the steps on their own; one
    // sequence at a time takes the per-step path. Both must give the same outputs and gradients.
    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn_tanh")]
    public void LargeBatchSplitAcrossThreadsMatchesEachSequenceAlone(string cellName)
    {
        var rng = RandomFor("rowparts" + cellName);
        int steps = 6,
            inputs = 3,
            hidden = 5,
            layers = 2,
            batch = 37;
        int[] lengths = [.. Enumerable.Range(0, batch).Select(b => 1 + b * 7 % steps)];
        var layer = MakeLayer(cellName, true, layers, inputs, hidden);
        var x = RandomTensor(rng, batch, steps, inputs);
        var r = RandomTensor(rng, batch, steps, 2 * hidden);
        x.RequiresGrad = true;

        float[] output,
            gradX;
        float[][] batchGrads;
        using (var tape = new Tape())
        {
            var (y, _) = layer.Forward(x, null, lengths);
            output = y.ToArray();
            tape.Backward(y, r);
            gradX = x.Grad!.ToArray();
            batchGrads = [.. layer.Parameters().Select(p => p.Grad!.ToArray())];
        }

        layer.ZeroGrad();
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            var alone = Tensor.FromArray(
                x.Span.Slice(b * steps * inputs, length * inputs).ToArray(),
                1,
                length,
                inputs
            );
            alone.RequiresGrad = true;
            var rAlone = Tensor.FromArray(
                r.Span.Slice(b * steps * 2 * hidden, length * 2 * hidden).ToArray(),
                1,
                length,
                2 * hidden
            );
            using var tape = new Tape();
            var (y, _) = layer.Forward(alone);
            Close($"sequence {b} output", output.AsSpan(b * steps * 2 * hidden, length * 2 * hidden), y.Span);
            tape.Backward(y, rAlone);
            Close(
                $"sequence {b} input gradient",
                gradX.AsSpan(b * steps * inputs, length * inputs),
                alone.Grad!.Span,
                1e-4
            );
        }
        var parameters = layer.Parameters().ToList();
        for (int i = 0; i < parameters.Count; i++)
            Close($"gradient of parameter {i}", batchGrads[i], parameters[i].Grad!.Span, 1e-4);
    }

    [Fact]
    public void CarriedDetachedStateContinuesTheSequence()
    {
        var rng = RandomFor("carried");
        int batch = 2,
            steps = 4,
            inputs = 3,
            hidden = 5;
        var layer = new LstmLayer(inputs, hidden, numLayers: 2, rng: new RandomGenerator(11));
        var whole = RandomTensor(rng, batch, 2 * steps, inputs);
        var (expected, expectedState) = layer.Forward(whole);

        var first = Tensor.Zeros(batch, steps, inputs);
        var second = Tensor.Zeros(batch, steps, inputs);
        for (int b = 0; b < batch; b++)
        {
            whole.Span.Slice(b * 2 * steps * inputs, steps * inputs).CopyTo(first.Span.Slice(b * steps * inputs));
            whole
                .Span.Slice((b * 2 + 1) * steps * inputs, steps * inputs)
                .CopyTo(second.Span.Slice(b * steps * inputs));
        }

        RecurrentState carried;
        using (var tape = new Tape())
        {
            var (_, state) = layer.Forward(first);
            carried = state.Detach();
        }
        Assert.False(carried.H.RequiresGrad);
        Assert.False(carried.C!.RequiresGrad);

        layer.ZeroGrad();
        using (var tape = new Tape())
        {
            var (y, state) = layer.Forward(second, carried);
            for (int b = 0; b < batch; b++)
                Close(
                    $"carried output {b}",
                    y.Span.Slice(b * steps * hidden, steps * hidden),
                    expected.Span.Slice((b * 2 + 1) * steps * hidden, steps * hidden)
                );
            Close("carried final h", state.H.Span, expectedState.H.Span);
            Close("carried final c", state.C!.Span, expectedState.C!.Span);
            tape.Backward(y, Tensor.Zeros(y.Shape.ToArray()));
        }
        Assert.Null(carried.H.Grad);
    }

    [Fact]
    public void BadInputsNameTheLayerAndTheShapes()
    {
        var layer = new LstmLayer(10, 20, rng: new RandomGenerator(1));
        const string name = "LstmLayer(input 10, hidden 20)";
        var x = Tensor.Zeros(3, 5, 10);

        var e = Assert.Throws<ShapeMismatchException>(() => layer.Forward(Tensor.Zeros(3, 5, 9)));
        Assert.Contains(name, e.Message);
        Assert.Contains("[3, 5, 9]", e.Message);
        Assert.Contains("10]", e.Message);

        var lengthsCount = Assert.ThrowsAny<ArgumentException>(() => layer.Forward(x, null, [5, 5]));
        Assert.Contains(name, lengthsCount.Message);
        Assert.Contains("2 entries", lengthsCount.Message);

        var zero = Assert.ThrowsAny<ArgumentException>(() => layer.Forward(x, null, [5, 0, 5]));
        Assert.Contains(name, zero.Message);
        Assert.Contains("lengths[1] = 0", zero.Message);

        var tooLong = Assert.ThrowsAny<ArgumentException>(() => layer.Forward(x, null, [5, 6, 5]));
        Assert.Contains(name, tooLong.Message);
        Assert.Contains("1..5", tooLong.Message);

        var state = new RecurrentState(Tensor.Zeros(1, 2, 20), Tensor.Zeros(1, 2, 20));
        var wrongState = Assert.Throws<ShapeMismatchException>(() => layer.Forward(x, state));
        Assert.Contains(name, wrongState.Message);
        Assert.Contains("[1, 3, 20]", wrongState.Message);
        Assert.Contains("[1, 2, 20]", wrongState.Message);

        var noCell = Assert.ThrowsAny<ArgumentException>(() =>
            layer.Forward(x, new RecurrentState(Tensor.Zeros(1, 3, 20)))
        );
        Assert.Contains(name, noCell.Message);

        var stepInput = Assert.Throws<ShapeMismatchException>(() =>
            layer.Step(Tensor.Zeros(3, 11), layer.ZeroState(3), Tensor.Zeros(3, 20))
        );
        Assert.Contains(name, stepInput.Message);
        Assert.Contains("[3, 11]", stepInput.Message);
    }

    [Fact]
    public void ParameterNamesAndShapesArePyTorchs()
    {
        var layer = new LstmLayer(10, 20, numLayers: 2, bidirectional: true, rng: new RandomGenerator(1));
        var names = layer.NamedParameters().Select(p => $"{p.Name} {Shape.Format(p.Value.Shape)}").ToArray();
        Assert.Equal(
            new[]
            {
                "weight_ih_l0 [80, 10]",
                "weight_hh_l0 [80, 20]",
                "bias_ih_l0 [80]",
                "bias_hh_l0 [80]",
                "weight_ih_l0_reverse [80, 10]",
                "weight_hh_l0_reverse [80, 20]",
                "bias_ih_l0_reverse [80]",
                "bias_hh_l0_reverse [80]",
                "weight_ih_l1 [80, 40]",
                "weight_hh_l1 [80, 20]",
                "bias_ih_l1 [80]",
                "bias_hh_l1 [80]",
                "weight_ih_l1_reverse [80, 40]",
                "weight_hh_l1_reverse [80, 20]",
                "bias_ih_l1_reverse [80]",
                "bias_hh_l1_reverse [80]",
            },
            names
        );
        Assert.All(layer.NamedParameters(), p => Assert.Equal(p.Name, p.Value.Name));
    }

    [Fact]
    public void InitialisationFollowsPyTorchAndTheOptions()
    {
        int hidden = 16;
        var layer = new LstmLayer(8, hidden, rng: new RandomGenerator(5));
        float bound = 1f / MathF.Sqrt(hidden);
        Assert.All(layer.Parameters(), p => Assert.All(p.ToArray(), v => Assert.InRange(v, -bound, bound)));
        Assert.True(layer.Parameters().SelectMany(p => p.ToArray()).Max() > 0.9f * bound);

        layer.InitOrthogonalRecurrent(new RandomGenerator(6));
        var w = layer.Cell(0).WeightHH.ToArray();
        for (int gate = 0; gate < 4; gate++)
            for (int i = 0; i < hidden; i++)
                for (int j = 0; j < hidden; j++)
                {
                    double dot = 0;
                    for (int k = 0; k < hidden; k++)
                        dot += w[(gate * hidden + i) * hidden + k] * w[(gate * hidden + j) * hidden + k];
                    Assert.Equal(i == j ? 1.0 : 0.0, dot, 1e-5);
                }

        layer.SetForgetGateBias(1f);
        var cell = layer.Cell(0);
        for (int j = 0; j < hidden; j++)
            Assert.Equal(1f, cell.BiasIH!.Span[hidden + j] + cell.BiasHH!.Span[hidden + j]);
    }

    [Fact]
    public void DropoutActsBetweenLayersInTrainingOnly()
    {
        var rng = RandomFor("dropout");
        var x = RandomTensor(rng, 2, 4, 3);
        var withDropout = new GruLayer(3, 5, numLayers: 2, dropout: 0.5f, rng: new RandomGenerator(9));
        var without = new GruLayer(3, 5, numLayers: 2, rng: new RandomGenerator(9));
        var reference = without.Forward(x).Output.ToArray();

        withDropout.Eval();
        Assert.Equal(reference, withDropout.Forward(x).Output.ToArray());
        withDropout.Train();
        Assert.NotEqual(reference, withDropout.Forward(x).Output.ToArray());
    }

    [Fact]
    public void TimeMajorLayoutMatchesBatchFirst()
    {
        var rng = RandomFor("timemajor");
        int batch = 2,
            steps = 3,
            inputs = 4,
            hidden = 5;
        var batchFirst = new GruLayer(inputs, hidden, 2, bidirectional: true, rng: new RandomGenerator(4));
        var timeMajor = new GruLayer(
            inputs,
            hidden,
            2,
            bidirectional: true,
            batchFirst: false,
            rng: new RandomGenerator(4)
        );
        var x = RandomTensor(rng, batch, steps, inputs);
        var xt = Tensor.Zeros(steps, batch, inputs);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                x.Span.Slice((b * steps + t) * inputs, inputs).CopyTo(xt.Span.Slice((t * batch + b) * inputs));
        var y = batchFirst.Forward(x).Output;
        var yt = timeMajor.Forward(xt).Output;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                Close(
                    $"step {t}",
                    yt.Span.Slice((t * batch + b) * 2 * hidden, 2 * hidden),
                    y.Span.Slice((b * steps + t) * 2 * hidden, 2 * hidden)
                );
    }
}
