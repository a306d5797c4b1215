using Recurrent.Cli.Console;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Distributed;
using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Training;
using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent text train</c>: trains a character language model on a UTF-8 text (or a known corpus such as
/// <c>tinyshakespeare</c>) with truncated backpropagation through time over char-rnn's parallel streams, then prints a
/// short sample and the headline results. The defaults are a small model that learns Shakespeare's look in minutes.
/// </summary>
public static class TextTrainCommand
{
    /// <summary>The directory that <c>text train</c> writes to and <c>text sample</c> reads from by default.</summary>
    public const string DefaultRunDirectory = "runs/text";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus")
        {
            Description =
                $"A UTF-8 text file, or a known corpus ({string.Join(", ", TextCorpora.All.Select(c => c.Name))}), "
                    + $"downloaded once into the cache unless ${DatasetLocator.DataDirectoryVariable} holds it.",
            DefaultValueFactory = _ => TextCorpora.TinyShakespeare.Name,
        };
        var cell = new Option<string>("--cell")
        {
            Description = "The recurrent cell: lstm, gru or rnn.",
            DefaultValueFactory = _ => "lstm",
        };
        cell.AcceptOnlyFromAmong("lstm", "gru", "rnn");
        var hidden = new Option<int>("--hidden")
        {
            Description = "Hidden size of each recurrent layer.",
            DefaultValueFactory = _ => 256,
        };
        var layers = new Option<int>("--layers")
        {
            Description = "Number of stacked recurrent layers.",
            DefaultValueFactory = _ => 2,
        };
        var embedding = new Option<int>("--embedding")
        {
            Description = "Size of the learned vector of each character.",
            DefaultValueFactory = _ => 64,
        };
        var dropout = new Option<double>("--dropout")
        {
            Description = "Dropout probability between layers and before the decoder.",
            DefaultValueFactory = _ => 0.1,
        };
        var weightDrop = WeightDropOption.Create(0);
        var seqLength = new Option<int>("--seq-length")
        {
            Description = "Steps of backpropagation through time per chunk (the state is carried on between chunks).",
            DefaultValueFactory = _ => 64,
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Number of parallel streams the training text is cut into.",
            DefaultValueFactory = _ => 32,
        };
        var valFraction = new Option<double>("--val-fraction")
        {
            Description = "The last fraction of the corpus, held out for validation.",
            DefaultValueFactory = _ => TextSplit.DefaultValidationFraction,
        };
        var sampleLength = new Option<int>("--sample-length")
        {
            Description = "Characters of the sample printed at the end (0 for none).",
            DefaultValueFactory = _ => 400,
        };
        var distributed = DistributedOption.Create();
        var training = new TrainingCommandOptions(DefaultRunDirectory);
        var command = new Command(
            "train",
            "Train a character language model (char-rnn) on a text, then print a sample."
        )
        {
            corpus,
            cell,
            hidden,
            layers,
            embedding,
            dropout,
            weightDrop,
            seqLength,
            batchSize,
            valFraction,
            sampleLength,
            distributed,
        };
        training.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                var config = new TextTrainingSettings(
                    parse.GetValue(corpus)!,
                    parse.GetValue(cell)!,
                    parse.GetValue(hidden),
                    parse.GetValue(layers),
                    parse.GetValue(embedding),
                    parse.GetValue(dropout),
                    parse.GetValue(weightDrop),
                    parse.GetValue(seqLength),
                    parse.GetValue(batchSize),
                    parse.GetValue(valFraction),
                    parse.GetValue(sampleLength)
                );
                var world = DistributedOption.Join(parse, distributed);
                // Rank 0 alone speaks; the others' lines would repeat its own.
                return DistributedOption.Run(
                    parse,
                    world,
                    () => Train(parse, world is { Rank: > 0 } ? TextWriter.Null : output, training, config, world)
                );
            }));
        return command;
    }

    private sealed record TextTrainingSettings(
        string Corpus,
        string Cell,
        int Hidden,
        int Layers,
        int Embedding,
        double Dropout,
        double WeightDrop,
        int SequenceLength,
        int BatchSize,
        double ValidationFraction,
        int SampleLength
    );

    private static int Train(
        ParseResult parse,
        TextWriter output,
        TrainingCommandOptions training,
        TextTrainingSettings s,
        MpiWorld? world
    )
    {
        if (s.Hidden < 1 || s.Layers < 1 || s.Embedding < 1 || s.SequenceLength < 1 || s.BatchSize < 1)
            throw new ArgumentException(
                "--hidden, --layers, --embedding, --seq-length and --batch-size must be positive."
            );
        DropoutOption.Check(s.Dropout);
        WeightDropOption.Check(s.WeightDrop);
        if (s.ValidationFraction is < 0 or >= 1)
            throw new ArgumentException($"--val-fraction must be in [0, 1); got {s.ValidationFraction}.");
        if (s.SampleLength < 0)
            throw new ArgumentException($"--sample-length must not be negative; got {s.SampleLength}.");

        string path = new DatasetLocator().Resolve(s.Corpus, TextCorpora.All);
        var text = TextCorpus.Load(path);
        var split = TextSplit.Create(text.Tokens, s.ValidationFraction);
        var config = new CharLanguageModelConfig(
            text.Vocabulary,
            CellKinds.Parse(s.Cell),
            s.Hidden,
            s.Layers,
            s.Embedding,
            (float)s.Dropout
        )
        {
            WeightDrop = (float)s.WeightDrop,
        };
        var recipe = new TextTraining
        {
            SequenceLength = s.SequenceLength,
            BatchSize = s.BatchSize,
            Optimizer = parameters => training.CreateOptimizer(parse, parameters),
            Clipper = training.CreateClipper(parse),
            Schedule = training.CreateSchedule(parse),
            Limits = training.TrainerOptions(parse, modelConfig: null) with { World = world },
        };
        int ranks = world?.Size ?? 1;
        long sessionSteps = 0;

        var c = CultureInfo.InvariantCulture;
        string? plot = null;
        var trained = recipe.Train(config, split, (trainer, model, data) =>
        {
            output.WriteLine(
                $"corpus {path}: {text.Tokens.Length.ToString("N0", c)} characters, vocabulary "
                    + $"{text.Vocabulary.Count}; "
                    + $"training {split.Train.Length.ToString("N0", c)}, validation "
                        + $"{split.Validation.Length.ToString("N0", c)} (last {s.ValidationFraction.ToString(c)})"
            );
            output.WriteLine(
                $"model {s.Cell} {s.Layers}x{s.Hidden}, embedding {s.Embedding}, dropout {s.Dropout.ToString(c)}"
                    + (s.WeightDrop > 0 ? $", weight drop {s.WeightDrop.ToString(c)}" : "")
                    + ": "
                    + $"{model.ParameterCount.ToString("N0", c)} parameters; "
                    + $"batches of {s.BatchSize} streams x {s.SequenceLength} steps, {data.TrainingBatchCount} per "
                        + $"epoch"
            );
            if (world is not null)
                output.WriteLine(
                    $"ranks={ranks}: data-parallel over Open MPI, {s.BatchSize / ranks} of the {s.BatchSize} streams "
                        + "on each rank, gradients averaged every step"
                );
            training.ResumeIfAsked(parse, trainer);
            long start = trainer.Step;
            (var runResult, plot) = TrainingConsole.Run(trainer, "tokens");
            sessionSteps = runResult.Steps - start;
            return runResult;
        });
        var result = trained.Result;

        if (s.SampleLength > 0 && world is not { Rank: > 0 })
        {
            // The sample comes from the best checkpoint's weights, the model that --model would load afterwards.
            ulong seed = parse.GetValue(training.Seed);
            using var sampler = new CharSampler(trained.Model);
            output.WriteLine();
            output.WriteLine($"sample (temperature 0.8, seed {seed}):");
            sampler.Generate("", s.SampleLength, new SamplingOptions { Temperature = 0.8 }, seed, output.Write);
            output.WriteLine();
            output.WriteLine();
        }

        var results = TrainingConsole.Results(result, plot, "tokens");
        int at = results.FindIndex(r => r.Key == "val_loss");
        results.Insert(at + 1, ("val_bpc", result.ValidationLoss is { } v ? v / Math.Log(2) : null));
        int rate = results.FindIndex(r => r.Key == "tokens_per_s");
        results.Insert(rate, ("ranks", ranks));
        if (world is not null && sessionSteps > 0)
        {
            // One all-reduce per step carries every gradient, the loss and the item count, as floats.
            results.InsertRange(
                rate + 1,
                [
                    ("allreduce_bytes_per_step", (trained.Model.ParameterCount + 2L) * sizeof(float)),
                    ("mpi_s_per_step", world.CommunicationTime.TotalSeconds / sessionSteps),
                ]
            );
        }
        ResultLines.Write(output, results);
        return 0;
    }
}
