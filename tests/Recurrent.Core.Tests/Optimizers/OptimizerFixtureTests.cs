using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Tests.IO;
using System.Text.Json;

namespace Recurrent.Tests.Optimizers;

/// <summary>
/// Ten steps from the same start with the same gradients give torch.optim's parameters
/// (tests/make_training_fixtures.py).
/// </summary>
public class OptimizerFixtureTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("sgd_momentum")]
    [InlineData("sgd_nesterov")]
    [InlineData("rmsprop")]
    [InlineData("rmsprop_centered_momentum")]
    [InlineData("adagrad")]
    [InlineData("adagrad_decay")]
    [InlineData("adam")]
    [InlineData("adam_amsgrad_l2")]
    [InlineData("adamw")]
    [InlineData("adamw_amsgrad")]
    public void TenStepsMatchTorchOptim(string name)
    {
        var file = TrainingFixtures.Read("optimizers.safetensors");
        var parameters = new[] { file.ReadTensor($"{name}/start.0"), file.ReadTensor($"{name}/start.1") };
        var grads = new[] { file.ReadTensor($"{name}/grads.0"), file.ReadTensor($"{name}/grads.1") };
        using var spec = JsonDocument.Parse(file.Metadata[name]);
        var optimizer = Create(
            spec.RootElement.GetProperty("optimizer").GetString()!,
            spec.RootElement.GetProperty("args"),
            parameters
        );

        for (int step = 0; step < 10; step++)
        {
            for (int i = 0; i < parameters.Length; i++)
                parameters[i].Grad = grads[i][step].Clone();
            optimizer.Step();
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            var expected = file.ReadFloats($"{name}/final.{i}");
            var actual = parameters[i].ToArray();
            for (int j = 0; j < expected.Length; j++)
                Assert.True(
                    Math.Abs(expected[j] - actual[j]) <= 1e-5f * Math.Max(1f, Math.Abs(expected[j])),
                    $"{name}: parameter {i}[{j}] is {actual[j]}, torch.optim gives {expected[j]}"
                );
        }
    }

    [Fact]
    public void ExportedStateContinuesExactly()
    {
        var rng = new RandomGenerator(3);
        Tensor NewParam()
        {
            var t = Tensor.Zeros(4, 3);
            rng.FillNormal(t.Span, 0, 1);
            return t;
        }
        var a = NewParam();
        var b = a.Clone();
        var grads = Enumerable.Range(0, 6).Select(_ => NewParam()).ToArray();
        var first = new Adam([a], 0.01, amsgrad: true);
        for (int s = 0; s < 6; s++)
        {
            a.Grad = grads[s].Clone();
            first.Step();
        }

        var second = new Adam([b], 0.01, amsgrad: true);
        for (int s = 0; s < 3; s++)
        {
            b.Grad = grads[s].Clone();
            second.Step();
        }
        var state = second.ExportState();
        var third = new Adam([b], 0.01, amsgrad: true);
        third.ImportState(state);
        for (int s = 3; s < 6; s++)
        {
            b.Grad = grads[s].Clone();
            third.Step();
        }

        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.Equal(6, third.StepCount);
    }

    public static TheoryData<string> VectorisedKinds =>
        ["adam", "adamw_amsgrad", "rmsprop", "rmsprop_centered_momentum"];

    [Theory]
    [MemberData(nameof(VectorisedKinds))]
    public void VectorLanesGiveTheSameBitsAsTheScalarLoop(string kind)
    {
        const int n = 37;
        var rng = new RandomGenerator(11);
        var whole = Tensor.Zeros(n);
        rng.FillNormal(whole.Span, 0, 1);
        var singles = Enumerable.Range(0, n).Select(i => Tensor.FromArray([whole.Span[i]], 1)).ToArray();
        Optimizer Make(IEnumerable<Tensor> ps) =>
            kind switch
            {
                "adam" => new Adam(ps, 0.01, weightDecay: 0.1),
                "adamw_amsgrad" => new AdamW(ps, 0.01, amsgrad: true),
                "rmsprop" => new RmsProp(ps, 0.01),
                _ => new RmsProp(ps, 0.01, momentum: 0.9, centered: true, weightDecay: 0.01),
            };
        var a = Make([whole]);
        var b = Make(singles);
        for (int step = 0; step < 5; step++)
        {
            var g = new float[n];
            rng.FillNormal(g, 0, 1);
            whole.Grad = Tensor.FromArray((float[])g.Clone(), n);
            for (int i = 0; i < n; i++)
                singles[i].Grad = Tensor.FromArray([g[i]], 1);
            a.Step();
            b.Step();
        }
        Assert.Equal(singles.Select(s => s.Span[0]).ToArray(), whole.ToArray());
    }

    [Fact]
    public void ImportingAnotherOptimizersStateIsRefused()
    {
        var p = Tensor.Zeros(2);
        var e = Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1).ImportState(new Adam([p]).ExportState()));
        Assert.Contains("Adam", e.Message);
    }

    [Fact]
    public void ParametersWithoutGradientsAreSkipped()
    {
        var p = Tensor.FromArray([1f, 2f], 2);
        new Adam([p], 0.1).Step();
        Assert.Equal([1f, 2f], p.ToArray());
    }

    private static Optimizer Create(string kind, JsonElement args, Tensor[] parameters)
    {
        double Get(string key, double fallback) => args.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        bool Flag(string key) => args.TryGetProperty(key, out var v) && v.GetBoolean();
        (double, double) Betas() =>
            args.TryGetProperty("betas", out var b) ? (b[0].GetDouble(), b[1].GetDouble()) : (0.9, 0.999);
        double lr = Get("lr", 0);
        return kind switch
        {
            "SGD" => new Sgd(
                parameters,
                lr,
                Get("momentum", 0),
                Get("dampening", 0),
                Get("weight_decay", 0),
                Flag("nesterov")
            ),
            "RMSprop" => new RmsProp(
                parameters,
                lr,
                Get("alpha", 0.99),
                Get("eps", 1e-8),
                Get("weight_decay", 0),
                Get("momentum", 0),
                Flag("centered")
            ),
            "Adagrad" => new Adagrad(
                parameters,
                lr,
                Get("lr_decay", 0),
                Get("weight_decay", 0),
                Get("initial_accumulator_value", 0),
                Get("eps", 1e-10)
            ),
            "Adam" => new Adam(
                parameters,
                lr,
                Betas().Item1,
                Betas().Item2,
                Get("eps", 1e-8),
                Get("weight_decay", 0),
                Flag("amsgrad")
            ),
            "AdamW" => new AdamW(
                parameters,
                lr,
                Betas().Item1,
                Betas().Item2,
                Get("eps", 1e-8),
                Get("weight_decay", 1e-2),
                Flag("amsgrad")
            ),
            _ => throw new ArgumentException(kind),
        };
    }
}
