using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// The ranks of a data-parallel job as threads of one process, for tests that need the collective calls without
/// MPI: each call waits for every rank, and each sum is taken in rank order, so that every rank gets the same bits.
/// </summary>
public sealed class ThreadedWorld : ITrainingWorld
{
    private readonly Shared _shared;

    private ThreadedWorld(Shared shared, int rank)
    {
        _shared = shared;
        Rank = rank;
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size => _shared.Slots.Length;

    /// <summary>
    /// Runs <paramref name="body"/> on one thread per rank and returns each rank's result, rank 0 first.
    /// </summary>
    public static T[] Run<T>(int size, Func<ThreadedWorld, T> body)
    {
        var shared = new Shared(size);
        var results = new T[size];
        var failures = new Exception?[size];
        var threads = Enumerable
            .Range(0, size)
            .Select(rank => new Thread(() =>
            {
                try
                {
                    results[rank] = body(new ThreadedWorld(shared, rank));
                }
                catch (Exception e)
                {
                    failures[rank] = e;
                    // The other ranks would wait for this one at the next call for ever.
                    shared.Barrier.RemoveParticipant();
                }
            }))
            .ToArray();
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
        if (failures.Any(f => f is not null))
            throw new AggregateException(failures.OfType<Exception>());
        return results;
    }

    /// <inheritdoc/>
    public void Broadcast(Span<float> values) => Combine(values, (all, i) => all[0][i]);

    /// <inheritdoc/>
    public void AllReduceSum(Span<float> values) => Combine(values, Sum);

    /// <inheritdoc/>
    public void AllReduceSum(Span<double> values) => Combine(values, Sum);

    private static T Sum<T>(T[][] all, int i)
        where T : System.Numerics.INumber<T>
    {
        var sum = T.Zero;
        foreach (var slot in all)
            sum += slot[i];
        return sum;
    }

    private void Combine<T>(Span<T> values, Func<T[][], int, T> combine)
    {
        _shared.Slots[Rank] = values.ToArray();
        _shared.Barrier.SignalAndWait();
        var all = _shared.Slots.Select(s => (T[])s!).ToArray();
        if (all.Any(s => s.Length != all[0].Length))
            throw new InvalidOperationException("The ranks made a collective call with buffers of different lengths.");
        for (int i = 0; i < values.Length; i++)
            values[i] = combine(all, i);
        // No rank may write its next call's buffer before every rank has read this one's.
        _shared.Barrier.SignalAndWait();
    }

    private sealed class Shared(int size)
    {
        public Barrier Barrier { get; } = new(size);

        public object?[] Slots { get; } = new object?[size];
    }
}
