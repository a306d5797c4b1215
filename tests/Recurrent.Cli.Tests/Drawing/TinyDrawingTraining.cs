using Recurrent.Tests.Data;

namespace Recurrent.Tests.Drawing;

/// <summary>
/// The arguments of a <c>draw train</c> on the Hershey fonts of the shared data directory with a model small enough
/// that a test trains it in seconds; the tests that train a drawing model through the tool share them.
/// </summary>
public static class TinyDrawingTraining
{
    /// <summary>The arguments, writing to <paramref name="run"/>, followed by <paramref name="extra"/>.</summary>
    public static string[] Arguments(string run, params string[] extra) =>
        [
            "draw",
            "train",
            "--dataset",
            "hershey",
            "--data-dir",
            SharedData.Root!,
            "--hidden",
            "8",
            "--layers",
            "2",
            "--mixtures",
            "2",
            "--embedding",
            "4",
            "--batch-size",
            "16",
            "--val-fraction",
            "0.2",
            "--test-fraction",
            "0.2",
            "--out",
            run,
            .. extra,
        ];
}
