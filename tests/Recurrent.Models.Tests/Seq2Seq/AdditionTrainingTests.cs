using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Seq2Seq;

public sealed class AdditionTrainingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-addition-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly AdditionTraining Training = new()
    {
        Steps = 12,
        BatchSize = 8,
        EvaluateEvery = 5,
        LearningRate = 1e-2,
    };

    // The command's set-up: held-out problems and the model drawn from one generator, then the training draws.
    private static (
        CharSeq2Seq Model,
        AdditionProblems Problems,
        HashSet<string> HeldOut,
        List<(string Question, string Answer)> Validation,
        RandomGenerator Rng
    ) Setup()
    {
        var problems = new AdditionProblems(2);
        var rng = new RandomGenerator(4);
        var validation = problems.Distinct(20, rng);
        var model = new CharSeq2Seq(new CharSeq2SeqConfig(problems.QuestionLength, problems.AnswerLength, 4, 8), rng);
        return (model, problems, validation.Select(p => p.Question).ToHashSet(), validation, rng);
    }

    [Fact]
    public void ARunStoppedAndResumedEndsAsTheUninterruptedOne()
    {
        var whole = Setup();
        var wholeResult = Training.Train(
            whole.Model,
            whole.Problems,
            whole.HeldOut,
            whole.Validation,
            whole.Rng,
            Path.Combine(_directory, "whole")
        );

        string part = Path.Combine(_directory, "part");
        var first = Setup();
        Training.Train(first.Model, first.Problems, first.HeldOut, first.Validation, first.Rng, part, trainer =>
        {
            using var stop = new CancellationTokenSource();
            trainer.Progress += (_, p) =>
            {
                if (p.Step == 7)
                    stop.Cancel();
            };
            return trainer.Run(stop.Token);
        });
        var rest = Setup();
        var restResult = Training.Train(
            rest.Model,
            rest.Problems,
            rest.HeldOut,
            rest.Validation,
            rest.Rng,
            part,
            trainer =>
            {
                trainer.LoadCheckpoint(Path.Combine(part, "last.safetensors"));
                return trainer.Run();
            }
        );

        Assert.Equal(12, restResult.Steps);
        Assert.Equal(
            whole.Model.NamedParameters().Select(p => p.Value.ToArray()),
            rest.Model.NamedParameters().Select(p => p.Value.ToArray())
        );
        Assert.Equal(whole.Rng.State, rest.Rng.State);
        Assert.Equal(wholeResult.ValidationMetrics, restResult.ValidationMetrics);
        Assert.Equal("exact_match", Assert.Single(wholeResult.ValidationMetrics).Name);
        foreach (var file in new[] { "best.safetensors", "last.safetensors", "metrics.jsonl" })
            Assert.True(File.Exists(Path.Combine(part, file)), file);
        Assert.Contains("\"val_exact_match\"", File.ReadAllText(Path.Combine(part, "metrics.jsonl")));
    }

    [Fact]
    public void ReachingTheTargetStops()
    {
        var run = Setup();
        var result = (Training with { Target = 0 }).Train(
            run.Model,
            run.Problems,
            run.HeldOut,
            run.Validation,
            run.Rng
        );
        Assert.Equal(StopReason.TargetReached, result.Reason);
        Assert.Equal(5, result.Steps);
    }
}
