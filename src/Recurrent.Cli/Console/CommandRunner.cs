using Recurrent.Tensors;
using Recurrent.Training;
using System.CommandLine;

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

    /// <summary>
    /// Runs <paramref name="body"/> with the invocation's output writer and returns its exit code, or reports a user
    /// error on the invocation's error writer. An option given under its previous release's name gets a warning there
    /// first.
    /// </summary>
    public static int Run(ParseResult parse, Func<TextWriter, int> body)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        var error = parse.InvocationConfiguration.Error;
        OldSpellings.Warn(parse, error);
        try
        {
            return body(parse.InvocationConfiguration.Output);
        }
        catch (TrainingDivergedException e)
        {
            error.WriteLine($"error: {e.Message}");
            return Diverged;
        }
        // IOException covers a damaged checkpoint (CheckpointFormatException), a missing file or directory and a failed
        // download; InvalidDataException a text that is not UTF-8 or is empty; FormatException a malformed data file;
        // NotSupportedException a feature this build of the tool leaves out (the native binary has no GIF encoder).
        catch (Exception e)
            when (e
                    is IOException
                        or InvalidDataException
                        or FormatException
                        or ShapeMismatchException
                        or ArgumentException
                        or UnauthorizedAccessException
                        or NotSupportedException
            )
        {
            error.WriteLine($"error: {Said(e)}");
            return UserError;
        }
    }

    // The message, without the "(Parameter 'options')" that .NET appends for a library's argument: the user gave
    // options on a command line, not a parameter.
    private static string Said(Exception e) =>
        e is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : e.Message;
}
