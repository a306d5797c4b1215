using Recurrent.Autograd;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Models.Drawing;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using Recurrent.Training;

namespace Recurrent.Tests.Drawing;

public sealed class DrawingModelTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // 'a' is a horizontal line of four steps ending the drawing, 'b' a vertical one; a little noise on every offset.
    private static List<StrokeSequence> Lines(int count, ulong seed)
    {
        var rng = new RandomGenerator(seed);
        var drawings = new List<StrokeSequence>();
        for (int i = 0; i < count; i++)
        {
            bool horizontal = i % 2 == 0;
            var points = new List<float>();
            for (int t = 0; t < 4; t++)
            {
                float along = 0.25f + 0.02f * (float)rng.NextGaussian(),
                    across = 0.02f * (float)rng.NextGaussian();
                points.AddRange(horizontal ? [along, across, t == 3 ? 1f : 0f] : [across, along, t == 3 ? 1f : 0f]);
            }
            drawings.Add(new StrokeSequence([.. points], horizontal ? "a" : "b"));
        }
        return drawings;
    }

    [Fact]
    public void EveryLayerReadsThePenInputTheCharacterAndTheLayerBelow()
    {
        var model = TinyDrawingModel.Create(layers: 3);
        Assert.Equal([3 + 4, 3 + 4 + 12, 3 + 4 + 12], model.Layers.Select(l => l.InputSize));
        Assert.Equal(3 * 12, model.Head.InFeatures);
        Assert.Equal(6 * 3 + 2, model.Head.OutFeatures);
        Assert.Contains(model.NamedParameters(), p => p.Name == "lstm2.weight_ih_l0");
        Assert.Contains(model.NamedParameters(), p => p.Name == "embedding.weight");
        var unconditional = TinyDrawingModel.Create(labels: "");
        Assert.Equal(3, unconditional.Layers[0].InputSize);
        Assert.DoesNotContain(unconditional.NamedParameters(), p =>
            p.Name.StartsWith("embedding", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ItLearnsToDrawTheRequestedLine(bool flagsPerGaussian)
    {
        var model = TinyDrawingModel.Create(flagsPerGaussian: flagsPerGaussian);
        var train = Lines(64, 1);
        var before = model.NegativeLogLikelihood(train);
        var optimizer = new Adam(model.Parameters(), 1e-2);
        for (int step = 0; step < 80; step++)
        {
            using var batch = StrokeBatch.Create(train.Skip(step % 4 * 16).Take(16).ToArray(), model.LabelOf);
            using var tape = new Tape();
            model.ZeroGrad();
            var loss = model.Loss(batch, new TrainingContext(true, step, 0, new RandomGenerator(1)));
            tape.Backward(loss);
            optimizer.Step();
        }
        var after = model.NegativeLogLikelihood(train);
        Assert.True(after.PerPoint < before.PerPoint - 2, $"NLL per point {before.PerPoint} -> {after.PerPoint}");
        Assert.Equal(train.Sum(d => d.Length), after.Points);

        var drawings = new DrawingSampler(model).Sample([0, 0, 0, 0, 1, 1, 1, 1], bias: 3, temperature: 1, seed: 2);
        foreach (
            var (drawing, horizontal) in drawings.Zip(Enumerable.Repeat(true, 4).Concat(Enumerable.Repeat(false, 4)))
        )
        {
            Assert.InRange(drawing.Length, 1, model.Config.MaxPoints);
            Assert.Equal(1f, drawing.Points[^1]);
            float dx = 0,
                dy = 0;
            for (int t = 0; t < drawing.Length; t++)
            {
                dx += drawing.Points[3 * t];
                dy += drawing.Points[3 * t + 1];
            }
            Assert.True(
                horizontal ? dx > 3 * Math.Abs(dy) : dy > 3 * Math.Abs(dx),
                $"'{drawing.Label}' went ({dx}, {dy})"
            );
            Assert.Equal(horizontal ? "a" : "b", drawing.Label);
        }
        Assert.Equal(
            drawings.Select(d => d.Points),
            new DrawingSampler(model).Sample([0, 0, 0, 0, 1, 1, 1, 1], 3, 1, 2).Select(d => d.Points)
        );
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheTrainingLossIsTheNegativeLogLikelihoodOfStrokesAndEnds(bool flagsPerGaussian)
    {
        var model = TinyDrawingModel.Create(flagsPerGaussian: flagsPerGaussian);
        var drawings = Lines(6, 3);
        var nll = model.NegativeLogLikelihood(drawings);
        using var batch = StrokeBatch.Create(drawings, model.LabelOf);
        model.Eval();
        using var noGrad = Tape.NoGrad();
        using var loss = model.Loss(batch, new TrainingContext(false, 0, 0, new RandomGenerator(1)));
        Assert.Equal(nll.PerPoint + nll.EndOfDrawingPerPoint, loss.Item(), 4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACheckpointGivesBackTheSameModel(bool flagsPerGaussian)
    {
        var model = TinyDrawingModel.Create(flagsPerGaussian: flagsPerGaussian);
        string path = Path.Combine(_directory.Path, "draw.safetensors");
        StateDict.Save(path, model.NamedState(), model.Config.ToMetadata());
        var loaded = DrawingModel.Load(path);
        Assert.Equal(model.Config, loaded.Config);
        var drawings = Lines(4, 4);
        Assert.Equal(
            model.NegativeLogLikelihood(drawings).PerPoint,
            loaded.NegativeLogLikelihood(drawings).PerPoint,
            6
        );
    }

    [Fact]
    public void WeightDropTravelsInTheCheckpointAndReachesEveryLayer()
    {
        var plain = TinyDrawingModel.Create().Config;
        Assert.DoesNotContain("weight_drop", plain.ToMetadata().Keys);
        var model = new DrawingModel(plain with { WeightDrop = 0.3f }, seed: 5);
        string path = Path.Combine(_directory.Path, "dropped.safetensors");
        StateDict.Save(path, model.NamedState(), model.Config.ToMetadata());

        var loaded = DrawingModel.Load(path);

        Assert.Equal(0.3f, loaded.Config.WeightDrop);
        Assert.All(loaded.Layers, layer => Assert.Equal(0.3f, layer.WeightDrop));
        // Evaluation reads the whole weights: the model without weight drop scores the same drawings the same.
        var drawings = Lines(4, 4);
        Assert.Equal(
            TinyDrawingModel.Create().NegativeLogLikelihood(drawings).PerPoint,
            loaded.NegativeLogLikelihood(drawings).PerPoint,
            6
        );
        var damaged = new Dictionary<string, string>(model.Config.ToMetadata()) { ["weight_drop"] = "1" };
        Assert.Throws<FormatException>(() => DrawingModelConfig.FromMetadata(damaged));
    }

    [Fact]
    public void DropoutTravelsInTheCheckpointAndDropsLayerOutputsInTrainingOnly()
    {
        var plain = TinyDrawingModel.Create();
        Assert.DoesNotContain("dropout", plain.Config.ToMetadata().Keys);
        var model = new DrawingModel(plain.Config with { Dropout = 0.5f }, seed: 5);
        string path = Path.Combine(_directory.Path, "dropout.safetensors");
        StateDict.Save(path, model.NamedState(), model.Config.ToMetadata());
        var drawings = Lines(4, 4);

        Assert.Equal(0.5f, DrawingModel.Load(path).Config.Dropout);
        // Scoring drops nothing: the same weights score the drawings as the model without dropout does.
        Assert.Equal(
            plain.NegativeLogLikelihood(drawings).PerPoint,
            model.NegativeLogLikelihood(drawings).PerPoint,
            6
        );
        // A training step's loss draws masks from the context's generator, so two generators give two losses.
        model.Train();
        using var batch = StrokeBatch.Create(drawings, model.LabelOf);
        float LossWith(ulong seed)
        {
            using var tape = new Tape();
            return model.Loss(batch, new TrainingContext(true, 0, 0, new RandomGenerator(seed))).Item();
        }
        Assert.NotEqual(LossWith(1), LossWith(2));
        Assert.Equal(LossWith(3), LossWith(3));
        var damaged = new Dictionary<string, string>(model.Config.ToMetadata()) { ["dropout"] = "1" };
        Assert.Throws<FormatException>(() => DrawingModelConfig.FromMetadata(damaged));
    }

    [Fact]
    public void ACharacterOutsideTheModelsLabelsIsAClearError()
    {
        var model = TinyDrawingModel.Create(labels: "0123456789");
        var e = Assert.Throws<ArgumentException>(() => model.Config.LabelIndex('A'));
        Assert.Contains("not trained to draw 'A'", e.Message);
        Assert.Contains("0123456789", e.Message);
        Assert.Contains(
            "unconditional",
            Assert.Throws<ArgumentException>(() => TinyDrawingModel.Create(labels: "").Config.LabelIndex('1')).Message
        );
    }
}
