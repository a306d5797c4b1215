using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent drive</c>: a controller from pixels, as MariFlow played Mario Kart: <c>record</c> the expert,
/// <c>train</c> the LSTM and feed-forward controllers (with DAgger), <c>eval</c> them on unseen tracks, <c>play</c> a
/// lap into an animated GIF.
/// </summary>
public static class DriveCommand
{
    /// <summary>The directory the drive commands write to and read from by default.</summary>
    public const string DefaultRunDirectory = "runs/drive";

    /// <summary>The recording <c>drive record</c> writes and <c>drive train</c> reads by default.</summary>
    public static string DefaultRecording => Path.Combine(DefaultRunDirectory, "expert.driving");

    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create() =>
        new(
            "drive",
            "Drive a kart from the screen: record an expert, train LSTM and feed-forward controllers (DAgger), "
                + "evaluate them, play a lap to a GIF."
        )
        {
            DriveRecordCommand.Create(),
            DriveTrainCommand.Create(),
            DriveEvalCommand.Create(),
            DrivePlayCommand.Create(),
        };

    /// <summary><c>--recording</c>: the file <c>drive record</c> writes and <c>drive train</c> reads.</summary>
    internal static Option<string> RecordingOption(string description) =>
        new("--recording") { Description = description, DefaultValueFactory = _ => DefaultRecording };

    /// <summary>The controller file of <paramref name="kind"/> (<c>lstm</c> or <c>ff</c>) in a run directory.</summary>
    internal static string ControllerPath(string directory, string kind) =>
        Path.Combine(directory, $"{kind}.safetensors");
}
