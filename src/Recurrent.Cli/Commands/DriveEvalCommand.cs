using Recurrent.Cli.Console;
using Recurrent.Models.Driving;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent drive eval</c>: races the expert and the trained controllers on evaluation tracks never used in
/// training, from a standing start, and prints the share of laps completed within the time limit and the mean lap
/// time of each as a Markdown table.
/// </summary>
public static class DriveEvalCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var tracks = new Option<int>("--tracks")
        {
            Description = "Evaluation tracks to race on (track k has seed 1,000,000 + k).",
            DefaultValueFactory = _ => 20,
        };
        var laps = new Option<int>("--laps")
        {
            Description = "Laps per track; a lap past the time limit ends the race.",
            DefaultValueFactory = _ => 2,
        };
        var firstTrack = new Option<int>("--first-track")
        {
            Description = "The number of the first evaluation track (tracks first to first + tracks - 1).",
            DefaultValueFactory = _ => 1,
        };
        var dropFrames = new Option<double>("--drop-frames")
        {
            Description = "Chance per step that a controller is shown the previous frame again (a dropped frame).",
            DefaultValueFactory = _ => 0,
        };
        var noise = new Option<double>("--noise")
        {
            Description = "Standard deviation of Gaussian sensor noise on each pixel, in grey levels (0 to 255).",
            DefaultValueFactory = _ => 0,
        };
        var models = new Option<string>("--models")
        {
            Description = "The run directory with lstm.safetensors and ff.safetensors (either may be missing).",
            DefaultValueFactory = _ => DriveCommand.DefaultRunDirectory,
        };
        var command = new Command(
            "eval",
            "Race the expert and the controllers on unseen tracks: laps completed within the time limit and mean lap "
                + "time."
        )
        {
            tracks,
            laps,
            firstTrack,
            dropFrames,
            noise,
            models,
        };
        command.SetAction(parse => CommandRunner.Run(parse, writer =>
            {
                int trackCount = parse.GetValue(tracks),
                    lapCount = parse.GetValue(laps),
                    first = parse.GetValue(firstTrack);
                if (trackCount < 1 || lapCount < 1 || first < 1)
                    throw new ArgumentException("--tracks, --laps and --first-track must be positive.");
                double dropRate = parse.GetValue(dropFrames),
                    noiseLevel = parse.GetValue(noise);
                if (!(dropRate >= 0 && dropRate < 1))
                    throw new ArgumentException($"--drop-frames must be at least 0 and below 1; got {dropRate}.");
                if (!(noiseLevel >= 0 && noiseLevel <= 255))
                    throw new ArgumentException($"--noise is in grey levels, from 0 to 255; got {noiseLevel}.");
                var disturbance = new FrameDisturbance(dropRate, noiseLevel);
                string directory = parse.GetValue(models)!;
                var drivers = new List<(
                    string Key,
                    string Name,
                    Func<Func<KartRace, ReadOnlyMemory<byte>, KartButtons>> Make
                )>
                {
                    ("expert", "expert (pure pursuit, true geometry)", DrivingEvaluation.Expert),
                };
                foreach (
                    var (key, name) in new[]
                    {
                        ("lstm", "LSTM controller (pixels)"),
                        ("ff", "feed-forward controller (pixels, one frame)"),
                    }
                )
                {
                    string path = DriveCommand.ControllerPath(directory, key);
                    if (!File.Exists(path))
                    {
                        writer.WriteLine($"{path} does not exist; skipping the {key} controller.");
                        continue;
                    }
                    var controller = KartController.Load(path);
                    drivers.Add(
                        (key, $"{name}, {controller.ParameterCount:N0} parameters", () =>
                            DrivingEvaluation.Controller(controller)
                        )
                    );
                }

                var results = new List<(string, object?)>();
                writer.WriteLine($"| driver | laps completed | share | mean lap time (s) | steps off track | races |");
                writer.WriteLine("|---|---:|---:|---:|---:|---:|");
                double totalSeconds = 0;
                long totalSteps = 0;
                var scores = new List<DrivingScore>();
                foreach (var (key, name, make) in drivers)
                {
                    var clock = Stopwatch.StartNew();
                    // The expert reads the true geometry, so camera faults would not reach it.
                    var score = DrivingEvaluation.Run(
                        trackCount,
                        lapCount,
                        make,
                        key == "expert" ? null : disturbance,
                        first
                    );
                    scores.Add(score);
                    double seconds = clock.Elapsed.TotalSeconds;
                    totalSeconds += seconds;
                    long steps = score.Races.Sum(r => (long)r.Steps);
                    totalSteps += steps;
                    writer.WriteLine(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"| {name} | {score.LapsCompleted}/{score.LapsAttempted} | {score.CompletedShare:P1} | "
                                + $"{score.MeanLapTime:F2} | {score.OffTrackShare:P1} | {seconds:F1} s, "
                                + $"{steps / seconds:F0} steps/s |"
                        )
                    );
                    results.Add(($"{key}_laps_completed", score.LapsCompleted));
                    results.Add(($"{key}_completed_share", score.CompletedShare));
                    results.Add(($"{key}_mean_lap_seconds", score.MeanLapTime));
                    results.Add(($"{key}_off_track_share", score.OffTrackShare));
                    results.Add(($"{key}_steps_per_second", steps / seconds));
                }
                WritePerTrack(writer, drivers.Select(d => d.Key).ToList(), scores, first);
                results.Add(("laps_attempted", trackCount * lapCount));
                results.Add(("first_track", first));
                results.Add(("drop_frames", dropRate));
                results.Add(("noise", noiseLevel));
                results.Add(("eval_seconds", totalSeconds));
                ResultLines.Write(writer, results);
                return 0;
            }));
        return command;
    }

    // Lap times track by track, so that drivers can be compared on the same tracks; a dash is a lap not completed.
    private static void WritePerTrack(
        TextWriter writer,
        IReadOnlyList<string> keys,
        IReadOnlyList<DrivingScore> scores,
        int firstTrack
    )
    {
        writer.WriteLine();
        writer.WriteLine($"| track | length (m) | {string.Join(" | ", keys.Select(k => $"{k} laps (s)"))} |");
        writer.WriteLine($"|---:|---:|{string.Concat(keys.Select(_ => "---|"))}");
        for (int t = 0; t < scores[0].Races.Count; t++)
        {
            var race = scores[0].Races[t];
            var cells = scores.Select(s =>
                string.Join(
                    " / ",
                    Enumerable
                        .Range(0, s.Races[t].LapsAttempted)
                        .Select(l =>
                            l < s.Races[t].LapTimes.Length
                                ? s.Races[t].LapTimes[l].ToString("F2", CultureInfo.InvariantCulture)
                                : "-"
                        )
                )
            );
            writer.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {t + firstTrack} | {race.TrackLength:F0} | {string.Join(" | ", cells)} |"
                )
            );
        }
        writer.WriteLine();
    }
}
