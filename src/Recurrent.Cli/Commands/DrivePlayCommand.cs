using Recurrent.Cli.Console;
using Recurrent.Cli.Driving;
using Recurrent.Models.Driving;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent drive play</c>: a controller (or the expert) races on one evaluation track and the race is written
/// as an animated GIF: the network's 32x32 input beside the top view of the track, and the buttons it presses.
/// </summary>
public static class DrivePlayCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<string?>("--model")
        {
            Description = "The controller to drive (a .safetensors from 'drive train'); without it the expert drives.",
        };
        var track = new Option<int>("--track")
        {
            Description = "The evaluation track (seed 1,000,000 + k).",
            DefaultValueFactory = _ => 7,
        };
        var laps = new Option<int>("--laps") { Description = "Laps to race.", DefaultValueFactory = _ => 1 };
        var every = new Option<int>("--every")
        {
            Description = "Keep every n-th step as a GIF frame (the game runs at 20 steps per second).",
            DefaultValueFactory = _ => 2,
        };
        var output = new Option<string>("--gif")
        {
            Description = "The GIF to write.",
            DefaultValueFactory = _ => "run.gif",
        };
        var command = new Command("play", "Race one lap with a controller and write it as an animated GIF.")
        {
            model,
            track,
            laps,
            every,
            output,
            new OldSpelling<string>(output, "--out"),
        };
        command.SetAction(parse => CommandRunner.Run(parse, writer =>
            {
                if (!GifEncoding.IsSupported)
                    throw new NotSupportedException(
                        "drive play writes its GIF with SixLabors.ImageSharp, which the native build of recurrent "
                            + "leaves out; run the .NET tool (dotnet tool install -g Recurrent.Cli) for it."
                    );
                int trackNumber = parse.GetValue(track),
                    lapCount = parse.GetValue(laps),
                    keep = parse.GetValue(every);
                if (lapCount < 1 || keep < 1)
                    throw new ArgumentException("--laps and --every must be positive.");
                string? modelPath = parse.GetValue(model);
                var controller = modelPath is null ? null : KartController.Load(modelPath);
                var raceTrack = RaceTrack.Generate(DrivingEvaluation.TrackSeed(trackNumber));
                Func<KartRace, ReadOnlyMemory<byte>, KartButtons> driver;
                var probabilities = new float[KartButtonSet.Count];
                if (controller is null)
                    driver = DrivingEvaluation.Expert();
                else
                {
                    controller.ResetDriving();
                    driver = (_, frame) => controller.Act(frame.Span, probabilities);
                }
                using var animation = new RaceAnimation(raceTrack, keep);
                var result = DrivingSessions.Race(raceTrack, lapCount, driver, (race, frame, buttons) =>
                    animation.Add(race, frame.Span, buttons, controller is null ? null : probabilities)
                );
                string path = parse.GetValue(output)!;
                animation.Save(path);
                string who = controller is null ? "the expert" : $"the {controller.Config.Kind} controller";
                writer.WriteLine(
                    $"{who} on track {trackNumber} (seed {raceTrack.Seed}, {raceTrack.Length:F0} m, limit "
                        + $"{new KartRace(raceTrack).LapTimeLimit:F1} s per lap): "
                        + $"{result.LapsCompleted}/{lapCount} laps, times "
                            + $"{string.Join(", ", result.LapTimes.Select(t => $"{t:F2} s"))}; wrote "
                            + $"{animation.FrameCount} frames to {path}"
                );
                ResultLines.Write(
                    writer,
                    [
                        ("laps_completed", result.LapsCompleted),
                        ("lap_seconds", result.LapTimes.Length > 0 ? result.LapTimes.Average() : double.NaN),
                        ("gif", path),
                    ]
                );
                return 0;
            }));
        return command;
    }
}
