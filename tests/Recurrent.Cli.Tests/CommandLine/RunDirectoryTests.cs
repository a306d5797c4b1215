using System.Globalization;
using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.CommandLine;

/// <summary>
/// The commands that train through the Trainer write a run directory with <c>--out</c> (checkpoints, metrics, loss
/// plot) and continue a run with <c>--resume</c>, giving the results of the uninterrupted run.
/// </summary>
public sealed class RunDirectoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-run-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // The key=value result lines, without those that measure time or name a path of this run.
    private static string[] Results(string output) =>
        output
            .Split('\n')
            .Where(l =>
                l.Contains('=')
                && !l.Contains("seconds")
                && !l.Contains("elapsed")
                && !l.Contains("_per_s")
                && !l.Contains(Path.DirectorySeparatorChar)
            )
            .ToArray();

    private void AssertRunDirectory(string run, bool best)
    {
        foreach (var file in new[] { "last.safetensors", "metrics.jsonl", "model.safetensors" })
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        Assert.Equal(best, File.Exists(Path.Combine(run, "best.safetensors")));
    }

    [Fact]
    public void Seq2SeqWritesARunDirectoryAndResumes()
    {
        string[] args =
        [
            "seq2seq",
            "addition",
            "--digits",
            "2",
            "--hidden",
            "8",
            "--embedding",
            "4",
            "--max-steps",
            "6",
            "--batch-size",
            "8",
            "--test",
            "20",
            "--eval-every",
            "3",
        ];
        var plain = Invoke(args);
        Assert.True(plain.Code == 0, plain.Error);

        string run = Path.Combine(_directory, "seq2seq");
        var written = Invoke([.. args, "--out", run]);
        Assert.True(written.Code == 0, written.Error);
        AssertRunDirectory(run, best: true);
        Assert.Contains("\"val_exact_match\"", File.ReadAllText(Path.Combine(run, "metrics.jsonl")));
        Assert.Contains("stop_reason=completed", written.Output);
        Assert.Equal(Results(plain.Output), Results(written.Output).Where(l => Results(plain.Output).Contains(l)));

        var resumed = Invoke([.. args, "--out", run, "--resume", Path.Combine(run, "last.safetensors")]);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(Results(written.Output), Results(resumed.Output));
    }

    [Fact]
    public void ForecastWritesARunDirectoryAndResumes()
    {
        string csv = Path.Combine(_directory, "sine.csv");
        File.WriteAllLines(
            csv,
            new[] { "month,value" }.Concat(
                Enumerable
                    .Range(0, 72)
                    .Select(r =>
                        $"{new DateTime(2000, 1, 1).AddMonths(r):yyyy-MM},"
                            + (10 + Math.Sin(2 * Math.PI * r / 12)).ToString("R", CultureInfo.InvariantCulture)
                    )
            )
        );
        string[] args =
        [
            "forecast",
            "--csv",
            csv,
            "--time-column",
            "month",
            "--target",
            "value",
            "--history",
            "12",
            "--horizon",
            "6",
            "--max-steps",
            "20",
            "--samples",
            "10",
            "--hidden",
            "8",
        ];
        var plain = Invoke(args);
        Assert.True(plain.Code == 0, plain.Error);

        string run = Path.Combine(_directory, "forecast");
        var written = Invoke([.. args, "--out", run]);
        Assert.True(written.Code == 0, written.Error);
        // Without validation rows the final model is the only candidate, so best.safetensors is last.safetensors.
        AssertRunDirectory(run, best: true);
        Assert.Contains("stop_reason=completed", written.Output);
        Assert.Equal(Results(plain.Output), Results(written.Output).Where(l => Results(plain.Output).Contains(l)));

        var resumed = Invoke([.. args, "--out", run, "--resume", Path.Combine(run, "last.safetensors")]);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(
            Results(written.Output).Where(l => !l.StartsWith("train_loss")),
            Results(resumed.Output).Where(l => !l.StartsWith("train_loss"))
        );
    }

    [Fact]
    public void LabelWritesARunDirectoryPerModelAndResumes()
    {
        string csv = Path.Combine(_directory, "weather.csv");
        SyntheticWeather.Write(csv);
        string[] args =
        [
            "label",
            "--csv",
            csv,
            "--window",
            "5",
            "--hidden",
            "3",
            "--max-steps",
            "6",
            "--eval-every",
            "2",
            "--batch-size",
            "4",
        ];
        var plain = Invoke(args);
        Assert.True(plain.Code == 0, plain.Error);

        string run = Path.Combine(_directory, "label");
        var written = Invoke([.. args, "--out", run]);
        Assert.True(written.Code == 0, written.Error);
        foreach (var name in new[] { "bidirectional", "one_to_one" })
        {
            foreach (var file in new[] { "best.safetensors", "last.safetensors", "metrics.jsonl" })
                Assert.True(File.Exists(Path.Combine(run, name, file)), $"{name}/{file}");
            Assert.True(File.Exists(Path.Combine(run, $"{name}.safetensors")), name);
            Assert.Contains("\"val_accuracy\"", File.ReadAllText(Path.Combine(run, name, "metrics.jsonl")));
            Assert.Contains($"{name}_stop_reason=completed", written.Output);
        }
        Assert.Equal(Results(plain.Output), Results(written.Output).Where(l => Results(plain.Output).Contains(l)));

        var resumed = Invoke([.. args, "--out", run, "--resume", run]);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(Results(written.Output), Results(resumed.Output));
    }
}
