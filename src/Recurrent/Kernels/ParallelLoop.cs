using System.Diagnostics;

namespace Recurrent.Kernels;

/// <summary>
/// A parallel loop for short pieces of work, such as one time step's GEMM: persistent worker threads that spin
/// briefly before they sleep, no Task and no allocation per call. The calling thread does the first share itself.
/// </summary>
/// <remarks>
/// The number of threads is <see cref="ThreadCount"/>; it starts at the environment variable <c>RECURRENT_THREADS</c>
/// when set, else at the number of processors. A loop started from inside another loop, or while another thread's
/// loop is using the workers, runs on the calling thread. A body's exception reaches the caller: directly when the
/// caller's own share threw, wrapped in an <see cref="AggregateException"/> when a worker's did.
/// </remarks>
public static class ParallelLoop
{
    // About 50 microseconds of spinning: long enough to catch the next step of a recurrent loop, short enough
    // not to burn a core when the program is doing something else.
    private const int SpinIterations = 20_000;

    private static readonly object DispatchGate = new();
    private static readonly List<Worker> Workers = [];
    private static int _threadCount = InitialThreadCount();

    private static int _pending;
    private static Action<int>? _runPart;
    private static Exception? _failure;

    [ThreadStatic] private static bool _insideLoop;

    /// <summary>The number of threads a loop uses, the caller's included. At least 1.</summary>
    public static int ThreadCount
    {
        get => _threadCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (DispatchGate) _threadCount = value;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> over <c>[0, count)</c>, split into at most <see cref="ThreadCount"/> contiguous
    /// ranges of at least <paramref name="grain"/> items each, and returns when all are done.
    /// </summary>
    public static void For<TBody>(int count, ref TBody body, int grain = 1) where TBody : struct, IParallelBody
    {
        if (count <= 0) return;
        // Rounding down keeps every range at least grain long.
        int parts = Math.Min(_threadCount, count / Math.Max(grain, 1));
        // A loop inside a loop, or a loop started while another thread's loop holds the workers, runs on the calling
        // thread: waiting for the workers would only serialise the two callers.
        if (parts <= 1 || _insideLoop || !Monitor.TryEnter(DispatchGate))
        {
            body.Run(0, count);
            return;
        }

        try
        {
            parts = Math.Min(parts, _threadCount);
            EnsureWorkers(parts - 1);
            PartRunner<TBody>.Body = body;
            PartRunner<TBody>.Count = count;
            PartRunner<TBody>.Parts = parts;
            _runPart = PartRunner<TBody>.RunPart;
            _failure = null;
            Volatile.Write(ref _pending, parts - 1);
            for (int w = 0; w < parts - 1; w++)
                Workers[w].Wake();

            _insideLoop = true;
            try
            {
                PartRunner<TBody>.RunPart(0);
            }
            finally
            {
                _insideLoop = false;
                var spin = new SpinWait();
                while (Volatile.Read(ref _pending) != 0)
                    spin.SpinOnce(sleep1Threshold: -1);
                _runPart = null;
                PartRunner<TBody>.Body = default;
            }
            if (_failure is { } failure)
                throw new AggregateException("A parallel loop body failed.", failure);
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
            Workers.Add(new Worker(Workers.Count + 1));
    }

    private static class PartRunner<TBody> where TBody : struct, IParallelBody
    {
        public static TBody Body;
        public static int Count;
        public static int Parts;
        public static readonly Action<int> RunPart = Run;

        private static void Run(int part)
        {
            int start = (int)((long)Count * part / Parts);
            int end = (int)((long)Count * (part + 1) / Parts);
            if (start < end)
                Body.Run(start, end);
        }
    }

    private sealed class Worker
    {
        private readonly int _part;
        private readonly SemaphoreSlim _signal = new(0);
        private int _sleeping;
        private int _ticket;

        public Worker(int part)
        {
            _part = part;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Recurrent worker {part}" };
            thread.Start();
        }

        public void Wake()
        {
            Interlocked.Increment(ref _ticket);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
                _signal.Release();
        }

        private void Loop()
        {
            _insideLoop = true;
            int seen = 0;
            while (true)
            {
                WaitForTicket(seen);
                seen++;
                try
                {
                    _runPart!(_part);
                }
                catch (Exception e)
                {
                    _failure = e;
                }
                Interlocked.Decrement(ref _pending);
            }
        }

        // Each Wake hands out one ticket, and the dispatcher waits for every share to finish before the next
        // Wake, so a worker is never more than one ticket behind.
        private void WaitForTicket(int seen)
        {
            for (int i = 0; i < SpinIterations; i++)
            {
                if (Volatile.Read(ref _ticket) != seen) return;
                Thread.SpinWait(1);
            }
            Interlocked.Exchange(ref _sleeping, 1);
            if (Volatile.Read(ref _ticket) != seen)
            {
                // Work arrived while we were going to sleep. If the dispatcher already cleared the flag it has
                // released the semaphore (or will), and that release must be consumed.
                if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                    _signal.Wait();
                return;
            }
            _signal.Wait();
            Debug.Assert(Volatile.Read(ref _ticket) != seen);
        }
    }
}
