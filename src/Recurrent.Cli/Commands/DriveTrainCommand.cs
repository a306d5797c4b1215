using Recurrent.Cli.Console;
using Recurrent.Models.Driving;
using System.CommandLine;
using System.Diagnostics;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent drive train</c>: trains the LSTM controller and the feed-forward one of the same width on the
/// recording, then by DAgger rounds on further training tracks, and saves each as <c>lstm.safetensors</c> and
/// <c>ff.safetensors</c> in the run directory.
/// </summary>
public static class DriveTrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var defaults = new DrivingTraining();
        var data = DriveCommand.RecordingOption("The recording made by 'drive record'.");
        var controllers = new Option<string>("--controllers")
        {
            Description = "Comma-separated controllers to train: lstm, ff.",
            DefaultValueFactory = _ => "lstm,ff",
        };
        var encoder = new Option<int>("--encoder")
        {
            Description = "Width of the image encoder (a linear projection of the 32x32 frame).",
            DefaultValueFactory = _ => 128,
        };
        var hidden = new Option<int>("--hidden")
        {
            Description = "Width of each of the two LSTM (or fully connected) layers.",
            DefaultValueFactory = _ => 64,
        };
        var epochs = new Option<int>("--max-epochs")
        {
            Description = "Epochs over the recording before DAgger.",
            DefaultValueFactory = _ => defaults.Epochs,
        };
        var rounds = new Option<int>("--dagger-rounds")
        {
            Description = "DAgger rounds (the controller drives, the expert labels).",
            DefaultValueFactory = _ => defaults.DaggerRounds,
        };
        var roundEpisodes = new Option<int>("--dagger-episodes")
        {
            Description = "Episodes driven per DAgger round.",
            DefaultValueFactory = _ => defaults.DaggerEpisodes,
        };
        var roundSlips = new Option<double>("--dagger-slip-rate")
        {
            Description = "Chance per step of a slip (random buttons or a stop) in the DAgger episodes.",
            DefaultValueFactory = _ => defaults.DaggerSlipRate,
        };
        var roundEpochs = new Option<int>("--epochs-per-round")
        {
            Description = "Epochs over all data after each DAgger round.",
            DefaultValueFactory = _ => defaults.EpochsPerRound,
        };
        var selectionTracks = new Option<int>("--selection-tracks")
        {
            Description =
                "Tracks (not the evaluation ones) on which every phase's controller races; the phase that completes "
                    + "the most laps, then laps fastest, is kept. 0 keeps the last phase's.",
            DefaultValueFactory = _ => defaults.SelectionTracks,
        };
        var batch = new Option<int>("--batch-size")
        {
            Description = "Episodes per batch.",
            DefaultValueFactory = _ => defaults.BatchSize,
        };
        var segment = new Option<int>("--segment")
        {
            Description = "Steps per segment of truncated BPTT (the state carries across segments).",
            DefaultValueFactory = _ => defaults.SegmentSteps,
        };
        var learningRate = new Option<double>("--lr")
        {
            Description = "Adam's learning rate.",
            DefaultValueFactory = _ => defaults.LearningRate,
        };
        var seed = SeedOption.Create("Seed of the weights, shuffling and DAgger episodes.");
        var output = new Option<string>("--out")
        {
            Description = "The run directory for lstm.safetensors and ff.safetensors.",
            DefaultValueFactory = _ => DriveCommand.DefaultRunDirectory,
        };
        var command = new Command(
            "train",
            "Train the LSTM and feed-forward controllers on the recording, then by DAgger."
        )
        {
            data,
            controllers,
            encoder,
            hidden,
            epochs,
            rounds,
            roundEpisodes,
            roundSlips,
            roundEpochs,
            selectionTracks,
            batch,
            segment,
            learningRate,
            seed,
            output,
            new OldSpelling<string>(data, "--data"),
            new OldSpelling<int>(epochs, "--epochs"),
        };
        command.SetAction(parse => CommandRunner.Run(parse, writer =>
            {
                DistributedOption.RefuseUnderMpi("drive train");
                var kinds = parse
                    .GetValue(controllers)!
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var kind in kinds)
                    if (kind is not ("lstm" or "ff"))
                        throw new ArgumentException($"--controllers: '{kind}' is not lstm or ff.");
                if (parse.GetValue(encoder) < 1 || parse.GetValue(hidden) < 1)
                    throw new ArgumentException("--encoder and --hidden must be positive.");
                var recipe = new DrivingTraining
                {
                    Epochs = parse.GetValue(epochs),
                    DaggerRounds = parse.GetValue(rounds),
                    DaggerEpisodes = parse.GetValue(roundEpisodes),
                    DaggerSlipRate = parse.GetValue(roundSlips),
                    EpochsPerRound = parse.GetValue(roundEpochs),
                    SelectionTracks = parse.GetValue(selectionTracks),
                    BatchSize = parse.GetValue(batch),
                    SegmentSteps = parse.GetValue(segment),
                    LearningRate = parse.GetValue(learningRate),
                    Seed = parse.GetValue(seed),
                };
                if (
                    recipe.Epochs < 0
                    || recipe.DaggerRounds < 0
                    || recipe.DaggerEpisodes < 0
                    || recipe.EpochsPerRound < 0
                    || recipe.SelectionTracks < 0
                )
                    throw new ArgumentException(
                        "--max-epochs, --dagger-rounds, --dagger-episodes, --epochs-per-round and --selection-tracks "
                            + "cannot be negative."
                    );
                if (recipe.DaggerSlipRate is < 0 or > 1)
                    throw new ArgumentException(
                        $"--dagger-slip-rate must be between 0 and 1; got {recipe.DaggerSlipRate}."
                    );
                var episodes = DrivingRecording.Read(parse.GetValue(data)!);
                string directory = parse.GetValue(output)!;
                Directory.CreateDirectory(directory);
                var results = new List<(string, object?)>();
                double total = 0;
                foreach (var kind in kinds)
                {
                    var clock = Stopwatch.StartNew();
                    var configuration = new KartControllerConfig(
                        kind == "lstm" ? KartControllerKind.Lstm : KartControllerKind.FeedForward,
                        parse.GetValue(encoder),
                        parse.GetValue(hidden)
                    );
                    var model = recipe.Train(configuration, episodes, line =>
                        writer.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}")
                    );
                    string path = DriveCommand.ControllerPath(directory, kind);
                    model.Save(path);
                    double seconds = clock.Elapsed.TotalSeconds;
                    total += seconds;
                    writer.WriteLine(
                        $"{kind}: {model.ParameterCount:N0} parameters, trained in {seconds:F0} s; wrote {path}"
                    );
                    results.Add(($"{kind}_parameters", model.ParameterCount));
                    results.Add(($"{kind}_train_seconds", seconds));
                }
                results.Add(("train_seconds", total));
                ResultLines.Write(writer, results);
                return 0;
            }));
        return command;
    }
}
