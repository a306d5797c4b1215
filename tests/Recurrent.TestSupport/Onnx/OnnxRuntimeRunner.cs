using Microsoft.ML.OnnxRuntime;

namespace Recurrent.Tests.Onnx;

/// <summary>Runs an exported model in ONNX Runtime (CPU) and returns its outputs as float arrays by name.</summary>
public static class OnnxRuntimeRunner
{
    public sealed record Feed(string Name, Array Data, long[] Shape);

    public static Dictionary<string, (float[] Values, long[] Shape)> Run(byte[] model, params Feed[] feeds)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        var inputs = feeds
            .Select(f =>
                f.Data switch
                {
                    float[] floats => OrtValue.CreateTensorValueFromMemory(floats, f.Shape),
                    long[] longs => OrtValue.CreateTensorValueFromMemory(longs, f.Shape),
                    int[] ints => OrtValue.CreateTensorValueFromMemory(ints, f.Shape),
                    _ => throw new ArgumentException($"unsupported feed type {f.Data.GetType()}"),
                }
            )
            .ToList();
        try
        {
            var outputNames = session.OutputNames.ToArray();
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, feeds.Select(f => f.Name).ToArray(), inputs, outputNames);
            var result = new Dictionary<string, (float[], long[])>();
            for (int i = 0; i < outputNames.Length; i++)
                result[outputNames[i]] = (
                    outputs[i].GetTensorDataAsSpan<float>().ToArray(),
                    outputs[i].GetTensorTypeAndShape().Shape
                );
            return result;
        }
        finally
        {
            foreach (var value in inputs)
                value.Dispose();
        }
    }

    public static IReadOnlyDictionary<string, string> Metadata(byte[] model)
    {
        using var session = new InferenceSession(model);
        return new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap);
    }

    /// <summary>
    /// ||actual - expected|| / max(||expected||, 1e-3) must stay within <paramref name="tolerance"/>: a norm-based
    /// relative error, floor-protected so that an all-but-zero output does not turn rounding into a failure.
    /// </summary>
    public static void AssertClose(
        string what,
        ReadOnlySpan<float> actual,
        ReadOnlySpan<float> expected,
        long[]? actualShape = null,
        int[]? expectedShape = null,
        double tolerance = 1e-5
    )
    {
        if (actualShape is not null && expectedShape is not null)
            Assert.True(
                actualShape.SequenceEqual(expectedShape.Select(d => (long)d)),
                $"{what}: ONNX Runtime gave shape [{string.Join(", ", actualShape)}], Recurrent "
                    + $"[{string.Join(", ", expectedShape)}]."
            );
        Assert.True(
            actual.Length == expected.Length,
            $"{what}: {actual.Length} values from ONNX Runtime, {expected.Length} from Recurrent."
        );
        double difference = 0,
            norm = 0,
            worst = 0;
        int worstAt = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = actual[i] - (double)expected[i];
            difference += d * d;
            norm += (double)expected[i] * expected[i];
            if (Math.Abs(d) > worst)
            {
                worst = Math.Abs(d);
                worstAt = i;
            }
        }
        double relative = Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), 1e-3);
        Assert.True(
            relative <= tolerance,
            $"{what}: relative error {relative:E2} > {tolerance:E0}; largest difference {worst:E2} at {worstAt} (ORT "
                + $"{(worstAt >= 0 ? actual[worstAt] : 0)}, ours {(worstAt >= 0 ? expected[worstAt] : 0)})."
        );
    }
}
