using Recurrent.Cli.Console;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;
using System.CommandLine;

namespace Recurrent.Tests.Training;

public class TrainingCommandOptionsTests
{
    private static (TrainingCommandOptions Options, ParseResult Parse) Parse(params string[] args)
    {
        var options = new TrainingCommandOptions("runs/test");
        var command = new Command("train");
        options.AddTo(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return (options, parse);
    }

    [Fact]
    public void CharRnnStyleFlagsBecomeTrainerPieces()
    {
        var (options, parse) = Parse(
            "--optimizer",
            "rmsprop",
            "--lr",
            "0.002",
            "--lr-decay",
            "0.97",
            "--lr-decay-after",
            "10",
            "--clip-value",
            "5",
            "--max-minutes",
            "30",
            "--eval-every",
            "500",
            "--seed",
            "7",
            "--out",
            "runs/x"
        );

        var trainer = options.TrainerOptions(parse, new Dictionary<string, string> { ["cell"] = "lstm" });
        Assert.Equal(TimeSpan.FromMinutes(30), trainer.MaxDuration);
        Assert.Null(trainer.MaxEpochs);
        Assert.Equal(500, trainer.EvaluateEvery);
        Assert.Equal(7UL, trainer.Seed);
        Assert.Equal("runs/x", trainer.CheckpointDirectory);

        var optimizer = Assert.IsType<RmsProp>(options.CreateOptimizer(parse, [Tensor.Zeros(2)]));
        Assert.Equal(0.002, optimizer.LearningRate);
        Assert.Equal(5.0, options.CreateClipper(parse)!.ClipValue);
        var schedule = Assert.IsType<ExponentialSchedule>(options.CreateSchedule(parse));
        Assert.Equal(10, schedule.StartEpoch);
    }

    [Fact]
    public void DefaultsAreTenEpochsAdamNormClippingAndNoSchedule()
    {
        var (options, parse) = Parse();
        Assert.Equal(10, options.TrainerOptions(parse, null).MaxEpochs);
        Assert.Equal("runs/test", options.TrainerOptions(parse, null).CheckpointDirectory);
        Assert.IsType<Adam>(options.CreateOptimizer(parse, [Tensor.Zeros(2)]));
        Assert.Equal(5.0, options.CreateClipper(parse)!.MaxNorm);
        Assert.Null(options.CreateSchedule(parse));
    }

    [Fact]
    public void EmaIsTheDecayOfTheWeightsAverageAndOutsideZeroToOneIsAClearError()
    {
        var (plain, plainParse) = Parse();
        Assert.Null(plain.TrainerOptions(plainParse, null).EmaDecay);
        var (options, parse) = Parse("--ema", "0.999");
        Assert.Equal(0.999, options.TrainerOptions(parse, null).EmaDecay);
        var (off, offParse) = Parse("--ema", "0");
        Assert.Null(off.TrainerOptions(offParse, null).EmaDecay);
        var (bad, badParse) = Parse("--ema", "1");
        var error = Assert.Throws<ArgumentException>(() => bad.TrainerOptions(badParse, null));
        Assert.Contains("--ema must be between 0 and 1", error.Message);
    }

    [Fact]
    public void UnknownOptimizerIsAParseError()
    {
        var options = new TrainingCommandOptions("runs/test");
        var command = new Command("train");
        options.AddTo(command);
        Assert.NotEmpty(command.Parse(["--optimizer", "lbfgs"]).Errors);
    }
}
