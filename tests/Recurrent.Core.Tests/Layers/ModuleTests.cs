using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>
/// The module registry: names as PyTorch gives them (own parameters first, then each child's under its name),
/// <see cref="Sequential"/> and <see cref="ModuleList{T}"/> numbering their children, and Train/Eval reaching every
/// module below.
/// </summary>
public class ModuleTests
{
    // A model in the style of the applications: a child chain, a list, a parameter and a buffer of its own.
    private sealed class TwoPartModel : Module
    {
        public TwoPartModel(RandomGenerator rng)
        {
            Scale = Parameter("scale", 2);
            Steps = Buffer("steps");
            Body = RegisterModule(
                "body",
                new Sequential(
                    new Linear(3, 4, rng),
                    new Tanh(),
                    new Dropout(0.5f, rng),
                    new Linear(4, 2, rng, bias: false)
                )
            );
            Norms = RegisterModule("norm", new ModuleList<BatchNorm1d>([new BatchNorm1d(2), new BatchNorm1d(2)]));
        }

        public Tensor Scale { get; }

        public Tensor Steps { get; }

        public Sequential Body { get; }

        public ModuleList<BatchNorm1d> Norms { get; }
    }

    [Fact]
    public void SequentialNamesItsChildrenByPositionAsPyTorchDoes()
    {
        var rng = new RandomGenerator(1);
        var chain = new Sequential(new Linear(3, 4, rng), new ReLU(), new Dropout(0.1f, rng), new Linear(4, 2, rng));
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias"], chain.NamedParameters().Select(p => p.Name));
        Assert.Equal(4, chain.Count);
        Assert.Equal(3 * 4 + 4 + 4 * 2 + 2, chain.ParameterCount);
        Assert.Equal(["0", "1", "2", "3"], chain.NamedChildren().Select(c => c.Name));
    }

    [Fact]
    public void SequentialForwardIsItsModulesInTurn()
    {
        var rng = new RandomGenerator(2);
        var first = new Linear(3, 4, rng);
        var second = new Linear(4, 2, rng);
        var chain = new Sequential(first, new Tanh(), second);
        var x = Tensor.FromArray([0.5f, -1f, 2f, 0.25f, 0f, -0.75f], [2, 3]);
        var expected = second.Forward(Ops.Tanh(first.Forward(x))).ToArray();
        Assert.Equal(expected, chain.Forward(x).ToArray());
        Assert.Same(x, new Sequential().Forward(x));
    }

    [Fact]
    public void NestedNamesPutOwnParametersFirstThenEachChildsUnderItsName()
    {
        var model = new TwoPartModel(new RandomGenerator(3));
        Assert.Equal(
            [
                "scale",
                "body.0.weight",
                "body.0.bias",
                "body.3.weight",
                "norm.0.weight",
                "norm.0.bias",
                "norm.1.weight",
                "norm.1.bias",
            ],
            model.NamedParameters().Select(p => p.Name)
        );
        Assert.Equal(
            [
                "steps",
                "norm.0.running_mean",
                "norm.0.running_var",
                "norm.0.num_batches_tracked",
                "norm.1.running_mean",
                "norm.1.running_var",
                "norm.1.num_batches_tracked",
            ],
            model.NamedBuffers().Select(b => b.Name)
        );
        Assert.Equal(
            model.NamedParameters().Concat(model.NamedBuffers()).Select(e => e.Name),
            model.NamedState().Select(e => e.Name)
        );
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.All(model.NamedBuffers(), b => Assert.False(b.Value.RequiresGrad));
        Assert.Same(
            model.Norms[1].RunningMean,
            model.NamedBuffers().Single(b => b.Name == "norm.1.running_mean").Value
        );
    }

    [Fact]
    public void TrainAndEvalReachEveryModuleBelow()
    {
        var model = new TwoPartModel(new RandomGenerator(4));
        var dropout = (Dropout)model.Body[2];
        model.Eval();
        Assert.False(model.Training);
        Assert.False(model.Body.Training);
        Assert.False(dropout.Training);
        Assert.All(model.Norms, norm => Assert.False(norm.Training));
        var x = Tensor.FromArray([1f, 2f, 3f], [1, 3]);
        Assert.Same(x, dropout.Forward(x));

        model.Train();
        Assert.True(dropout.Training);
        Assert.All(model.Norms, norm => Assert.True(norm.Training));
    }

    private sealed class BadRegistration : Module
    {
        public BadRegistration(string first, string second)
        {
            Parameter(first, 1);
            Buffer(second, 1);
        }
    }

    [Fact]
    public void ANameIsRegisteredOnceAndHoldsNoDot()
    {
        var twice = Assert.Throws<ArgumentException>(() => new BadRegistration("weight", "weight"));
        Assert.Contains("'weight' is already registered", twice.Message);
        var dotted = Assert.Throws<ArgumentException>(() => new BadRegistration("encoder.weight", "b"));
        Assert.Contains("'encoder.weight' holds a dot", dotted.Message);
    }
}
