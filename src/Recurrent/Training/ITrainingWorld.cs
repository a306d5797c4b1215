namespace Recurrent.Training;

/// <summary>
/// The processes that train one model together by data parallelism (as PyTorch's DistributedDataParallel): each rank
/// computes the gradient of its own share of the global batch, and the <see cref="Trainer{TBatch}"/> averages the
/// gradients over all ranks before clipping, so that every rank takes the same step. Rank 0 alone writes checkpoints
/// and metrics and reports progress. The core only defines this seam; an add-on (<c>Recurrent.Distributed</c>, over
/// MPI) implements it. A trainer without one (<see cref="TrainerOptions.World"/> null) is a single process and calls
/// nothing here.
/// </summary>
/// <remarks>
/// Every call is collective: all ranks must make the same calls with buffers of the same length, in the same order,
/// or the run hangs.
/// </remarks>
public interface ITrainingWorld
{
    /// <summary>This process's rank, from 0 to <see cref="Size"/> - 1.</summary>
    int Rank { get; }

    /// <summary>The number of ranks.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="values"/> on every rank by rank 0's.</summary>
    void Broadcast(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise sum over all ranks.</summary>
    void AllReduceSum(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise sum over all ranks.</summary>
    void AllReduceSum(Span<double> values);
}
