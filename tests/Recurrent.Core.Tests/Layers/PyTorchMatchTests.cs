using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Layers;

/// <summary>
/// Our layers against PyTorch 1.13 on the committed fixtures: outputs and final states within 1e-5, and the
/// gradients of the input, the initial state and every parameter within 1e-4, for
/// loss = sum(output * R) + sum(h_n * S) [+ sum(c_n * U)].
/// </summary>
public class PyTorchMatchTests
{
    public static IEnumerable<object[]> Cases() => PyTorchFixture.Cases();

    internal static RecurrentLayer MakeLayer(PyTorchFixture f)
    {
        var config = f.Config;
        int input = config.GetProperty("input_size").GetInt32();
        int hidden = config.GetProperty("hidden_size").GetInt32();
        int layers = config.GetProperty("layers").GetInt32();
        bool bidirectional = config.GetProperty("bidirectional").GetBoolean();
        bool batchFirst = config.GetProperty("batch_first").GetBoolean();
        var rng = new RandomGenerator(1);
        string cell = config.GetProperty("cell").GetString()!;
        var layer = RecurrentLayer.Create(
            CellKinds.Parse(cell),
            input,
            hidden,
            layers,
            batchFirst: batchFirst,
            bidirectional: bidirectional,
            nonlinearity: CellKinds.Nonlinearity(cell),
            rng: rng
        );
        foreach (var (name, value) in layer.NamedParameters())
        {
            Assert.True(f.Has(name), $"{f.Name}: our parameter {name} is missing from PyTorch's state dict.");
            Assert.Equal(f.Shape(name), value.Shape.ToArray());
            f.Values(name).CopyTo(value.Span);
        }
        return layer;
    }

    internal static int[]? Lengths(PyTorchFixture f) =>
        f.Config.GetProperty("lengths").ValueKind == System.Text.Json.JsonValueKind.Null
            ? null
            : f.Config.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputsStatesAndGradientsMatchPyTorch(string name)
    {
        var f = PyTorchFixture.Load(name);
        var layer = MakeLayer(f);
        var x = Tensor.FromArray(f.Values("input"), f.Shape("input"));
        x.RequiresGrad = true;
        RecurrentState? initial = null;
        if (f.Has("h0"))
        {
            var h0 = Tensor.FromArray(f.Values("h0"), f.Shape("h0"));
            h0.RequiresGrad = true;
            Tensor? c0 = null;
            if (f.Has("c0"))
            {
                c0 = Tensor.FromArray(f.Values("c0"), f.Shape("c0"));
                c0.RequiresGrad = true;
            }
            initial = new RecurrentState(h0, c0);
        }

        using var tape = new Tape();
        var (output, state) = layer.Forward(x, initial, Lengths(f));
        Compare($"{name} output", output.ToArray(), f.Values("output"), 1e-5);
        Compare($"{name} h_n", state.H.ToArray(), f.Values("h_n"), 1e-5);
        if (f.Has("c_n"))
            Compare($"{name} c_n", state.C!.ToArray(), f.Values("c_n"), 1e-5);

        state.H.Grad = Tensor.FromArray(f.Values("S"), f.Shape("S"));
        if (f.Has("U"))
            state.C!.Grad = Tensor.FromArray(f.Values("U"), f.Shape("U"));
        tape.Backward(output, Tensor.FromArray(f.Values("R"), f.Shape("R")));

        Compare($"{name} grad input", x.Grad!.ToArray(), f.Values("grad.input"), 1e-4);
        if (initial is not null)
        {
            Compare($"{name} grad h0", initial.H.Grad!.ToArray(), f.Values("grad.h0"), 1e-4);
            if (initial.C is not null)
                Compare($"{name} grad c0", initial.C.Grad!.ToArray(), f.Values("grad.c0"), 1e-4);
        }
        foreach (var (pname, value) in layer.NamedParameters())
            Compare($"{name} grad {pname}", value.Grad!.ToArray(), f.Values("grad." + pname), 1e-4);
    }

    private static void Compare(string what, float[] actual, float[] expected, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        AssertClose(
            what,
            actual.Select(v => (double)v).ToArray(),
            expected.Select(v => (double)v).ToArray(),
            tolerance
        );
    }
}
