using Recurrent.Cli;
using Recurrent.IO;
using Recurrent.Models.Text;
using Recurrent.Tests.Classification;
using Recurrent.Tests.Data;
using Recurrent.Tests.Drawing;
using Recurrent.Tests.Packaging;
using Recurrent.Tests.Text;
using System.Diagnostics;

namespace Recurrent.Tests.Distributed;

/// <summary>
/// <c>recurrent text train</c> under <c>mpirun</c>: two ranks train as one process does on the same global batches,
/// and a job that loses a rank stops with the rank named and leaves a checkpoint that resumes. Each job runs the tool
/// in child processes started by Open MPI; without <c>mpirun</c> the tests are skipped (.ci/run installs it).
/// </summary>
public class DistributedTrainingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private static string[] Model(string corpus, string run, long steps) =>
    [
        "text",
        "train",
        "--corpus",
        corpus,
        "--hidden",
        "32",
        "--layers",
        "2",
        "--embedding",
        "8",
        "--dropout",
        "0",
        "--batch-size",
        "4",
        "--seq-length",
        "16",
        "--max-steps",
        steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--eval-every",
        "5",
        "--sample-length",
        "0",
        "--out",
        run,
    ];

    [SkippableFact]
    public void TwoRanksEndWithTheParametersOfOneProcessOnTheSameGlobalBatches()
    {
        SkipWithoutMpirun();
        using var dir = new TemporaryDirectory();
        string corpus = dir.Write("short.txt", ShortText.Text);
        string one = Path.Combine(dir.Path, "one"),
            two = Path.Combine(dir.Path, "two");

        var (code, output, error) = CommandLineRunner.Invoke(Model(corpus, one, 20));
        Assert.True(code == 0, error);
        Assert.Contains("ranks=1", output, StringComparison.Ordinal);
        var (mpiCode, mpiOutput) = Mpirun(dir.Path, 2, Model(corpus, two, 20));
        Assert.True(mpiCode == 0, mpiOutput);
        Assert.Contains("ranks=2: data-parallel", mpiOutput, StringComparison.Ordinal);
        Assert.Contains("\nranks=2\n", mpiOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // The carried state is compared too: the ranks' streams, gathered into the checkpoint, are one process's.
        AssertSameParameters(one, two);
    }

    [SkippableFact]
    public void TwoRanksTrainTheClassifierAsOneProcessOnTheSameGlobalBatches()
    {
        SkipWithoutMpirun();
        using var dir = new TemporaryDirectory();
        // 33 series to fit and 8 to validate: batches of 8, 8, 8, 8 and 1, so that one rank's share of the last is
        // empty; series of 4 to 12 steps, so that each rank pads its share to its own longest.
        string train = dir.Write("slopes_TRAIN.ts", ClassifyCommandTests.Slopes(41, 7));
        string test = dir.Write("slopes_TEST.ts", ClassifyCommandTests.Slopes(10, 8));
        string[] Classifier(string run) =>
            [
                "classify",
                "train",
                "--train",
                train,
                "--test",
                test,
                "--hidden",
                "8",
                "--layers",
                "2",
                "--dropout",
                "0",
                "--batch-size",
                "8",
                "--max-steps",
                "20",
                "--eval-every",
                "5",
                "--out",
                run,
            ];
        string one = Path.Combine(dir.Path, "one"),
            two = Path.Combine(dir.Path, "two");

        var (code, output, error) = CommandLineRunner.Invoke(Classifier(one));
        Assert.True(code == 0, error);
        Assert.DoesNotContain("ranks", output, StringComparison.Ordinal);
        var (mpiCode, mpiOutput) = Mpirun(dir.Path, 2, Classifier(two));
        Assert.True(mpiCode == 0, mpiOutput);
        Assert.Contains("ranks=2: data-parallel", mpiOutput, StringComparison.Ordinal);
        Assert.Contains("\nranks=2\n", mpiOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        // Rank 0 alone prints: the result lines come once.
        Assert.Single(
            mpiOutput.ReplaceLineEndings("\n").Split('\n'),
            line => line.StartsWith("test_accuracy=", StringComparison.Ordinal)
        );

        AssertSameParameters(one, two);
    }

    [SkippableFact]
    public void TheClassifierSearchRunsOnTwoRanksAndRankZeroAloneReportsAndWrites()
    {
        // A budget of 3 seconds cuts the plan short, so the ranks must agree on every decision the clock makes.
        SkipWithoutMpirun();
        using var dir = new TemporaryDirectory();
        string train = dir.Write("slopes_TRAIN.ts", ClassifyCommandTests.Slopes(24, 7));
        string test = dir.Write("slopes_TEST.ts", ClassifyCommandTests.Slopes(10, 8));
        string run = Path.Combine(dir.Path, "run");

        var (code, output) = Mpirun(
            dir.Path,
            2,
            ["classify", "train", "--train", train, "--test", test, "--out", run, "--max-minutes", "0.05"]
        );

        Assert.True(code == 0, output);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Single(lines, l => l.Contains("ranks=2: data-parallel", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("chosen: c", StringComparison.Ordinal));
        Assert.Single(lines, l => l == "ranks=2");
        Assert.Single(lines, l => l.StartsWith("test_accuracy=", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(run, "search.json")));
        Assert.False(Directory.Exists(Path.Combine(run, "candidates")));
        var (predictCode, _, predictError) = CommandLineRunner.Invoke(
            ["classify", "predict", "--model", run, "--file", test]
        );
        Assert.True(predictCode == 0, predictError);
    }

    [SkippableFact]
    public void ACommandThatDoesNotTrainDataParallelRefusesToRunUnderMpi()
    {
        SkipWithoutMpirun();
        using var dir = new TemporaryDirectory();

        var (code, output) = Mpirun(dir.Path, 2, ["seq2seq", "addition", "--max-steps", "1", "--out", dir.Path]);

        Assert.NotEqual(0, code);
        Assert.Contains(
            "`recurrent seq2seq addition` does not train data-parallel yet",
            output,
            StringComparison.Ordinal
        );
    }

    [SkippableFact]
    public void TwoRanksTrainTheDrawingModelAsOneProcessOnTheSameGlobalBatches()
    {
        SkipWithoutMpirun();
        SharedData.File("hershey", "futural.jhf");
        using var dir = new TemporaryDirectory();
        // Without dropout, whose masks each rank draws from its own generator, the ranks' step is the process's.
        string[] Drawing(string run) =>
            TinyDrawingTraining.Arguments(run, "--max-steps", "20", "--eval-every", "5", "--dropout", "0");
        string one = Path.Combine(dir.Path, "one"),
            two = Path.Combine(dir.Path, "two");

        var (code, output, error) = CommandLineRunner.Invoke(Drawing(one));
        Assert.True(code == 0, error + output);
        var (mpiCode, mpiOutput) = Mpirun(dir.Path, 2, Drawing(two));
        Assert.True(mpiCode == 0, mpiOutput);
        Assert.Contains("ranks=2: data-parallel", mpiOutput, StringComparison.Ordinal);
        Assert.Contains("\nranks=2\n", mpiOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        AssertSameParameters(one, two);
    }

    private static void AssertSameParameters(string one, string two)
    {
        var single = SafeTensorsFile.Read(Path.Combine(one, "last.safetensors"));
        var parallel = SafeTensorsFile.Read(Path.Combine(two, "last.safetensors"));
        foreach (var entry in single.Entries.Where(e => !e.Name.Contains("optimizer", StringComparison.Ordinal)))
        {
            float[] expected = single.ReadFloats(entry.Name),
                actual = parallel.ReadFloats(entry.Name);
            Assert.Equal(expected.Length, actual.Length);
            double difference = Math.Sqrt(expected.Zip(actual).Sum(p => Math.Pow(p.First - p.Second, 2)));
            double norm = Math.Sqrt(expected.Sum(v => (double)v * v));
            Assert.True(
                difference <= 1e-5 * Math.Max(norm, 1e-12),
                $"{entry.Name}: |one - two| = {difference:G3}, |one| = {norm:G3}"
            );
        }
    }

    [SkippableFact]
    public void ATimeBudgetStopsEveryRankAtTheSameStep()
    {
        // Rank 0 writes the checkpoints, so it reads the clock later than rank 1 after an evaluation: were each rank
        // to stop by its own clock, one could stop while the other waited in the next all-reduce for ever.
        SkipWithoutMpirun();
        using var dir = new TemporaryDirectory();
        string corpus = dir.Write("short.txt", ShortText.Text);
        string run = Path.Combine(dir.Path, "run");

        var (code, output) = Mpirun(dir.Path, 2, [.. Model(corpus, run, 1_000_000), "--max-minutes", "0.05"]);

        Assert.True(code == 0, output);
        Assert.Contains("stop_reason=timelimit", output, StringComparison.Ordinal);
        Assert.True(CharLanguageModel.Load(Path.Combine(run, "last.safetensors")).ParameterCount > 0);
    }

    [SkippableFact]
    public void ARankKilledMidRunStopsTheJobNamingItAndTheCheckpointResumes()
    {
        SkipWithoutMpirun();
        using var dir = new TemporaryDirectory();
        string corpus = dir.Write("short.txt", ShortText.Text);
        string run = Path.Combine(dir.Path, "run");
        string best = Path.Combine(run, "best.safetensors");

        using var job = StartMpirun(dir.Path, 2, Model(corpus, run, 1_000_000));
        var output = job.StandardOutput.ReadToEndAsync();
        var error = job.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        int? rank1 = null;
        while (clock.Elapsed < Limit && !job.HasExited && (rank1 is null || !File.Exists(best)))
        {
            rank1 ??= RankProcess(job.Id, 1);
            Thread.Sleep(100);
        }
        if (job.HasExited || rank1 is null)
        {
            if (!job.HasExited)
                job.Kill(entireProcessTree: true);
            Assert.Fail($"no rank to kill (rank 1's process {rank1}): {output.Result}{error.Result}");
        }
        using (var victim = Process.GetProcessById(rank1!.Value))
            victim.Kill();
        Assert.True(job.WaitForExit(Limit), "the job went on after losing a rank");
        job.WaitForExit();
        string said = output.Result + error.Result;

        Assert.NotEqual(0, job.ExitCode);
        Assert.Contains("rank 1", said, StringComparison.Ordinal);
        var model = CharLanguageModel.Load(best);
        Assert.True(model.ParameterCount > 0);
        long saved = long.Parse(
            SafeTensorsFile.Read(best).Metadata[StateDict.TrainingStatePrefix + "step"],
            System.Globalization.CultureInfo.InvariantCulture
        );
        string resumed = Path.Combine(dir.Path, "resumed");
        var (code, again) = Mpirun(dir.Path, 2, [.. Model(corpus, resumed, saved + 5), "--resume", best]);
        Assert.True(code == 0, again);
        Assert.Contains($"steps={saved + 5}", again, StringComparison.Ordinal);
    }

    private static void SkipWithoutMpirun() =>
        Skip.If(
            MpirunPath is null,
            "mpirun is not installed (Debian: apt-get install openmpi-bin libopenmpi-dev; .ci/run installs it)"
        );

    private static string? MpirunPath =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "mpirun"))
            .FirstOrDefault(File.Exists);

    private static (int Code, string Output) Mpirun(string directory, int ranks, string[] arguments)
    {
        using var job = StartMpirun(directory, ranks, arguments);
        var output = job.StandardOutput.ReadToEndAsync();
        var error = job.StandardError.ReadToEndAsync();
        if (!job.WaitForExit(Limit))
        {
            job.Kill(entireProcessTree: true);
            throw new TimeoutException($"mpirun ran past {Limit.TotalSeconds:0} s: {output.Result}{error.Result}");
        }
        job.WaitForExit();
        return (job.ExitCode, output.Result + error.Result);
    }

    // As root (a container, CI) mpirun needs --allow-run-as-root, and more ranks than cores --oversubscribe; each
    // rank runs one thread so that two ranks on two cores do not fight over them.
    private static Process StartMpirun(string directory, int ranks, string[] arguments)
    {
        var start = new ProcessStartInfo(MpirunPath!)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (
            var argument in new[]
            {
                "--allow-run-as-root",
                "--oversubscribe",
                "-np",
                ranks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-x",
                "RECURRENT_THREADS=1",
                DotnetCommand.Host,
                typeof(RecurrentCommandLine).Assembly.Location,
            }.Concat(arguments)
        )
            start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.Ordinal)))
            start.Environment.Remove(name);
        return Process.Start(start)!;
    }

    // mpirun starts the ranks on this machine as its own children, each told its rank in OMPI_COMM_WORLD_RANK.
    private static int? RankProcess(int mpirun, int rank)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (parent != mpirun)
                    continue;
                var environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environment.Contains($"OMPI_COMM_WORLD_RANK={rank}"))
                    return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }
}
