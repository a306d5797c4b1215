using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Layers;

public class ConvolutionLayerTests
{
    [Fact]
    public void Conv1dHasPyTorchNamesShapesAndInitialRange()
    {
        var conv = new Conv1d(4, 6, 4, new RandomGenerator((ulong)Seed));
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name));
        Assert.Equal([6, 4, 4], conv.Weight.Shape.ToArray());
        Assert.Equal([6], conv.Bias!.Shape.ToArray());
        // PyTorch's bound is 1 / sqrt(in * k) = 1/4.
        var weights = conv.Weight.ToArray();
        Assert.All(weights.Concat(conv.Bias.ToArray()), w => Assert.InRange(w, -0.25f, 0.25f));
        Assert.True(
            weights.Max() > 0.15f && weights.Min() < -0.15f,
            $"weights not spread over [-0.25, 0.25) (seed {Seed})"
        );
        Assert.Empty(conv.NamedBuffers());
        var withoutBias = new Conv1d(1, 2, 3, new RandomGenerator(1), bias: false);
        Assert.Equal(["weight"], withoutBias.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Conv1dRefusesAnInputWithOtherChannels()
    {
        var conv = new Conv1d(3, 2, 5, new RandomGenerator(1));
        using var x = Tensor.Zeros(2, 7, 4);
        var e = Assert.Throws<ShapeMismatchException>(() => conv.Forward(x));
        Assert.Contains("[2, 7, 4]", e.Message);
    }

    [Fact]
    public void BatchNormStartsAsPyTorchAndKeepsItsStatisticsAsBuffers()
    {
        var norm = new BatchNorm1d(3);
        Assert.Equal(["weight", "bias"], norm.NamedParameters().Select(p => p.Name));
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], norm.NamedBuffers().Select(p => p.Name));
        Assert.Equal(
            ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"],
            norm.NamedState().Select(p => p.Name)
        );
        Assert.Equal([1f, 1f, 1f], norm.Weight.ToArray());
        Assert.Equal([0f, 0f, 0f], norm.Bias.ToArray());
        Assert.Equal([1f, 1f, 1f], norm.RunningVariance.ToArray());
        Assert.Equal(0f, norm.BatchesTracked.Item());
        Assert.Equal(0, norm.BatchesTracked.Rank);
        Assert.All(norm.NamedBuffers(), b => Assert.False(b.Value.RequiresGrad));
        Assert.Equal(6, norm.ParameterCount);
    }

    [Fact]
    public void TrainingModeMovesTheRunningStatisticsAndEvaluationModeUsesThem()
    {
        var norm = new BatchNorm1d(2);
        var rng = new RandomGenerator(3);
        var values = new float[3 * 4 * 2];
        rng.FillUniform(values, 1f, 3f);
        using var x = Tensor.FromArray(values, 3, 4, 2);
        int[] lengths = [4, 2, 3];

        using (var tape = new Tape())
            norm.Forward(x, lengths);
        Assert.Equal(1f, norm.BatchesTracked.Item());
        var mean = norm.RunningMean.ToArray();
        Assert.All(mean, m => Assert.InRange(m, 0.1f, 0.3f));

        norm.Eval();
        using var noGrad = Tape.NoGrad();
        var evaluated = norm.Forward(x, lengths).ToArray();
        Assert.Equal(mean, norm.RunningMean.ToArray());
        Assert.Equal(1f, norm.BatchesTracked.Item());
        float expected = (values[0] - mean[0]) / MathF.Sqrt(norm.RunningVariance.Span[0] + 1e-5f);
        Assert.Equal(expected, evaluated[0], 5);
    }

    [Fact]
    public void StateDictsSaveAndLoadTheBuffers()
    {
        using var directory = new TemporaryDirectory();
        var norm = new BatchNorm1d(2);
        norm.RunningMean.Span[1] = 0.5f;
        norm.RunningVariance.Span[0] = 2f;
        norm.BatchesTracked.Span[0] = 7f;
        string path = Path.Combine(directory.Path, "bn.safetensors");
        StateDict.Save(path, norm.NamedState());

        var file = SafeTensorsFile.Read(path);
        Assert.Empty(file.Entry("num_batches_tracked").Shape);
        var back = new BatchNorm1d(2);
        StateDict.Load(back.NamedState(), file);
        Assert.Equal([0f, 0.5f], back.RunningMean.ToArray());
        Assert.Equal([2f, 1f], back.RunningVariance.ToArray());
        Assert.Equal(7f, back.BatchesTracked.Item());
        Assert.DoesNotContain(back.Parameters(), p => ReferenceEquals(p, back.RunningMean));
    }
}
