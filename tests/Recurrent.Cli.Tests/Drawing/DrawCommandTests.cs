using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Models.Drawing;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using static Recurrent.Tests.CommandLineRunner;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;

namespace Recurrent.Tests.Drawing;

public sealed class DrawCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static Dictionary<string, string> ResultLines(string output) =>
        output
            .Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Contains('=') && !l.Contains(' '))
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

    private string DigitsModel()
    {
        var model = TinyDrawingModel.Create(labels: "0123456789");
        string path = Path.Combine(_directory.Path, "digits.safetensors");
        StateDict.Save(path, model.NamedState(), model.Config.ToMetadata());
        return path;
    }

    [Fact]
    public void SampleAnimatesTheSvgAndRefusesToAnimateAPng()
    {
        string model = DigitsModel();
        string svg = Path.Combine(_directory.Path, "writing.svg");
        var (code, _, error) = Invoke(
            "draw",
            "sample",
            "--model",
            model,
            "--text",
            "42",
            "--seed",
            "1",
            "--animate",
            "--picture",
            svg
        );
        Assert.True(code == 0, error);
        string text = File.ReadAllText(svg);
        Assert.Contains("<animate attributeName=\"stroke-dashoffset\"", text);

        var png = Invoke(
            "draw",
            "sample",
            "--model",
            model,
            "--text",
            "42",
            "--animate",
            "--picture",
            Path.Combine(_directory.Path, "writing.png")
        );
        Assert.NotEqual(0, png.Code);
        Assert.Contains("cannot move", png.Error);
    }

    [Fact]
    public void SampleWritesASvgAndAPngOfTheText()
    {
        string model = DigitsModel();
        string svg = Path.Combine(_directory.Path, "drawing.svg"),
            png = Path.Combine(_directory.Path, "drawing.png");

        var (code, output, error) = Invoke(
            "draw",
            "sample",
            "--model",
            model,
            "--text",
            "20 26",
            "--bias",
            "1.0",
            "--seed",
            "1",
            "--picture",
            svg
        );
        Assert.True(code == 0, error);
        Assert.Equal("4", ResultLines(output)["characters"]);
        string text = File.ReadAllText(svg);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\"", text);
        Assert.Contains("<polyline points=", text);

        Assert.Equal(
            0,
            Invoke("draw", "sample", "--model", model, "--text", "2026", "--seed", "1", "--picture", png).Code
        );
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        Assert.Equal(
            text,
            Invoke(
                "draw",
                "sample",
                "--model",
                model,
                "--text",
                "20 26",
                "--bias",
                "1.0",
                "--seed",
                "1",
                "--picture",
                svg
            )
                is { Code: 0 }
                ? File.ReadAllText(svg)
                : ""
        );
    }

    [Fact]
    public void LegibilityJudgesTheCharactersTheJudgeKnows()
    {
        var drawing = TinyDrawingModel.Create(labels: "0123456789AB");
        string model = Path.Combine(_directory.Path, "more.safetensors");
        StateDict.Save(model, drawing.NamedState(), drawing.Config.ToMetadata());
        var config = new SequenceClassifierConfig(
            CellKind.Gru,
            Channels: 5,
            HiddenSize: 8,
            Layers: 1,
            Bidirectional: false,
            SequencePooling.Last,
            Dropout: 0f,
            Frame: 1,
            new LabelSet([.. "0123456789".Select(c => c.ToString())]),
            ChannelScaler.Fit([new float[] { 0, 1, 0, 1, 0, 1, 2, 1, 2, 1 }], 5, ScalingKind.Standardize)
        );
        var judge = new SequenceClassifier(config, new RandomGenerator(3));
        string classifier = Path.Combine(_directory.Path, "judge.safetensors");
        StateDict.Save(classifier, judge.NamedState(), config.ToMetadata());

        var (code, output, error) = Invoke(
            "draw",
            "legibility",
            "--model",
            model,
            "--classifier",
            classifier,
            "--per-class",
            "2"
        );

        Assert.True(code == 0, error);
        Assert.Contains("judging the 10 of the model's 12 characters that the classifier knows: 0123456789", output);
        Assert.Equal("20", ResultLines(output)["drawings"]);
        Assert.DoesNotContain("A: ", output);
    }

    [Fact]
    public void ALetterForADigitsModelIsAClearError()
    {
        var (code, _, error) = Invoke(
            "draw",
            "sample",
            "--model",
            DigitsModel(),
            "--text",
            "2A",
            "--picture",
            Path.Combine(_directory.Path, "x.svg")
        );
        Assert.Equal(1, code);
        Assert.Contains("not trained to draw 'A'", error);
        Assert.Contains("draws only: 0123456789", error);
        Assert.False(File.Exists(Path.Combine(_directory.Path, "x.svg")));
        Assert.Contains(
            "--bias must be 0 or more",
            Invoke("draw", "sample", "--model", DigitsModel(), "--text", "2", "--bias", "-1").Error
        );
    }

    [Fact]
    public void ADropoutThatIsNotAProbabilityIsRefused()
    {
        var (code, _, error) = Invoke("draw", "train", "--dataset", "hershey", "--dropout", "1", "--out", "unused");

        Assert.NotEqual(0, code);
        Assert.Contains("--dropout must be in [0, 1); got 1.", error);
    }

    [SkippableFact]
    public void TrainReportsTheHeldOutNegativeLogLikelihoodPerPoint()
    {
        SharedData.File("hershey", "futural.jhf");
        string run = Path.Combine(_directory.Path, "run");
        var (code, output, error) = Invoke(TinyDrawingTraining.Arguments(run, "--max-steps", "4"));

        Assert.True(code == 0, error + output);
        var results = ResultLines(output);
        Assert.True(double.IsFinite(double.Parse(results["val_nll_per_point"])));
        Assert.True(double.IsFinite(double.Parse(results["test_nll_per_point"])));
        Assert.StartsWith("val_nll_per_point=", output.TrimEnd().Split('\n')[^1]);
        Assert.True(File.Exists(Path.Combine(run, "loss.png")));
        Assert.True(File.Exists(Path.Combine(run, "samples.png")));
        Assert.Contains("conditional on 62 characters", output);
        Assert.Contains("weight drop 0.2, dropout 0.2", output); // the defaults
        Assert.Equal(0.2f, DrawingModel.Load(results["checkpoint"]).Config.Dropout);
        Assert.Contains("2 Gaussians with their own pen flags", output); // the default

        var grid = Path.Combine(_directory.Path, "grid.svg");
        var drawn = Invoke(
            "draw",
            "grid",
            "--model",
            results["checkpoint"],
            "--labels",
            "aZ",
            "--per-row",
            "3",
            "--picture",
            grid
        );
        Assert.True(drawn.Code == 0, drawn.Error);
        Assert.Equal("6", ResultLines(drawn.Output)["drawings"]);

        string[] split = ["--data-dir", SharedData.Root!, "--val-fraction", "0.2", "--test-fraction", "0.2"];
        var scored = Invoke(["draw", "score", "--model", results["checkpoint"], .. split]);
        Assert.True(scored.Code == 0, scored.Error);
        var scores = ResultLines(scored.Output);
        Assert.Equal(results["test_nll_per_point"], scores["test_nll_per_point"]); // the same split, the same model
        Assert.Equal(results["val_nll_per_point"], scores["val_nll_per_point"]);

        string checkpoint = results["checkpoint"];
        var twice = Invoke(["draw", "score", "--model", checkpoint, "--model", checkpoint, .. split]);
        Assert.True(twice.Code == 0, twice.Error);
        Assert.Contains("an ensemble of 2 models", twice.Output);
        Assert.Equal(
            double.Parse(results["test_nll_per_point"]),
            double.Parse(ResultLines(twice.Output)["test_nll_per_point"]),
            5
        );
    }

    [SkippableFact]
    public void ARunResumesOnlyWithTheModelOptionsItWasTrainedWith()
    {
        SharedData.File("hershey", "futural.jhf");
        string run = Path.Combine(_directory.Path, "shared-flags");
        string[] Train(params string[] extra) => TinyDrawingTraining.Arguments(run, extra);
        var (code, output, error) = Invoke(Train("--max-steps", "2", "--pen-flags", "shared"));
        Assert.True(code == 0, error + output);
        string last = Path.Combine(run, "last.safetensors");

        (code, _, error) = Invoke(Train("--max-steps", "4", "--resume", last));
        Assert.Equal(1, code);
        Assert.Contains("the run was trained with --pen-flags shared (here per-gaussian)", error);

        (code, output, error) = Invoke(Train("--max-steps", "4", "--pen-flags", "shared", "--resume", last));
        Assert.True(code == 0, error + output);
    }

    [Fact]
    public void RecurrentExportKnowsTheDrawingModel()
    {
        var model = TinyDrawingModel.Create("ab", 1);
        string checkpoint = Path.Combine(_directory.Path, "draw.safetensors"),
            onnx = Path.Combine(_directory.Path, "draw.onnx");
        StateDict.Save(checkpoint, model.NamedState(), model.Config.ToMetadata());
        var (code, output, error) = Invoke("export", "--model", checkpoint);
        Assert.True(code == 0, error);
        Assert.Contains("kind=drawing-mdn", output);
        var zeros = new float[model.Config.HiddenSize];
        long[] state = [1, 1, model.Config.HiddenSize];
        var ort = Run(
            File.ReadAllBytes(onnx),
            new Feed("points", new[] { 0.1f, -0.2f, 0f, 0.3f, 0.1f, 1f }, [1, 2, 3]),
            new Feed("label", new long[] { 0 }, [1]),
            new Feed("h0", zeros, state),
            new Feed("c0", zeros, state)
        );
        Assert.Equal([1L, 2, model.Config.Mixtures], ort["mixture_weights"].Shape);
    }
}
