namespace Recurrent.Tests;

/// <summary>
/// What code that should allocate nothing allocates on the calling thread.
/// </summary>
public static class ThreadAllocations
{
    /// <summary>
    /// The fewest bytes the calling thread allocated in any of <paramref name="rounds"/> runs of
    /// <paramref name="round"/>. Now and then the runtime itself allocates on a thread that calls into it (once seen
    /// while the whole suite ran on two busy cores, and never again alone), and that shows in one round; an
    /// allocation of the code under test shows in every round.
    /// </summary>
    public static long Fewest(Action round, int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(round);
        long fewest = long.MaxValue;
        for (int r = 0; r < rounds && fewest > 0; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
