namespace Recurrent.Datasets;

/// <summary>
/// A text data file (<c>.ts</c>, CSV, optdigits) that cannot be read, with the place of the problem. The message
/// starts with <c>file:line:column:</c> so editors and terminals can jump to it.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>
    /// Creates the exception for a problem at <paramref name="line"/> and <paramref name="column"/> of
    /// <paramref name="filePath"/>.
    /// </summary>
    /// <param name="filePath">The file.</param>
    /// <param name="line">The line, counted from 1.</param>
    /// <param name="column">The column of the character where the problem starts, counted from 1.</param>
    /// <param name="problem">What is wrong, in words a user can act on.</param>
    public DataFormatException(string filePath, int line, int column, string problem)
        : base($"{filePath}:{line}:{column}: {problem}")
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The line, counted from 1.</summary>
    public int Line { get; }

    /// <summary>The column, counted from 1.</summary>
    public int Column { get; }

    /// <summary>The problem without the place.</summary>
    public string Problem { get; }
}
