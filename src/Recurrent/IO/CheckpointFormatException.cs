namespace Recurrent.IO;

/// <summary>
/// Thrown when a checkpoint or safetensors file cannot be read or does not fit what it is loaded into: a truncated
/// file, a bad header, an unknown dtype, inconsistent offsets, a missing or mis-shaped tensor. The message names the
/// file and the problem.
/// </summary>
public sealed class CheckpointFormatException : IOException
{
    /// <summary>
    /// Creates the exception for the file at <paramref name="filePath"/> and a description of
    /// <paramref name="problem"/>.
    /// </summary>
    public CheckpointFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
