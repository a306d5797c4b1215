using Recurrent.Tensors;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class GradientClipperTests
{
    [Theory]
    [InlineData("clip_big", 0.5)]
    [InlineData("clip_small", 100.0)]
    public void ClipByNormMatchesClipGradNorm(string name, double maxNorm)
    {
        var file = TrainingFixtures.Read("clipping_and_plateau.safetensors");
        var parameters = new[] { Tensor.Zeros(3, 4), Tensor.Zeros(5) };
        for (int i = 0; i < 2; i++)
            parameters[i].Grad = file.ReadTensor($"{name}/before.{i}");

        float norm = GradientClipper.ByNorm(maxNorm).Clip(parameters);

        Assert.Equal(file.ReadFloats($"{name}/norm")[0], norm, 1e-5f);
        for (int i = 0; i < 2; i++)
        {
            var expected = file.ReadFloats($"{name}/after.{i}");
            var actual = parameters[i].Grad!.ToArray();
            for (int j = 0; j < expected.Length; j++)
                Assert.Equal(expected[j], actual[j], 1e-6f);
        }
    }

    [Fact]
    public void ClipByValueClampsEachElementAndReportsTheNormBefore()
    {
        var p = Tensor.Zeros(4);
        p.Grad = Tensor.FromArray([3f, -4f, 0.5f, 0f], 4);
        float norm = GradientClipper.ByValue(1).Clip([p]);
        Assert.Equal(MathF.Sqrt(9 + 16 + 0.25f), norm, 1e-5f);
        Assert.Equal([1f, -1f, 0.5f, 0f], p.Grad.ToArray());
    }

    [Fact]
    public void NonPositiveThresholdsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipper.ByNorm(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipper.ByValue(double.NaN));
    }
}
