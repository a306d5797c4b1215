using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// A batch of variable-length series: <see cref="Inputs"/> is <c>[B, T_max, C]</c>, each row padded with zeros after
/// its <see cref="Lengths"/>[b] valid steps. The tensor's memory comes from the pool: dispose the batch when done.
/// </summary>
public sealed class SequenceBatch : IDisposable
{
    internal SequenceBatch(Tensor inputs, int[] lengths, int[] labels, int[] indices)
    {
        Inputs = inputs;
        Lengths = lengths;
        Labels = labels;
        Indices = indices;
    }

    /// <summary>The series, <c>[B, T_max, C]</c>, zero after each row's length.</summary>
    public Tensor Inputs { get; }

    /// <summary>The number of valid steps of each row.</summary>
    public int[] Lengths { get; }

    /// <summary>The class index of each row, or -1 for every row when the batcher has no label set.</summary>
    public int[] Labels { get; }

    /// <summary>The index in the dataset of each row.</summary>
    public int[] Indices { get; }

    /// <summary>B, the number of rows.</summary>
    public int Count => Lengths.Length;

    /// <summary>T_max, the longest row's length.</summary>
    public int MaxLength => Inputs.Dim(1);

    /// <inheritdoc />
    public void Dispose() => Inputs.Dispose();
}
