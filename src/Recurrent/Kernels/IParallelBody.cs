namespace Recurrent.Kernels;

/// <summary>
/// The work of one <see cref="ParallelLoop.For{TBody}"/> call. A struct, so that starting a parallel loop allocates
/// nothing: its fields carry the loop's arguments.
/// </summary>
public interface IParallelBody
{
    /// <summary>Does items <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    void Run(int start, int end);
}
