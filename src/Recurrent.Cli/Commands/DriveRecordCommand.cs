using Recurrent.Cli.Console;
using Recurrent.Models.Driving;
using Recurrent.Tensors;
using System.CommandLine;
using System.Diagnostics;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent drive record</c>: the expert drives episodes on training tracks (track seeds 1..N, one per episode)
/// with occasional random slips it has to recover from; every frame is saved with the expert's buttons.
/// </summary>
public static class DriveRecordCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var episodes = new Option<int>("--episodes")
        {
            Description = "Episodes to record, each on a track of its own.",
            DefaultValueFactory = _ => 100,
        };
        var steps = new Option<int>("--episode-steps")
        {
            Description = "Steps per episode (20 per second of game time).",
            DefaultValueFactory = _ => 400,
        };
        var slipRate = new Option<double>("--slip-rate")
        {
            Description = "Chance per step that a slip of 3 to 10 steps of random buttons starts.",
            DefaultValueFactory = _ => 0.03,
        };
        var seed = SeedOption.Create("Seed of the starting positions and slips.");
        var output = DriveCommand.RecordingOption("The recording to write.");
        var command = new Command(
            "record",
            "Record the expert (pure pursuit on the centre line) driving: frames and buttons."
        )
        {
            episodes,
            steps,
            slipRate,
            seed,
            output,
            new OldSpelling<int>(steps, "--steps"),
            new OldSpelling<string>(output, "--out"),
        };
        command.SetAction(parse => CommandRunner.Run(parse, writer =>
            {
                int count = parse.GetValue(episodes),
                    length = parse.GetValue(steps);
                double slips = parse.GetValue(slipRate);
                if (count < 1 || length < 1)
                    throw new ArgumentException("--episodes and --episode-steps must be positive.");
                if (slips is < 0 or > 1)
                    throw new ArgumentException($"--slip-rate must be between 0 and 1; got {slips}.");
                string path = parse.GetValue(output)!;
                var clock = Stopwatch.StartNew();
                var rng = new RandomGenerator(parse.GetValue(seed));
                var recorded = new List<DrivingEpisode>(count);
                for (int e = 0; e < count; e++)
                    recorded.Add(DrivingSessions.Record(e + 1, length, rng, slipRate: slips));
                double seconds = clock.Elapsed.TotalSeconds;
                if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
                    Directory.CreateDirectory(directory);
                DrivingRecording.Write(path, recorded);
                long frames = (long)count * length;
                writer.WriteLine(
                    $"recorded {count} episodes of {length} steps ({frames:N0} frames) in {seconds:F1} s: "
                        + $"{frames / seconds:F0} steps/s (game, camera and expert); wrote {path}"
                );
                ResultLines.Write(
                    writer,
                    [
                        ("episodes", count),
                        ("frames", frames),
                        ("record_seconds", seconds),
                        ("record_steps_per_second", frames / seconds),
                        ("recording", path),
                    ]
                );
                return 0;
            }));
        return command;
    }
}
