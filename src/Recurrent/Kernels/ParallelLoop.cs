using System.Runtime.ExceptionServices;

namespace Recurrent.Kernels;

/// <summary>
/// A parallel loop for short pieces of work, such as one time step's GEMM: persistent worker threads that spin
/// briefly before they sleep, no Task and no allocation per call. The calling thread takes part.
/// </summary>
/// <remarks>
/// <para>The number of threads is <see cref="ThreadCount"/>; it starts at the environment variable
/// <c>RECURRENT_THREADS</c> when set, else at the number of processors.</para>
/// <para>The items are cut into a few contiguous ranges per thread, and each thread claims the next free range
/// until none is left. A thread that starts late or runs slowly (a worker still waking up, or a core shared with
/// another process) then does less, instead of the others waiting for its fixed share.</para>
/// <para>A loop started from inside another loop, or while another thread's loop is using the workers, runs on the
/// calling thread. The first exception thrown by a body is rethrown to the caller, after the other ranges have
/// finished or been skipped.</para>
/// </remarks>
public static class ParallelLoop
{
    // About 50 microseconds of spinning: long enough to catch the next step of a recurrent loop, short enough
    // not to burn a core when the program is doing something else.
    private const int SpinIterations = 20_000;

    // Enough ranges for the threads to even out, few enough that each range stays long next to claiming it.
    private const int RangesPerThread = 4;

    private static readonly object DispatchGate = new();
    private static readonly List<Worker> Workers = [];
    private static int _threadCount = InitialThreadCount();

    // The current loop. Odd while the dispatcher rewrites it; the dispatcher does so only once no worker is
    // active, and a worker reads the loop's state only while counted in _active and the generation is even.
    private static int _generation;
    private static int _active;
    private static int _seats;
    private static Action? _claimRanges;
    private static int _nextRange;
    private static int _finishedRanges;
    private static Exception? _failure;

    [ThreadStatic]
    private static bool _insideLoop;

    /// <summary>The number of threads a loop uses, the caller's included. At least 1.</summary>
    public static int ThreadCount
    {
        get => _threadCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (DispatchGate)
                _threadCount = value;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> over <c>[0, count)</c> in contiguous ranges of at least <paramref name="grain"/>
    /// items each, on at most <see cref="ThreadCount"/> threads, and returns when all are done.
    /// </summary>
    public static void For<TBody>(int count, ref TBody body, int grain = 1)
        where TBody : struct, IParallelBody
    {
        if (count <= 0)
            return;
        int maxRanges = count / Math.Max(grain, 1);
        int threads = Math.Min(_threadCount, maxRanges);
        if (threads <= 1 || _insideLoop || !Monitor.TryEnter(DispatchGate))
        {
            body.Run(0, count);
            return;
        }

        try
        {
            EnsureWorkers(threads - 1);
            int ranges = Math.Min(threads * RangesPerThread, maxRanges);

            int writing = Interlocked.Increment(ref _generation);
            // A worker that woke too late for the last loop may still be looking at its state.
            var spin = new SpinWait();
            while (Volatile.Read(ref _active) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            RangeRunner<TBody>.Body = body;
            RangeRunner<TBody>.Count = count;
            RangeRunner<TBody>.Ranges = ranges;
            _claimRanges = RangeRunner<TBody>.ClaimRanges;
            _nextRange = 0;
            _finishedRanges = 0;
            _failure = null;
            _seats = threads - 1;
            Volatile.Write(ref _generation, writing + 1);
            for (int w = 0; w < threads - 1; w++)
                Workers[w].Wake();

            _insideLoop = true;
            RangeRunner<TBody>.ClaimRanges();
            _insideLoop = false;
            spin = new SpinWait();
            while (Volatile.Read(ref _finishedRanges) != ranges)
                spin.SpinOnce(sleep1Threshold: -1);
            // Every range is finished, so no thread uses the body any more; drop what it references.
            RangeRunner<TBody>.Body = default;
            if (_failure is { } failure)
                ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            Monitor.Exit(DispatchGate);
        }
    }

    private static int InitialThreadCount()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("RECURRENT_THREADS");
        if (int.TryParse(fromEnvironment, out int n) && n >= 1)
            return n;
        return Environment.ProcessorCount;
    }

    private static void EnsureWorkers(int count)
    {
        while (Workers.Count < count)
            Workers.Add(new Worker(Workers.Count + 1, Volatile.Read(ref _generation)));
    }

    private static class RangeRunner<TBody>
        where TBody : struct, IParallelBody
    {
        public static TBody Body;
        public static int Count;
        public static int Ranges;
        public static readonly Action ClaimRanges = Claim;

        // After a failure the remaining ranges are counted as finished without running, so the caller stops waiting.
        private static void Claim()
        {
            while (true)
            {
                int range = Interlocked.Increment(ref _nextRange) - 1;
                if (range >= Ranges)
                    return;
                if (Volatile.Read(ref _failure) is null)
                {
                    try
                    {
                        Body.Run((int)((long)Count * range / Ranges), (int)((long)Count * (range + 1) / Ranges));
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref _failure, e, null);
                    }
                }
                Interlocked.Increment(ref _finishedRanges);
            }
        }
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _signal = new(0);
        private int _sleeping;
        private int _seenGeneration;

        public Worker(int index, int generation)
        {
            _seenGeneration = generation;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Recurrent worker {index}" };
            thread.Start();
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
                _signal.Release();
        }

        private void Loop()
        {
            _insideLoop = true;
            while (true)
            {
                int generation = WaitForNextLoop(_seenGeneration);
                _seenGeneration = generation;
                Interlocked.Increment(ref _active);
                // Join only if the loop seen is still the current one, and only as many workers as it asked for.
                if (Volatile.Read(ref _generation) == generation && Interlocked.Decrement(ref _seats) >= 0)
                    _claimRanges!();
                Interlocked.Decrement(ref _active);
            }
        }

        private static bool IsNewLoop(int generation, int seen) => generation != seen && (generation & 1) == 0;

        private int WaitForNextLoop(int seen)
        {
            for (int i = 0; i < SpinIterations; i++)
            {
                int generation = Volatile.Read(ref _generation);
                if (IsNewLoop(generation, seen))
                    return generation;
                Thread.SpinWait(1);
            }
            while (true)
            {
                Interlocked.Exchange(ref _sleeping, 1);
                int generation = Volatile.Read(ref _generation);
                if (IsNewLoop(generation, seen))
                {
                    // If the dispatcher already cleared the flag, it has released the semaphore (or is about to),
                    // and that release must be consumed now so it cannot wake a later sleep early.
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                        _signal.Wait();
                    return generation;
                }
                _signal.Wait();
            }
        }
    }
}
