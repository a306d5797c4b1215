using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;
using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// The options every training subcommand shares (<c>--out</c>, <c>--optimizer</c>, <c>--lr</c>, <c>--lr-schedule</c>,
/// <c>--lr-decay</c>, <c>--lr-decay-after</c>, <c>--min-lr</c>, <c>--clip</c>, <c>--clip-value</c>,
/// <c>--max-epochs</c>, <c>--max-steps</c>, <c>--max-minutes</c>, <c>--eval-every</c>, <c>--patience</c>,
/// <c>--ema</c>, <c>--seed</c>, <c>--resume</c>), and how they become a <see cref="TrainerOptions"/>, an optimiser,
/// a clipper and a schedule. An application's <c>train</c> command calls <see cref="AddTo"/> and then reads them
/// back in its action; the defaults are char-rnn's, the seed <see cref="SeedOption.Default"/>.
/// </summary>
public sealed class TrainingCommandOptions
{
    /// <summary>
    /// Creates the options; <paramref name="defaultOut"/> is the checkpoint directory when <c>--out</c> is not given;
    /// <paramref name="defaultPatience"/>, <paramref name="defaultEvaluateEvery"/> and
    /// <paramref name="defaultSchedule"/> are the defaults of <c>--patience</c> (none: no early stop),
    /// <c>--eval-every</c> (0: every epoch) and <c>--lr-schedule</c>, <paramref name="defaultEma"/> that of
    /// <c>--ema</c> (none: no average).
    /// </summary>
    public TrainingCommandOptions(
        string defaultOut,
        double defaultLearningRate = 2e-3,
        string defaultOptimizer = "adam",
        int? defaultPatience = null,
        int defaultEvaluateEvery = 0,
        string defaultSchedule = "exponential",
        double? defaultEma = null
    )
    {
        Out = new Option<string>("--out")
        {
            Description = "Directory for best.safetensors, last.safetensors, metrics.jsonl and loss.png.",
            DefaultValueFactory = _ => defaultOut,
        };
        Optimizer = new Option<string>("--optimizer")
        {
            Description = "sgd, rmsprop, adagrad, adam or adamw (PyTorch's update rules).",
            DefaultValueFactory = _ => defaultOptimizer,
        };
        Optimizer.AcceptOnlyFromAmong("sgd", "rmsprop", "adagrad", "adam", "adamw");
        LearningRate = new Option<double>("--lr")
        {
            Description = "Learning rate.",
            DefaultValueFactory = _ => defaultLearningRate,
        };
        LearningRateDecay = new Option<double>("--lr-decay")
        {
            Description =
                "Multiply the learning rate by this at the end of each epoch once --lr-decay-after epochs are done "
                    + "(char-rnn: 0.97); 1 keeps it constant.",
            DefaultValueFactory = _ => 1.0,
        };
        LearningRateDecayAfter = new Option<int>("--lr-decay-after")
        {
            Description = "Epochs before the decay starts.",
            DefaultValueFactory = _ => 10,
        };
        Schedule = new Option<string>("--lr-schedule")
        {
            Description =
                "exponential: char-rnn's decay per epoch (--lr-decay, --lr-decay-after); cosine: from --lr down to "
                    + "--min-lr over --max-steps steps (PyTorch's CosineAnnealingLR); plateau: halve it after "
                    + "--lr-patience evaluations without a better validation loss (PyTorch's ReduceLROnPlateau).",
            DefaultValueFactory = _ => defaultSchedule,
        };
        Schedule.AcceptOnlyFromAmong("exponential", "cosine", "plateau");
        LearningRatePatience = new Option<int>("--lr-patience")
        {
            Description = "With --lr-schedule plateau: evaluations without a better validation loss before halving.",
            DefaultValueFactory = _ => 4,
        };
        MinLearningRate = new Option<double>("--min-lr")
        {
            Description = "The learning rate the cosine schedule ends at, and the floor of plateau halving.",
            DefaultValueFactory = _ => 0.0,
        };
        Clip = new Option<double>("--clip")
        {
            Description = "Clip gradients to this global L2 norm (as clip_grad_norm_); 0 turns it off.",
            DefaultValueFactory = _ => 5.0,
        };
        ClipValue = new Option<double?>("--clip-value")
        {
            Description =
                "Clamp each gradient element to [-v, v] (as char-rnn's grad_clip) instead of clipping the norm.",
        };
        MaxEpochs = new Option<int?>("--max-epochs") { Description = "Stop after this many epochs." };
        MaxSteps = new Option<long?>("--max-steps") { Description = "Stop after this many optimiser steps." };
        MaxMinutes = new Option<double?>("--max-minutes")
        {
            Description = "Stop after this many minutes of training (a checkpoint is saved).",
        };
        EvaluateEvery = new Option<int>("--eval-every")
        {
            Description =
                "Evaluate on the validation part every this many steps; 0 evaluates at the end of each epoch.",
            DefaultValueFactory = _ => defaultEvaluateEvery,
        };
        Patience = new Option<int?>("--patience")
        {
            Description = "Stop after this many evaluations without a better validation loss.",
            DefaultValueFactory = _ => defaultPatience,
        };
        Ema = new Option<double?>("--ema")
        {
            Description =
                "Keep an exponential moving average of the weights with this decay (0.99 to 0.9999); evaluations, "
                    + "best.safetensors and the final model use the average. 0 keeps none.",
            DefaultValueFactory = _ => defaultEma,
        };
        Seed = SeedOption.Create();
        Resume = new Option<FileInfo?>("--resume")
        {
            Description = "Continue the run saved in this checkpoint (last.safetensors) exactly where it stopped.",
        };
    }

