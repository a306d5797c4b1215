using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tests;

/// <summary>
/// One helper for every op's gradient check, after tinygrad's per-op tests: our float32 op runs on a tape, a plain
/// double-precision reference written in the test gives the same output, and central differences of the
/// reference give the true gradient of a random projection of the output. Each op's check is then a few lines.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// The seed of this run's random inputs: <c>RECURRENT_TEST_SEED</c> when set (to replay a failure), else fresh.
    /// Every failure message prints it.
    /// </summary>
    public static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("RECURRENT_TEST_SEED"), out int s) ? s : Random.Shared.Next();

    /// <summary>A generator for one test, derived from the run's seed and the test's name.</summary>
    public static Random RandomFor(string testName) => new(HashCode.Combine(Seed, StableHash(testName)));

    /// <summary>An input of the given shape with uniform values in [low, high).</summary>
    public static Input RandomInput(Random rng, int[] shape, double low = -1, double high = 1, bool requiresGrad = true)
    {
        var values = new float[Shape.Elements(shape)];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(low + (high - low) * rng.NextDouble());
        return new Input(values, shape, requiresGrad);
    }

    /// <summary>
    /// Compares forward values and gradients. <paramref name="ours"/> maps tensors (one per input, in order) to an
    /// output tensor; <paramref name="reference"/> maps the same values, in double, to that output flattened.
    /// The loss is <c>sum(output * R)</c> for a random R, so every output element's gradient is exercised.
    /// </summary>
    public static void Check(
        string name,
        Random rng,
        Input[] inputs,
        Func<Tensor[], Tensor> ours,
        Func<double[][], double[]> reference,
        double tolerance = 1e-3,
        double step = 1e-6,
        double forwardTolerance = 1e-4
    )
    {
        var doubles = inputs.Select(i => i.Values.Select(v => (double)v).ToArray()).ToArray();
        var expectedOutput = reference(doubles);
        var projection = new float[expectedOutput.Length];
        for (int i = 0; i < projection.Length; i++)
            projection[i] = (float)(rng.NextDouble() * 2 - 1);

        var tensors = inputs.Select(i => Tensor.FromArray((float[])i.Values.Clone(), i.Shape)).ToArray();
        for (int i = 0; i < inputs.Length; i++)
            tensors[i].RequiresGrad = inputs[i].RequiresGrad;

        float[] actualOutput;
        using (var tape = new Tape())
        {
            var output = ours(tensors);
            actualOutput = output.ToArray();
            Assert.True(
                actualOutput.Length == expectedOutput.Length,
                $"{name} (seed {Seed}): output has {actualOutput.Length} elements, the reference "
                    + $"{expectedOutput.Length}."
            );
            AssertClose(
                $"{name} forward",
                actualOutput.Select(v => (double)v).ToArray(),
                expectedOutput,
                forwardTolerance
            );
            tape.Backward(output, Tensor.FromArray((float[])projection.Clone(), output.Shape.ToArray()));
        }

        for (int input = 0; input < inputs.Length; input++)
        {
            if (!inputs[input].RequiresGrad)
                continue;
            var numeric = new double[doubles[input].Length];
            for (int e = 0; e < numeric.Length; e++)
            {
                double saved = doubles[input][e];
                doubles[input][e] = saved + step;
                double plus = Project(reference(doubles), projection);
                doubles[input][e] = saved - step;
                double minus = Project(reference(doubles), projection);
                doubles[input][e] = saved;
                numeric[e] = (plus - minus) / (2 * step);
            }
            var grad = tensors[input].Grad;
            var analytic = grad is null ? new double[numeric.Length] : grad.ToArray().Select(v => (double)v).ToArray();
            AssertClose($"{name} gradient of input {input}", analytic, numeric, tolerance);
        }
    }

    /// <summary>
    /// Asserts that <c>|actual - expected|_2 / max(|actual|_2, |expected|_2)</c> is under the tolerance; two
    /// vectors that are both (nearly) zero pass.
    /// </summary>
    public static void AssertClose(string what, double[] actual, double[] expected, double tolerance)
    {
        double diff = 0,
            na = 0,
            ne = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            na += actual[i] * actual[i];
            ne += expected[i] * expected[i];
        }
        double scale = Math.Max(Math.Sqrt(Math.Max(na, ne)), 1e-6);
        double relative = Math.Sqrt(diff) / scale;
        Assert.True(
            relative < tolerance,
            $"{what}: relative error {relative:E2} is over {tolerance:E0} (seed {Seed}; replay with "
                + $"RECURRENT_TEST_SEED={Seed})."
        );
    }

    private static double Project(double[] output, float[] projection)
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
            sum += output[i] * projection[i];
        return sum;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = 17;
            foreach (char c in s)
                h = h * 31 + c;
            return h;
        }
    }

    /// <summary>One input of a checked op: its values, its shape, and whether its gradient is checked.</summary>
    public sealed record Input(float[] Values, int[] Shape, bool RequiresGrad = true);
}
