using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Layers;

/// <summary>
/// Finite-difference checks, in double, of the fused BPTT of every cell: the gradients of the input, the initial
/// state and every parameter, through the outputs and through the final state, with and without lengths.
/// </summary>
public class RecurrentGradientTests
{
    // Five rows: more than the GEMM's small-row limit, so the packed recurrent weight is exercised too.
    private const int Batch = 5,
        Steps = 4,
        Inputs = 3,
        Hidden = 4;

    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var cell in new[] { "rnn_tanh", "rnn_relu", "lstm", "gru" })
        {
            data.Add(cell, false, false);
            data.Add(cell, true, true);
        }
        return data;
    }

    public enum Target
    {
        Output,
        H,
        C,
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientThroughOutputsMatchesCentralDifferences(
        string cell,
        bool bidirectional,
        bool variableLengths
    ) => CheckLayer(cell, bidirectional, variableLengths, Target.Output);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientThroughFinalStateMatchesCentralDifferences(
        string cell,
        bool bidirectional,
        bool variableLengths
    )
    {
        CheckLayer(cell, bidirectional, variableLengths, Target.H);
        if (cell == "lstm")
            CheckLayer(cell, bidirectional, variableLengths, Target.C);
    }

    public static TheoryData<string> Cells() => ["rnn_tanh", "rnn_relu", "lstm", "gru"];

    // PyTorch's bias=False: the layer has only its weights, and the gradients match a reference with zero biases.
    [Theory]
    [MemberData(nameof(Cells))]
    public void WithoutBiasesTheGradientsMatchCentralDifferences(string cell)
    {
        var layer = MakeLayer(cell, bidirectional: true, bias: false);
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse"],
            layer.NamedParameters().Select(p => p.Name)
        );
        CheckLayer(cell, bidirectional: true, variableLengths: true, Target.Output, bias: false);
        CheckLayer(cell, bidirectional: true, variableLengths: true, cell == "lstm" ? Target.C : Target.H, bias: false);
    }

    // Weight drop: the same seed gives the same masks at every evaluation, so the reference recurrence runs on the
    // masked W_hh and the derivative with respect to the parameter itself carries the mask.
    [Theory]
    [MemberData(nameof(Cells))]
    public void WithWeightDropTheGradientsMatchCentralDifferencesThroughTheMasks(string cell)
    {
        CheckLayer(cell, bidirectional: true, variableLengths: true, Target.Output, weightDrop: 0.3f);
        CheckLayer(cell, bidirectional: false, variableLengths: false, Target.H, weightDrop: 0.5f);
    }

    [Fact]
    public void WeightDropActsOnlyInTrainingMode()
    {
        var layer = MakeLayer("lstm", bidirectional: false);
        var x = Tensor.FromArray(Enumerable.Range(0, Batch * Steps * Inputs).Select(i => MathF.Sin(i)).ToArray(), [
            Batch,
            Steps,
            Inputs,
        ]);
        layer.Eval();
        var plain = layer.Forward(x).Output.ToArray();
        layer.WeightDrop = 0.5f;
        Assert.Equal(plain, layer.Forward(x).Output.ToArray());
        layer.Train();
        Assert.NotEqual(plain, layer.Forward(x, null, null, new RandomGenerator(3)).Output.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.WeightDrop = 1f);
    }

    private static void CheckLayer(
        string cell,
        bool bidirectional,
        bool variableLengths,
        Target target,
        bool bias = true,
        float weightDrop = 0f
    )
    {
        var name =
            $"{cell} bidirectional={bidirectional} lengths={variableLengths} {target}{(bias ? "" : " bias=false")}"
            + (weightDrop > 0f ? $" weight_drop={weightDrop}" : "");
        var rng = RandomFor(name);
        int d = bidirectional ? 2 : 1;
        bool lstm = cell == "lstm";
        int[]? lengths = variableLengths ? [Steps, 1, 3, 2, Steps] : null;
        var layer = MakeLayer(cell, bidirectional, bias: bias);
        layer.WeightDrop = weightDrop;
        int perDirection = bias ? 4 : 2,
            gates = CellKinds.Parse(cell).GateCount() * Hidden;
        const ulong maskSeed = 11;
        var maskRandom = new RandomGenerator(maskSeed);
        float[] Ones() => Enumerable.Repeat(1f, gates * Hidden).ToArray();
        var masks = Enumerable
            .Range(0, d)
            .Select(_ =>
                weightDrop > 0f
                    ? Ops.Dropout(Tensor.FromArray(Ones(), gates, Hidden), weightDrop, maskRandom).ToArray()
                    : Ones()
            )
            .ToArray();

        var inputs = new List<Input> { RandomInput(rng, [Batch, Steps, Inputs]), RandomInput(rng, [d, Batch, Hidden]) };
        if (lstm)
            inputs.Add(RandomInput(rng, [d, Batch, Hidden]));
        int firstParameter = inputs.Count;
        var parameters = layer.NamedParameters().Select(p => p.Value).ToArray();
        foreach (var p in parameters)
            inputs.Add(RandomInput(rng, p.Shape.ToArray(), -0.6, 0.6));

        Check(
            name,
            rng,
            [.. inputs],
            t =>
            {
                for (int k = 0; k < parameters.Length; k++)
                {
                    t[firstParameter + k].Span.CopyTo(parameters[k].Span);
                    // Sharing the gradient tensor makes the check read the gradient our layer accumulates.
                    parameters[k].Grad = t[firstParameter + k].Grad = Tensor.ZerosLike(parameters[k]);
                }
                var (output, state) = layer.Forward(
                    t[0],
                    new RecurrentState(t[1], lstm ? t[2] : null),
                    lengths,
                    new RandomGenerator(maskSeed)
                );
                return target switch
                {
                    Target.Output => output,
                    Target.H => state.H,
                    _ => state.C!,
                };
            },
            v =>
            {
                var weights = new ReferenceRecurrence.Weights[d];
                for (int dir = 0; dir < d; dir++)
                {
                    int k = firstParameter + perDirection * dir;
                    var hh = v[k + 1].Select((w, i) => w * masks[dir][i]).ToArray();
                    weights[dir] = bias
                        ? new(v[k], hh, v[k + 2], v[k + 3])
                        : new(v[k], hh, new double[gates], new double[gates]);
                }
                var (output, h, c) = ReferenceRecurrence.Run(
                    cell,
                    weights,
                    v[0],
                    v[1],
                    lstm ? v[2] : [],
                    Batch,
                    Steps,
                    Inputs,
                    Hidden,
                    lengths
                );
                return target switch
                {
                    Target.Output => output,
                    Target.H => h,
                    _ => c,
                };
            }
        );
    }

    internal static RecurrentLayer MakeLayer(
        string cell,
        bool bidirectional,
        int layers = 1,
        int inputs = Inputs,
        int hidden = Hidden,
        ulong seed = 7,
        bool bias = true
    ) =>
        RecurrentLayer.Create(
            CellKinds.Parse(cell),
            inputs,
            hidden,
            layers,
            bias,
            bidirectional: bidirectional,
            nonlinearity: CellKinds.Nonlinearity(cell),
            rng: new RandomGenerator(seed)
        );
}