    /// <summary><c>--ema</c>: the decay of the weights' moving average, or none.</summary>
    public Option<double?> Ema { get; }

    /// <summary><c>--out</c>.</summary>
    public Option<string> Out { get; }

    /// <summary><c>--optimizer</c>.</summary>
    public Option<string> Optimizer { get; }

    /// <summary><c>--lr</c>.</summary>
    public Option<double> LearningRate { get; }

    /// <summary><c>--lr-decay</c>.</summary>
    public Option<double> LearningRateDecay { get; }

    /// <summary><c>--lr-decay-after</c>.</summary>
    public Option<int> LearningRateDecayAfter { get; }

    /// <summary><c>--lr-schedule</c>.</summary>
    public Option<string> Schedule { get; }

    /// <summary><c>--lr-patience</c>.</summary>
    public Option<int> LearningRatePatience { get; }

    /// <summary><c>--min-lr</c>.</summary>
    public Option<double> MinLearningRate { get; }

    /// <summary><c>--clip</c>.</summary>
    public Option<double> Clip { get; }

    /// <summary><c>--clip-value</c>.</summary>
    public Option<double?> ClipValue { get; }

    /// <summary><c>--max-epochs</c>.</summary>
    public Option<int?> MaxEpochs { get; }

    /// <summary><c>--max-steps</c>.</summary>
    public Option<long?> MaxSteps { get; }

    /// <summary><c>--max-minutes</c>.</summary>
    public Option<double?> MaxMinutes { get; }

    /// <summary><c>--eval-every</c>.</summary>
    public Option<int> EvaluateEvery { get; }

    /// <summary><c>--patience</c>.</summary>
    public Option<int?> Patience { get; }

    /// <summary><c>--seed</c>.</summary>
    public Option<ulong> Seed { get; }

    /// <summary><c>--resume</c>.</summary>
    public Option<FileInfo?> Resume { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (
            var option in new Option[]
            {
                Out,
                Optimizer,
                LearningRate,
                Schedule,
                LearningRateDecay,
                LearningRateDecayAfter,
                LearningRatePatience,
                MinLearningRate,
                Clip,
                ClipValue,
                MaxEpochs,
                MaxSteps,
                MaxMinutes,
                EvaluateEvery,
                Patience,
                Ema,
                Seed,
                Resume,
            }
        )
            command.Options.Add(option);
    }

