using Recurrent.Cli;
using Recurrent.Models.Text;
using Recurrent.Tests.Data;
using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.Text;

public sealed class TextCommandTests : IDisposable
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

    private static string[] SmallRun(
        string corpus,
        string output,
        int steps = 30,
        int sampleLength = 50,
        params string[] extra
    ) =>
        [
            "text",
            "train",
            "--corpus",
            corpus,
            "--hidden",
            "32",
            "--layers",
            "1",
            "--embedding",
            "8",
            "--batch-size",
            "4",
            "--seq-length",
            "16",
            "--max-steps",
            steps.ToString(),
            "--out",
            output,
            "--sample-length",
            sampleLength.ToString(),
            .. extra,
        ];

    [Fact]
    public void TrainSampleAndScoreWorkEndToEnd()
    {
        string corpus = _directory.Write("short.txt", ShortText.Text);
        string run = Path.Combine(_directory.Path, "run");

        var (code, output, error) = Invoke(SmallRun(corpus, run, extra: ["--lr", "1e-2"]));

        Assert.True(code == 0, error);
        var results = ResultLines(output);
        foreach (var key in new[] { "val_loss", "val_bpc", "tokens_per_s", "checkpoint" })
            Assert.True(results.ContainsKey(key), $"no {key}= line in:\n{output}");
        Assert.Equal(double.Parse(results["val_loss"]) / Math.Log(2), double.Parse(results["val_bpc"]), 3);
        Assert.True(File.Exists(results["checkpoint"]));
        Assert.Contains("sample (temperature 0.8", output);
        var lines = output.TrimEnd().Split('\n');
        Assert.StartsWith("loss_plot=", lines[^1]);

        var first = Invoke("text", "sample", "--model", run, "--prime", "to be", "--length", "120", "--seed", "7");
        var second = Invoke(
            "text",
            "sample",
            "--model",
            results["checkpoint"],
            "--prime",
            "to be",
            "--length",
            "120",
            "--seed",
            "7"
        );
        Assert.Equal(0, first.Code);
        Assert.StartsWith("to be", first.Output);
        Assert.Equal("to be".Length + 120, first.Output.TrimEnd('\n').Length);
        Assert.Equal(first.Output, second.Output);

        var score = Invoke("text", "score", "--model", run, "--file", corpus);
        Assert.Equal(0, score.Code);
        var scored = ResultLines(score.Output);
        Assert.Equal(ShortText.Text.Length.ToString(), scored["characters"]);
        Assert.True(double.Parse(scored["loss"]) > 0);

        var int8Sample = Invoke("text", "sample", "--model", run, "--length", "50", "--weights", "int8");
        Assert.True(int8Sample.Code == 0, int8Sample.Error);
        Assert.Equal(50, int8Sample.Output.TrimEnd('\n').Length);
        var int8Score = Invoke("text", "score", "--model", run, "--file", corpus, "--weights", "int8");
        Assert.True(int8Score.Code == 0, int8Score.Error);
        var int8Scored = ResultLines(int8Score.Output);
        Assert.Equal("int8", int8Scored["weights"]);
        Assert.Equal(double.Parse(scored["loss"]), double.Parse(int8Scored["loss"]), 0.02);
        var bad = Invoke("text", "sample", "--model", run, "--weights", "int4");
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("int4", bad.Error);
    }

    // The learning rate of every logged training step of a run.
    private static List<double> TrainingRates(string run) =>
        File.ReadLines(Path.Combine(run, "metrics.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "train")
            .Select(e => e.GetProperty("lr").GetDouble())
            .ToList();

    [Fact]
    public void WeightDropIsSaidInTheModelLineAndKeptInTheCheckpoint()
    {
        string corpus = _directory.Write("short.txt", ShortText.Text);
        string run = Path.Combine(_directory.Path, "run");

        var (code, output, error) = Invoke(SmallRun(corpus, run, 10, 0, "--weight-drop", "0.3"));

        Assert.True(code == 0, error);
        Assert.Contains(", weight drop 0.3: ", output);
        Assert.Equal(0.3f, CharLanguageModel.Load(Path.Combine(run, "last.safetensors")).Config.WeightDrop);
        (code, _, error) = Invoke(SmallRun(corpus, run, 10, 0, "--weight-drop", "1"));
        Assert.Equal(1, code);
        Assert.Contains("--weight-drop must be in [0, 1); got 1.", error);
    }

    [Fact]
    public void TheCosineScheduleDecaysToTheMinimumOverMaxSteps()
    {
        string corpus = _directory.Write("short.txt", ShortText.Text);
        string run = Path.Combine(_directory.Path, "run");

        var (code, _, error) = Invoke(
            SmallRun(corpus, run, 20, 0, "--lr-schedule", "cosine", "--lr", "1e-2", "--min-lr", "1e-3")
        );

        Assert.True(code == 0, error);
        var rates = TrainingRates(run);
        Assert.True(rates.Count >= 2, $"{rates.Count} training records");
        Assert.InRange(rates[^1], 1e-3, 1.1e-3);
        Assert.True(rates[0] > rates[^1]);
    }

    [Fact]
    public void ThePlateauScheduleOnlyEverHalvesTheRate()
    {
        string corpus = _directory.Write("short.txt", ShortText.Text);
        string run = Path.Combine(_directory.Path, "run");
        string[] extra = ["--lr-schedule", "plateau", "--lr-patience", "0", "--lr", "1e-2", "--eval-every", "2"];

        var (code, _, error) = Invoke(SmallRun(corpus, run, 30, 0, extra));

        Assert.True(code == 0, error);
        var rates = TrainingRates(run);
        Assert.Equal(1e-2, rates[0], 1e-12);
        for (int i = 1; i < rates.Count; i++)
        {
            Assert.True(rates[i] <= rates[i - 1]);
            double halvings = Math.Log2(1e-2 / rates[i]);
            Assert.Equal(Math.Round(halvings), halvings, 6);
        }

        var bad = Invoke(SmallRun(corpus, run, 30, 0, "--lr-schedule", "plateau", "--lr-patience", "-1"));
        Assert.Equal(1, bad.Code);
        Assert.Contains("--lr-patience cannot be negative", bad.Error);
    }

    [Fact]
    public void TheCosineScheduleWithoutMaxStepsSaysWhatItNeeds()
    {
        string corpus = _directory.Write("short.txt", ShortText.Text);
        string[] arguments =
        [
            .. SmallRun(corpus, Path.Combine(_directory.Path, "run"), 30, 0, "--lr-schedule", "cosine")
                .Where(a => a != "--max-steps" && a != "30"),
            "--max-epochs",
            "1",
        ];

        var (code, _, error) = Invoke(arguments);

        Assert.Equal(1, code);
        Assert.Contains("--max-steps", error);
    }

    [Fact]
    public void AnEmptyCorpusIsAClearError()
    {
        string corpus = _directory.Write("empty.txt", "");

        var (code, _, error) = Invoke(SmallRun(corpus, Path.Combine(_directory.Path, "run")));

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("empty", error);
        Assert.Contains(corpus, error);
    }

    [Fact]
    public void ACorpusShorterThanOneBatchSaysHowMuchIsNeeded()
    {
        string corpus = _directory.Write("short.txt", "to be, or not to be");

        var (code, _, error) = Invoke(SmallRun(corpus, Path.Combine(_directory.Path, "run")));

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("shorter than one batch", error);
        Assert.Contains("--batch-size", error);
    }

    [Fact]
    public void ANonUtf8CorpusNamesTheFileAndTheByte()
    {
        string corpus = _directory.Write("latin1.txt", [.. "caf"u8, 0xE9, .. " au lait\n"u8]);

        var (code, _, error) = Invoke(SmallRun(corpus, Path.Combine(_directory.Path, "run")));

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains(corpus, error);
        Assert.Contains("not valid UTF-8", error);
        Assert.Contains("0xE9", error);
    }

    [Fact]
    public void AMissingCorpusThatIsNoKnownNameSaysSo()
    {
        var (code, _, error) = Invoke(
            SmallRun(Path.Combine(_directory.Path, "nowhere.txt"), Path.Combine(_directory.Path, "run"))
        );

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("neither a file nor a known corpus", error);
        Assert.Contains("tinyshakespeare", error);
    }

    [Fact]
    public void PrimeAndScoredTextsOutsideTheVocabularyAreClearErrors()
    {
        string corpus = _directory.Write("short.txt", ShortText.Text);
        string run = Path.Combine(_directory.Path, "run");
        Assert.Equal(0, Invoke(SmallRun(corpus, run, steps: 2, sampleLength: 0)).Code);

        var sample = Invoke("text", "sample", "--model", run, "--prime", "ZZ top", "--length", "10");
        Assert.Equal(1, sample.Code);
        Assert.Equal("", sample.Output);
        Assert.StartsWith("error: ", sample.Error);
        Assert.Contains("prime text", sample.Error);
        Assert.Contains("'Z' (U+005A)", sample.Error);

        string other = _directory.Write("other.txt", "QUESTION");
        var score = Invoke("text", "score", "--model", run, "--file", other);
        Assert.Equal(1, score.Code);
        Assert.StartsWith("error: ", score.Error);
        Assert.Contains("'Q' (U+0051)", score.Error);
        Assert.Contains(other, score.Error);
    }

    [Fact]
    public void AMissingModelIsAClearError()
    {
        var (code, _, error) = Invoke("text", "sample", "--model", Path.Combine(_directory.Path, "none.safetensors"));

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("none.safetensors", error);
    }
}
