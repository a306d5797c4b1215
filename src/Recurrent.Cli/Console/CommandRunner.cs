using Recurrent.IO;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Cli.Console;

/// <summary>
/// Runs a command's body and turns the errors a user can cause (a damaged file, a missing file, bad arguments, a
/// diverging run) into one clear line on standard error and a non-zero exit code, instead of a stack trace.
/// </summary>
public static class CommandRunner
{
    /// <summary>Exit code for a user error (bad input, missing or damaged file).</summary>
    public const int UserError = 1;

    /// <summary>Exit code for a training run that diverged.</summary>
    public const int Diverged = 3;

    /// <summary>Runs <paramref name="body"/> and returns its exit code, or reports a user error.</summary>
    public static int Run(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (TrainingDivergedException e)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return Diverged;
        }
        catch (Exception e) when (e is CheckpointFormatException or FileNotFoundException or DirectoryNotFoundException or ShapeMismatchException or ArgumentException or UnauthorizedAccessException)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return UserError;
        }
    }
}