    /// <summary>
    /// The trainer options the command line asks for; without any limit, training runs for 10 epochs.
    /// </summary>
    public TrainerOptions TrainerOptions(
        ParseResult parse,
        IReadOnlyDictionary<string, string>? modelConfig,
        int logEvery = 10
    )
    {
        ArgumentNullException.ThrowIfNull(parse);
        int? maxEpochs = parse.GetValue(MaxEpochs);
        long? maxSteps = parse.GetValue(MaxSteps);
        double? maxMinutes = parse.GetValue(MaxMinutes);
        if (maxEpochs is null && maxSteps is null && maxMinutes is null)
            maxEpochs = 10;
        if (maxMinutes is <= 0)
            throw new ArgumentException($"--max-minutes must be positive; got {maxMinutes}.");
        double? ema = parse.GetValue(Ema);
        if (ema is not null && !(ema >= 0 && ema < 1))
            throw new ArgumentException($"--ema must be between 0 and 1 (for example 0.999); got {ema}.");
        if (ema == 0)
            ema = null;
        return new TrainerOptions
        {
            MaxEpochs = maxEpochs,
            MaxSteps = maxSteps,
            MaxDuration = maxMinutes is { } m ? TimeSpan.FromMinutes(m) : null,
            EvaluateEvery = parse.GetValue(EvaluateEvery),
            Patience = parse.GetValue(Patience),
            EmaDecay = ema,
            Seed = parse.GetValue(Seed),
            LogEvery = logEvery,
            CheckpointDirectory = parse.GetValue(Out),
            ModelConfig = modelConfig,
        };
    }

    /// <summary>
    /// The optimiser named by <c>--optimizer</c> with <c>--lr</c>, over <paramref name="parameters"/>.
    /// </summary>
    public Optimizers.Optimizer CreateOptimizer(ParseResult parse, IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parse);
        double lr = parse.GetValue(LearningRate);
        return parse.GetValue(Optimizer) switch
        {
            "sgd" => new Sgd(parameters, lr, momentum: 0.9),
            "rmsprop" => new RmsProp(parameters, lr, alpha: 0.95),
            "adagrad" => new Adagrad(parameters, lr),
            "adamw" => new AdamW(parameters, lr),
            _ => new Adam(parameters, lr),
        };
    }

    /// <summary>
    /// The clipper asked for: by value with <c>--clip-value</c>, else by norm unless <c>--clip 0</c>.
    /// </summary>
    public GradientClipper? CreateClipper(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(ClipValue) is { } value)
            return GradientClipper.ByValue(value);
        double norm = parse.GetValue(Clip);
        return norm > 0 ? GradientClipper.ByNorm(norm) : null;
    }

    /// <summary>
    /// The cosine schedule over <c>--max-steps</c> with <c>--lr-schedule cosine</c>; otherwise char-rnn's exponential
    /// decay when <c>--lr-decay</c> is below 1, else no schedule.
    /// </summary>
    public LearningRateSchedule? CreateSchedule(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(Schedule) == "cosine")
        {
            long steps = parse.GetValue(MaxSteps)
                ?? throw new ArgumentException(
                    "--lr-schedule cosine decays over --max-steps steps; give --max-steps (with --max-minutes as well, "
                        + "if time is the limit)."
                );
            double lr = parse.GetValue(LearningRate),
                min = parse.GetValue(MinLearningRate);
            if (!(min >= 0) || min > lr)
                throw new ArgumentException($"--min-lr must be between 0 and --lr ({lr}); got {min}.");
            return new CosineSchedule(lr, steps, minLearningRate: min);
        }
        if (parse.GetValue(Schedule) == "plateau")
        {
            int patience = parse.GetValue(LearningRatePatience);
            if (patience < 0)
                throw new ArgumentException($"--lr-patience cannot be negative; got {patience}.");
            return new ReduceOnPlateauSchedule(
                parse.GetValue(LearningRate),
                factor: 0.5,
                patience,
                minLearningRate: parse.GetValue(MinLearningRate)
            );
        }
        double decay = parse.GetValue(LearningRateDecay);
        return decay < 1
            ? new ExponentialSchedule(parse.GetValue(LearningRate), decay, parse.GetValue(LearningRateDecayAfter))
            : null;
    }

    /// <summary>Resumes <paramref name="trainer"/> from <c>--resume</c>, when given.</summary>
    public void ResumeIfAsked<TBatch>(ParseResult parse, Trainer<TBatch> trainer)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(trainer);
        if (parse.GetValue(Resume) is { } checkpoint)
            trainer.LoadCheckpoint(checkpoint.FullName);
    }
}
