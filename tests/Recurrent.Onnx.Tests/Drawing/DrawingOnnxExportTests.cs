using Recurrent.Autograd;
using Recurrent.Models.Drawing;
using Recurrent.Onnx;
using Recurrent.Onnx.Models;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;

namespace Recurrent.Tests.Drawing;

public class DrawingOnnxExportTests
{
    private static float[] RandomPoints(int count, ulong seed)
    {
        var rng = new RandomGenerator(seed);
        var points = new float[count * 3];
        for (int i = 0; i < count; i++)
        {
            points[3 * i] = (float)rng.NextGaussian() * 0.3f;
            points[3 * i + 1] = (float)rng.NextGaussian() * 0.3f;
            points[3 * i + 2] = rng.NextDouble() < 0.2 ? 1f : 0f;
        }
        return points;
    }

    private static Feed[] Feeds(
        DrawingModel model,
        float[] points,
        int batch,
        int steps,
        long[]? labels,
        float[] h0,
        float[] c0
    )
    {
        var feeds = new List<Feed> { new("points", points, [batch, steps, 3]) };
        if (labels is not null)
            feeds.Add(new Feed("label", labels, [batch]));
        long[] state = [model.Layers.Count, batch, model.Config.HiddenSize];
        feeds.Add(new Feed("h0", h0, state));
        feeds.Add(new Feed("c0", c0, state));
        return [.. feeds];
    }

    [Theory]
    [InlineData("0123456789", 2, false)]
    [InlineData("", 1, false)]
    [InlineData("0123456789", 2, true)]
    public void TheMixtureDensityModelMatchesOnnxRuntime(string labels, int layers, bool flagsPerGaussian)
    {
        var model = TinyDrawingModel.Create(labels, layers, flagsPerGaussian: flagsPerGaussian);
        model.Eval();
        int batch = 2,
            steps = 5,
            layout = model.Layout.Width,
            m = model.Config.Mixtures,
            flags = model.Layout.FlagLogits;
        var points = RandomPoints(batch * steps, 7);
        int[] labelIndices = labels.Length > 0 ? [3, 8] : [0, 0];
        float[] ours;
        using (Tape.NoGrad())
        using (var inputs = Tensor.FromArray((float[])points.Clone(), batch, steps, 3))
        {
            var (parameters, states) = model.Forward(inputs, labelIndices, [steps, steps]);
            ours = parameters.ToArray();
            parameters.Dispose();
            foreach (var state in states)
                state.Dispose();
        }

        var zeros = new float[layers * batch * model.Config.HiddenSize];
        var bytes = OnnxExport.ToBytes(new DrawingModelExport(model));
        var ort = Run(
            bytes,
            Feeds(
                model,
                points,
                batch,
                steps,
                labels.Length > 0 ? labelIndices.Select(l => (long)l).ToArray() : null,
                zeros,
                zeros
            )
        );

        AssertClose("parameters", ort["parameters"].Values, ours);
        for (int row = 0; row < batch * steps; row++)
        {
            var p = ours.AsSpan(row * layout, layout);
            var weights = ort["mixture_weights"].Values.AsSpan(row * m, m);
            double max = p[..m].ToArray().Max(),
                sum = p[..m].ToArray().Sum(v => Math.Exp(v - max));
            for (int j = 0; j < m; j++)
            {
                Assert.Equal(Math.Exp(p[j] - max) / sum, weights[j], 4);
                Assert.Equal(Math.Exp(p[model.Layout.LogSigmaY + j]), ort["sigmas_y"].Values[row * m + j], 4);
                Assert.Equal(Math.Tanh(p[model.Layout.RhoHat + j]), ort["correlations"].Values[row * m + j], 4);
            }
            for (int j = 0; j < flags; j++)
            {
                double endOfStroke = 1 / (1 + Math.Exp(-p[model.Layout.EndOfStroke + j])),
                    endOfDrawing = 1 / (1 + Math.Exp(-p[model.Layout.EndOfDrawingColumn + j]));
                Assert.Equal(endOfStroke, ort["end_of_stroke"].Values[row * flags + j], 4);
                Assert.Equal(endOfDrawing, ort["end_of_drawing"].Values[row * flags + j], 4);
            }
        }
        var metadata = Metadata(bytes);
        Assert.Equal(DrawingModelConfig.ModelKind, metadata["model"]);
        Assert.Equal(labels, metadata["labels"]);
        Assert.Equal(flagsPerGaussian, metadata.ContainsKey("flags_per_gaussian"));
    }

    [Fact]
    public void TheExportedStateCarriesADrawingOnFromStepToStep()
    {
        var model = TinyDrawingModel.Create("ab", 2);
        model.Eval();
        int steps = 6,
            hidden = model.Config.HiddenSize;
        var points = RandomPoints(steps, 9);
        var bytes = OnnxExport.ToBytes(new DrawingModelExport(model));
        var zeros = new float[2 * hidden];
        long[] label = [1];

        var whole = Run(bytes, Feeds(model, points, 1, steps, label, zeros, zeros));
        var first = Run(bytes, Feeds(model, points[..9], 1, 3, label, zeros, zeros));
        var second = Run(bytes, Feeds(model, points[9..], 1, 3, label, first["h_n"].Values, first["c_n"].Values));

        AssertClose(
            "parameters of the second half",
            second["parameters"].Values,
            whole["parameters"].Values.AsSpan(3 * model.Layout.Width)
        );
        AssertClose("final state", second["h_n"].Values, whole["h_n"].Values);
    }
}
