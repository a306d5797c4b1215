using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;
using Recurrent.Onnx;
using Recurrent.Tensors;

namespace Recurrent.Samples;

/// <summary>
/// Program 3: exports a <see cref="SeriesClassifier"/> to ONNX, then runs the file in ONNX Runtime and in ML.NET's
/// <c>ApplyOnnxModel</c>, and checks that both give Recurrent's scores.
/// </summary>
public static class ExportToOnnx
{
    private const int Steps = 40;

    public static double Run(TextWriter log, string workDir)
    {
        // Any classifier will do, a trained one as well: SeriesClassifier.Load("run/best.safetensors").
        var model = new SeriesClassifier(hiddenSize: 16, classes: 2, new RandomGenerator(3));
        model.Eval();
        string path = Path.Combine(workDir, "classifier.onnx");
        OnnxExport.Write(new SeriesClassifierExport(model), path);

        var series = LabelledSeries.SineWaves(count: 6, seed: 2).Select(s => s.Values).ToList();
        var (inputs, lengths) = SeriesClassifier.Pad(series);
        float[] ours;
        using (var scores = model.Forward(inputs, lengths))
            ours = scores.ToArray();

        float[] onnxRuntime = RunInOnnxRuntime(path, inputs.ToArray(), [.. inputs.Shape], lengths);
        float[] mlNet = RunInMlNet(path, series);
        double difference = Math.Max(MaxDifference(onnxRuntime, ours), MaxDifference(mlNet, ours));
        log.WriteLine($"{path}: scores of {series.Count} series, largest difference from Recurrent's: "
            + $"{difference:E1}");
        if (difference > 1e-5)
            throw new InvalidOperationException($"the ONNX file's scores differ from Recurrent's by {difference}");
        return difference;
    }

    private static float[] RunInOnnxRuntime(string path, float[] series, long[] shape, int[] lengths)
    {
        using var session = new InferenceSession(path);
        using var seriesValue = OrtValue.CreateTensorValueFromMemory(series, shape);
        using var lengthsValue = OrtValue.CreateTensorValueFromMemory(
            Array.ConvertAll(lengths, n => (long)n), [lengths.Length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["series", "lengths"], [seriesValue, lengthsValue], ["scores"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    // ML.NET feeds one row at a time, so the dynamic axes get sizes: a batch of one series of at most Steps steps.
    private static float[] RunInMlNet(string path, IReadOnlyList<float[]> series)
    {
        var ml = new MLContext();
        var rows = series.Select(s =>
        {
            var padded = new float[Steps];
            s.CopyTo(padded, 0);
            return new SeriesRow { Series = padded, Lengths = [s.Length] };
        });
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = path,
            InputColumns = ["series", "lengths"],
            OutputColumns = ["scores"],
            ShapeDictionary = new Dictionary<string, int[]> { ["series"] = [1, Steps, 1], ["lengths"] = [1] },
        });
        var scored = pipeline.Fit(data).Transform(data);
        return ml.Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: false).SelectMany(r => r.Scores).ToArray();
    }

    private static double MaxDifference(float[] theirs, float[] ours) =>
        theirs.Length != ours.Length
            ? double.PositiveInfinity
            : theirs.Zip(ours, (a, b) => (double)Math.Abs(a - b)).Max();

    private sealed class SeriesRow
    {
        [ColumnName("series"), VectorType(Steps)]
        public float[] Series { get; set; } = [];

        [ColumnName("lengths"), VectorType(1)]
        public long[] Lengths { get; set; } = [];
    }

    private sealed class ScoredRow
    {
        [ColumnName("scores")]
        public float[] Scores { get; set; } = [];
    }
}
