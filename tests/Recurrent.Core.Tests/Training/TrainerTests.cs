using Recurrent.IO;
using Recurrent.Optimizers;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"recurrent-trainer-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private static (Trainer<IReadOnlyList<float[]>> Trainer, TinyRecurrentModel Model) Create(
        string? directory,
        long? maxSteps,
        ulong initSeed = 1,
        double lr = 0.01,
        int? patience = null,
        int evaluateEvery = 3,
        ValidationMetric<IReadOnlyList<float[]>>[]? metrics = null,
        double? ema = null
    )
    {
        var model = new TinyRecurrentModel(initSeed);
        var options = new TrainerOptions
        {
            MaxSteps = maxSteps,
            EvaluateEvery = evaluateEvery,
            Patience = patience,
            EmaDecay = ema,
            Seed = 9,
            LogEvery = 2,
            CheckpointDirectory = directory,
            ModelConfig = new Dictionary<string, string> { ["model"] = "tiny", ["features"] = "4" },
        };
        var trainer = new Trainer<IReadOnlyList<float[]>>(
            model,
            new Adam(model.Parameters(), lr),
            TinyRecurrentModel.Data(),
            options
        )
        {
            Clipper = GradientClipper.ByNorm(0.5),
            Schedule = new ReduceOnPlateauSchedule(lr, factor: 0.5, patience: 0),
            Metrics = metrics ?? [],
        };
        return (trainer, model);
    }

    [Fact]
    public void ResumedRunIsBitForBitTheUninterruptedOne()
    {
        var (whole, wholeModel) = Create(Path.Combine(_root, "whole"), maxSteps: 17);
        whole.Run();

        string first = Path.Combine(_root, "resumed");
        var (part, _) = Create(first, maxSteps: 10);
        var partResult = part.Run();
        Assert.Equal(10, partResult.Steps);

        var (rest, restModel) = Create(first, maxSteps: 17, initSeed: 12345);
        rest.LoadCheckpoint(Path.Combine(first, "last.safetensors"));
        Assert.Equal((10L, 1, 3), (rest.Step, rest.Epoch, rest.BatchInEpoch));
        var result = rest.Run();

        Assert.Equal(17, result.Steps);
        Assert.Equal(wholeModel.W.ToArray(), restModel.W.ToArray());
        Assert.Equal(wholeModel.V.ToArray(), restModel.V.ToArray());
        Assert.Equal(whole.Optimizer.LearningRate, rest.Optimizer.LearningRate);
        Assert.Equal(whole.Random.State, rest.Random.State);
        Assert.Equal(Steps(Path.Combine(_root, "whole", "metrics.jsonl")), Steps(Path.Combine(first, "metrics.jsonl")));
    }

    [Fact]
    public void AMovingAverageOfTheWeightsIsWhatEvaluationsScoreCheckpointsHoldAndTrainingLeaves()
    {
        string dir = Path.Combine(_root, "ema");
        var (trainer, model) = Create(dir, maxSteps: 8, ema: 0.9);
        float[] average = [.. model.W.ToArray()];
        float[] trained = [];
        trainer.Progress += (_, progress) =>
        {
            if (progress.Kind != TrainingEventKind.Step)
                return;
            trained = model.W.ToArray();
            long k = progress.Step;
            float decay = (float)Math.Min(0.9, k / (9.0 + k));
            for (int i = 0; i < average.Length; i++)
                average[i] += (trained[i] - average[i]) * (1 - decay);
        };

        var result = trainer.Run();

        Assert.Equal(average, model.W.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.NotEqual(trained, model.W.ToArray());
        var last = SafeTensorsFile.Read(result.LastCheckpoint!);
        Assert.Equal(average, last.ReadTensor("encoder.weight").ToArray(), (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal(trained, last.ReadTensor("training/trained/encoder.weight").ToArray());
        var (plain, plainModel) = Create(null, maxSteps: 1);
        StateDict.Load(plainModel.NamedState(), last);
        Assert.Equal(plain.Evaluate().Loss, result.ValidationLoss!.Value, 12);
    }

    [Fact]
    public void AResumedRunWithAMovingAverageIsBitForBitTheUninterruptedOne()
    {
        var (whole, wholeModel) = Create(Path.Combine(_root, "whole"), maxSteps: 17, ema: 0.95);
        whole.Run();
        string first = Path.Combine(_root, "resumed");
        var (part, _) = Create(first, maxSteps: 10, ema: 0.95);
        part.Run();

        var (rest, restModel) = Create(first, maxSteps: 17, initSeed: 12345, ema: 0.95);
        rest.LoadCheckpoint(Path.Combine(first, "last.safetensors"));
        rest.Run();

        Assert.Equal(wholeModel.W.ToArray(), restModel.W.ToArray());
        Assert.Equal(wholeModel.V.ToArray(), restModel.V.ToArray());
        var wholeLast = SafeTensorsFile.Read(Path.Combine(_root, "whole", "last.safetensors"));
        var restLast = SafeTensorsFile.Read(Path.Combine(first, "last.safetensors"));
        foreach (string name in new[] { "encoder.weight", "training/trained/encoder.weight" })
            Assert.Equal(wholeLast.ReadTensor(name).ToArray(), restLast.ReadTensor(name).ToArray());
        Assert.Throws<ArgumentException>(() => Create(null, maxSteps: 1, ema: 1.0));
    }

    [Fact]
    public void AnExhaustedTimeBudgetStillMakesOneStepAndABestCheckpoint()
    {
        string dir = Path.Combine(_root, "no-time");
        var model = new TinyRecurrentModel(1);
        var options = new TrainerOptions
        {
            MaxDuration = TimeSpan.Zero,
            CheckpointDirectory = dir,
            ModelConfig = new Dictionary<string, string> { ["model"] = "tiny" },
        };
        var trainer = new Trainer<IReadOnlyList<float[]>>(
            model,
            new Adam(model.Parameters(), 0.01),
            TinyRecurrentModel.Data(),
            options
        );

        var result = trainer.Run();

        Assert.Equal(StopReason.TimeLimit, result.Reason);
        Assert.Equal(1, result.Steps);
        Assert.NotNull(result.BestCheckpoint);
    }

    [Fact]
    public void SameSeedSameRun()
    {
        var (a, ma) = Create(null, maxSteps: 9);
        var (b, mb) = Create(null, maxSteps: 9);
        var ra = a.Run();
        var rb = b.Run();
        Assert.Equal(ma.W.ToArray(), mb.W.ToArray());
        Assert.Equal(ra.ValidationLoss, rb.ValidationLoss);
    }

    [Fact]
    public void CheckpointHoldsWeightsConfigurationAndTrainingState()
    {
        string dir = Path.Combine(_root, "ckpt");
        var (trainer, model) = Create(dir, maxSteps: 6);
        var result = trainer.Run();

        var file = SafeTensorsFile.Read(result.LastCheckpoint!);
        Assert.Equal("tiny", file.Metadata["model"]);
        Assert.Equal("6", file.Metadata["training/step"]);
        Assert.Equal("Adam", file.Metadata["training/optimizer"]);
        Assert.True(file.Contains("training/optimizer/0.exp_avg"));
        Assert.True(file.Contains("training/carried/h"));
        Assert.NotNull(result.BestCheckpoint);
        var fresh = new TinyRecurrentModel(99);
        StateDict.Load(fresh.NamedState(), file);
        Assert.Equal(model.W.ToArray(), fresh.W.ToArray());
        Assert.True(File.Exists(Path.Combine(dir, "metrics.jsonl")));
    }

    [Fact]
    public void TrainerCheckpointReadsBackWhatItWrote()
    {
        string dir = Path.Combine(_root, "roundtrip");
        var (trainer, model) = Create(dir, maxSteps: 7, metrics: [PositiveShare()]);
        var original = SafeTensorsFile.Read(trainer.Run().LastCheckpoint!);
        var state = TrainerCheckpoint.Read(original);
        Assert.Equal((7L, 1, 0), (state.Step, state.Epoch, state.BatchInEpoch));
        Assert.Equal("positive_share", Assert.Single(state.ValidationMetrics).Name);

        string copy = Path.Combine(dir, "copy.safetensors");
        state.Write(
            copy,
            model.NamedState(),
            new Dictionary<string, string> { ["model"] = "tiny", ["features"] = "4" }
        );
        var written = SafeTensorsFile.Read(copy);
        Assert.Equal(original.Metadata.OrderBy(kv => kv.Key), written.Metadata.OrderBy(kv => kv.Key));
        Assert.Equal(original.Entries.Select(e => e.Name).Order(), written.Entries.Select(e => e.Name).Order());
        Assert.All(original.Entries, e => Assert.Equal(original.ReadFloats(e.Name), written.ReadFloats(e.Name)));
    }

    [Fact]
    public void NanLossStopsWithTheStepAndWhatToTry()
    {
        var model = new TinyRecurrentModel(1);
        var trainer = new Trainer<IReadOnlyList<float[]>>(
            Trainable.From<IReadOnlyList<float[]>>(model, (batch, context) =>
            {
                var loss = model.Loss(batch, context);
                if (context.Step == 4)
                    loss.Span[0] = float.NaN;
                return loss;
            }),
            new Sgd(model.Parameters(), 0.1),
            TinyRecurrentModel.Data(),
            new TrainerOptions { MaxSteps = 10 }
        );
        var before = (float[])null!;
        trainer.Progress += (_, p) =>
        {
            if (p.Step == 4)
                before = model.W.ToArray();
        };

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());

        Assert.Equal(5, e.Step);
        Assert.Contains("step 5", e.Message);
        Assert.Contains("lower learning rate", e.Message);
        Assert.Contains("clipping", e.Message);
        Assert.Equal(before, model.W.ToArray());
    }

    [Fact]
    public void ANanLossOnOneRankStopsEveryRankAtTheSameStep()
    {
        // A rank that stopped alone would leave the others waiting in the gradients' all-reduce for ever.
        long[] steps = ThreadedWorld.Run(
            2,
            world =>
            {
                var model = new TinyRecurrentModel(1);
                var trainer = new Trainer<IReadOnlyList<float[]>>(
                    Trainable.From<IReadOnlyList<float[]>>(model, (batch, context) =>
                    {
                        var loss = model.Loss(batch, context);
                        if (context.Step == 4 && world.Rank == 1)
                            loss.Span[0] = float.NaN;
                        return loss;
                    }),
                    new Sgd(model.Parameters(), 0.1),
                    TinyRecurrentModel.Data(),
                    new TrainerOptions { MaxSteps = 10, World = world }
                );
                var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());
                Assert.Equal("loss", e.Quantity);
                return e.Step;
            }
        );

        Assert.Equal([5L, 5L], steps);
    }

    [Fact]
    public void UnderDataParallelismEveryRankAveragesTheSharedParameters()
    {
        // The ranks start from different weights; the trainer gives them rank 0's, and the average must start there.
        float[][] averages = ThreadedWorld.Run(
            2,
            world =>
            {
                var model = new TinyRecurrentModel((ulong)world.Rank + 1);
                var trainer = new Trainer<IReadOnlyList<float[]>>(
                    model,
                    new Adam(model.Parameters(), 0.01),
                    TinyRecurrentModel.Data(),
                    new TrainerOptions { MaxSteps = 6, EmaDecay = 0.99, World = world }
                );
                trainer.Run();
                return model.W.ToArray();
            }
        );

        Assert.Equal(averages[0], averages[1]);
    }

    [Fact]
    public void InfiniteGradientNormStops()
    {
        var model = new TinyRecurrentModel(1);
        var trainer = new Trainer<IReadOnlyList<float[]>>(
            Trainable.From<IReadOnlyList<float[]>>(model, (batch, context) =>
            {
                if (context.Step == 2)
                    model.V.Grad!.Span[0] = float.PositiveInfinity;
                return model.Loss(batch, context);
            }),
            new Sgd(model.Parameters(), 0.1),
            TinyRecurrentModel.Data(),
            new TrainerOptions { MaxSteps = 10 }
        )
        {
            Clipper = GradientClipper.ByNorm(1),
        };

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());

        Assert.Equal("gradient norm", e.Quantity);
        Assert.Equal(3, e.Step);
    }

    [Fact]
    public void NoImprovementStopsEarlyOnThePatience()
    {
        var (trainer, _) = Create(null, maxSteps: 100, lr: 0, patience: 2, evaluateEvery: 2);
        var result = trainer.Run();
        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        Assert.Equal(6, result.Steps);
    }

    [Fact]
    public void CancellationSavesACheckpointAndReportsProgress()
    {
        string dir = Path.Combine(_root, "cancel");
        var (trainer, _) = Create(dir, maxSteps: 100);
        using var cancel = new CancellationTokenSource();
        var events = new List<TrainingProgress>();
        trainer.Progress += (_, p) =>
        {
            events.Add(p);
            if (p.Kind == TrainingEventKind.Step && p.Step == 4)
                cancel.Cancel();
        };

        var result = trainer.Run(cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.Reason);
        Assert.Equal("4", SafeTensorsFile.Read(result.LastCheckpoint!).Metadata["training/step"]);
        Assert.Equal(4, events.Count(e => e.Kind == TrainingEventKind.Step));
        Assert.Contains(events, e => e.Kind == TrainingEventKind.Evaluation && e.ValidationLoss is not null);
        Assert.All(events, e => Assert.Equal(100, e.TotalSteps));
        Assert.NotNull(events.Last(e => e.Kind == TrainingEventKind.Step).Eta);
    }

    [Fact]
    public void WeightsOnlyFileCannotResume()
    {
        string path = Path.Combine(_root, "weights.safetensors");
        var (trainer, model) = Create(null, maxSteps: 3);
        StateDict.Save(path, model.NamedState());
        var e = Assert.Throws<CheckpointFormatException>(() => trainer.LoadCheckpoint(path));
        Assert.Contains("weights only", e.Message);
    }

    [Fact]
    public void TamperedTrainingStateEitherLoadsOrIsACheckpointFormatException()
    {
        string dir = Path.Combine(_root, "tamper");
        var (trainer, _) = Create(dir, maxSteps: 5);
        var original = SafeTensorsFile.Read(trainer.Run().LastCheckpoint!);
        var tensors = original.Entries.Select(e => (e.Name, original.ReadTensor(e.Name))).ToList();
        string path = Path.Combine(dir, "tampered.safetensors");
        int rejected = 0;
        foreach (
            var key in original.Metadata.Keys.Where(k =>
                k.StartsWith(StateDict.TrainingStatePrefix, StringComparison.Ordinal)
            )
        )
            foreach (var value in new[] { "", "x", "-1", "99999999999999", "1e400", "0,0,0,0", "NaN" })
            {
                var metadata = original.Metadata.ToDictionary();
                metadata[key] = value;
                SafeTensorsFile.Write(path, tensors, metadata);
                var (fresh, _) = Create(null, maxSteps: 10);
                try
                {
                    fresh.LoadCheckpoint(path);
                }
                catch (CheckpointFormatException e)
                {
                    Assert.Contains(path, e.Message);
                    rejected++;
                }
            }
        Assert.True(rejected > 50, $"only {rejected} tampered values were rejected");
    }

    // The share of a batch's first features that are positive: a metric that is a plain mean over the items.
    private static ValidationMetric<IReadOnlyList<float[]>> PositiveShare(double? target = null) =>
        new("positive_share", (batch, _) => batch.Count(x => x[0] > 0) / (double)batch.Count) { Target = target };

    [Fact]
    public void UserMetricIsMeasuredOnTheValidationPartAndWrittenToTheMetrics()
    {
        string dir = Path.Combine(_root, "metric");
        var (trainer, _) = Create(dir, maxSteps: 6, metrics: [PositiveShare()]);
        var events = new List<TrainingProgress>();
        trainer.Progress += (_, p) => events.Add(p);

        var result = trainer.Run();

        var validation = Enumerable
            .Range(0, TinyRecurrentModel.Data().ValidationBatchCount)
            .SelectMany(i => TinyRecurrentModel.Data().ValidationBatch(i))
            .ToList();
        double expected = validation.Count(x => x[0] > 0) / (double)validation.Count;
        Assert.Equal([("positive_share", expected)], result.ValidationMetrics);
        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"))
            .Where(l => l.Contains("\"kind\":\"val\""))
            .ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l =>
            Assert.Equal(
                expected,
                System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("val_positive_share").GetDouble()
            )
        );
        Assert.Contains(events, e => e.Kind == TrainingEventKind.Evaluation && e.ValidationMetrics.Count == 1);
        Assert.Equal(
            expected.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            SafeTensorsFile.Read(result.LastCheckpoint!).Metadata["training/metric/positive_share"]
        );
    }

    [Fact]
    public void MetricReachingItsTargetStopsTheRun()
    {
        var (trainer, _) = Create(null, maxSteps: 100, metrics: [PositiveShare(target: 0)]);
        var result = trainer.Run();
        Assert.Equal(StopReason.TargetReached, result.Reason);
        Assert.Equal(3, result.Steps);
    }

    [Fact]
    public void MetricThatSelectsTheBestDecidesTheBestCheckpointAndThePatience()
    {
        string dir = Path.Combine(_root, "selects");
        var (trainer, _) = Create(
            dir,
            maxSteps: 100,
            patience: 2,
            metrics: [new("constant", (_, _) => 0.5) { SelectsBest = true }]
        );
        var result = trainer.Run();

        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        Assert.Equal(9, result.Steps);
        Assert.Equal(0.5, result.BestValidationMetric);
        Assert.Equal("3", SafeTensorsFile.Read(result.BestCheckpoint!).Metadata["training/step"]);
        Assert.Throws<ArgumentException>(() =>
            Create(
                null,
                1,
                metrics: [new("a", (_, _) => 0) { SelectsBest = true }, new("b", (_, _) => 0) { SelectsBest = true }]
            )
        );
    }

    [Fact]
    public void MetricNamesMustBeWordsAndDistinct()
    {
        Assert.Throws<ArgumentException>(() => Create(null, 1, metrics: [PositiveShare(), PositiveShare()]));
        Assert.Throws<ArgumentException>(() => Create(null, 1, metrics: [new("val loss", (_, _) => 0)]));
        Assert.Throws<ArgumentException>(() => Create(null, 1, metrics: [new("loss", (_, _) => 0)]));
    }

    private static long[] Steps(string metrics) =>
        MetricsLog.ReadLosses(metrics).Where(l => l.Kind == "train").Select(l => l.Step).ToArray();
}
