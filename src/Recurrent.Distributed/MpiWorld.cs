using Recurrent.Training;
using System.Diagnostics;

namespace Recurrent.Distributed;

/// <summary>
/// The ranks of an Open MPI job (<c>mpirun -np N</c>, or <c>srun</c> under Slurm) as the
/// <see cref="ITrainingWorld"/> of a data-parallel <see cref="Trainer{TBatch}"/>: <c>MPI_COMM_WORLD</c>, with
/// broadcast and sum all-reduce over it. It calls the system's <c>libmpi.so.40</c> (Open MPI 4) through P/Invoke, so
/// whatever transport Open MPI picks (shared memory on one machine, TCP or InfiniBand between machines) carries the
/// gradients. It counts the bytes it all-reduces and the time it spends in MPI, for measuring what the communication
/// costs.
/// </summary>
public sealed class MpiWorld : ITrainingWorld, IDisposable
{
    private static readonly string[] s_launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK"];

    private readonly Stopwatch _communication = new();
    private bool _finalized;

    private MpiWorld(int rank, int size)
    {
        Rank = rank;
        Size = size;
    }

    /// <summary>
    /// Whether this process was started by Open MPI's <c>mpirun</c> (<c>OMPI_COMM_WORLD_SIZE</c>) or by a PMIx
    /// launcher such as Slurm's <c>srun --mpi=pmix</c> (<c>PMIX_RANK</c>).
    /// </summary>
    public static bool IsLaunchedByMpi =>
        s_launcherVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

    /// <summary>
    /// Initialises MPI (once per process; <see cref="Dispose"/> finalises it) and returns this process's place in
    /// <c>MPI_COMM_WORLD</c>. Started without <c>mpirun</c>, Open MPI runs it as a job of one rank.
    /// </summary>
    /// <exception cref="DllNotFoundException">Open MPI's <c>libmpi.so.40</c> is not installed.</exception>
    /// <exception cref="InvalidOperationException">MPI was already finalised in this process, or a call
    /// failed.</exception>
    public static MpiWorld Initialize()
    {
        MpiLibrary.Check(MpiLibrary.Finalized(out int finalized), "MPI_Finalized");
        if (finalized != 0)
            throw new InvalidOperationException("MPI was finalised already; a process can initialise it only once.");
        MpiLibrary.Check(MpiLibrary.Initialized(out int initialized), "MPI_Initialized");
        if (initialized == 0)
            MpiLibrary.Check(MpiLibrary.Init(0, 0), "MPI_Init");
        MpiLibrary.Check(MpiLibrary.CommRank(MpiLibrary.CommWorld, out int rank), "MPI_Comm_rank");
        MpiLibrary.Check(MpiLibrary.CommSize(MpiLibrary.CommWorld, out int size), "MPI_Comm_size");
        return new MpiWorld(rank, size);
    }

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size { get; }

    /// <summary>The number of all-reduce calls made.</summary>
    public long AllReduceCount { get; private set; }

    /// <summary>
    /// The bytes this rank has handed to all-reduce (its buffers' sizes, not the traffic on the wire).
    /// </summary>
    public long AllReducedBytes { get; private set; }

    /// <summary>The wall-clock time spent inside broadcast, all-reduce and barrier calls.</summary>
    public TimeSpan CommunicationTime => _communication.Elapsed;

    /// <inheritdoc />
    public unsafe void Broadcast(Span<float> values)
    {
        _communication.Start();
        fixed (float* p = values)
            MpiLibrary.Check(
                MpiLibrary.Bcast(p, values.Length, MpiLibrary.Float, 0, MpiLibrary.CommWorld),
                "MPI_Bcast"
            );
        _communication.Stop();
    }

    /// <inheritdoc />
    public unsafe void AllReduceSum(Span<float> values)
    {
        _communication.Start();
        fixed (float* p = values)
            MpiLibrary.Check(
                MpiLibrary.Allreduce(
                    MpiLibrary.InPlace,
                    p,
                    values.Length,
                    MpiLibrary.Float,
                    MpiLibrary.OpSum,
                    MpiLibrary.CommWorld
                ),
                "MPI_Allreduce"
            );
        _communication.Stop();
        AllReduceCount++;
        AllReducedBytes += (long)values.Length * sizeof(float);
    }

    /// <inheritdoc />
    public unsafe void AllReduceSum(Span<double> values)
    {
        _communication.Start();
        fixed (double* p = values)
            MpiLibrary.Check(
                MpiLibrary.Allreduce(
                    MpiLibrary.InPlace,
                    p,
                    values.Length,
                    MpiLibrary.Double,
                    MpiLibrary.OpSum,
                    MpiLibrary.CommWorld
                ),
                "MPI_Allreduce"
            );
        _communication.Stop();
        AllReduceCount++;
        AllReducedBytes += (long)values.Length * sizeof(double);
    }

    /// <summary>Waits until every rank has called it.</summary>
    public void Barrier()
    {
        _communication.Start();
        MpiLibrary.Check(MpiLibrary.Barrier(MpiLibrary.CommWorld), "MPI_Barrier");
        _communication.Stop();
    }

    /// <summary>
    /// Ends every rank of the job with <paramref name="exitCode"/> (<c>MPI_Abort</c>): what a rank does when it
    /// cannot go on, so that the others do not wait for it for ever in their next collective call.
    /// </summary>
    public static void Abort(int exitCode) => MpiLibrary.Abort(MpiLibrary.CommWorld, exitCode);

    /// <summary>Finalises MPI (<c>MPI_Finalize</c>); every rank must call it before it exits normally.</summary>
    public void Dispose()
    {
        if (_finalized)
            return;
        _finalized = true;
        MpiLibrary.Check(MpiLibrary.FinalizeMpi(), "MPI_Finalize");
    }
}
