namespace Recurrent.Kernels;

/// <summary>
/// A float matrix <c>W [rows, columns]</c> copied into the order a matrix-vector product reads it: panels of eight
/// rows, each a run of 16-column blocks in which the eight rows' 16 values lie side by side (512 bytes, 64-byte
/// aligned). The product then reads the whole matrix as one sequential stream, where row-major storage read eight
/// rows at a time is eight streams 2 KB apart that the hardware prefetcher loses at every page; at batch 1 a recurrent
/// step reads every weight once per token, so the stream is the speed. Rows are padded to a multiple of 8 and columns
/// to a multiple of 16 with zeros. Multiply with
/// <see cref="PanelMatrixVector.Multiply(PanelMatrix, ReadOnlySpan{float}, Span{float})"/>. The copy is made once
/// and does not follow later changes to the weights.
/// </summary>
public sealed class PanelMatrix : IStepWeights
{
    /// <summary>Rows side by side in a panel.</summary>
    internal const int PanelRows = 8;

    /// <summary>Columns of a block: one 512-bit vector.</summary>
    internal const int BlockColumns = 16;

    private const int AlignmentFloats = 16;

    private readonly float[] _storage;
    private readonly int _offset;
    private readonly float[] _paddedX;
    private readonly int _xOffset;

    /// <summary>Copies <paramref name="weights"/>, row-major <c>[rows, columns]</c>, into panels.</summary>
    /// <exception cref="ArgumentException">The span is not rows*columns long.</exception>
    public PanelMatrix(ReadOnlySpan<float> weights, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (weights.Length != (long)rows * columns)
            throw new ArgumentException(
                $"PanelMatrix: {weights.Length} weights for a [{rows}, {columns}] matrix ({(long)rows * columns}).",
                nameof(weights)
            );
        Rows = rows;
        Columns = columns;
        Panels = (rows + PanelRows - 1) / PanelRows;
        PaddedColumns = (columns + BlockColumns - 1) / BlockColumns * BlockColumns;
        // The pinned heap never moves an array, so an offset found once keeps the panels on 64-byte boundaries.
        _storage = GC.AllocateArray<float>(Panels * PanelRows * PaddedColumns + AlignmentFloats, pinned: true);
        _offset = AlignedOffset(_storage);
        _paddedX = GC.AllocateArray<float>(PaddedColumns + AlignmentFloats, pinned: true);
        _xOffset = AlignedOffset(_paddedX);
        var panels = Values;
        for (int r = 0; r < rows; r++)
        {
            var row = weights.Slice(r * columns, columns);
            long panelStart = (long)(r / PanelRows) * PanelRows * PaddedColumns + r % PanelRows * BlockColumns;
            for (int c = 0; c < columns; c++)
                panels[(int)(panelStart + c / BlockColumns * (PanelRows * BlockColumns) + c % BlockColumns)] = row[c];
        }
    }

    /// <summary>The rows of the matrix (outputs of a matrix-vector product).</summary>
    public int Rows { get; }

    /// <summary>The columns of the matrix (inputs of a matrix-vector product).</summary>
    public int Columns { get; }

    /// <summary>Panels of <see cref="PanelRows"/> rows.</summary>
    internal int Panels { get; }

    /// <summary>Columns rounded up to whole blocks.</summary>
    internal int PaddedColumns { get; }

    /// <summary>The panels, <c>[Panels, PaddedColumns / 16, 8, 16]</c>, starting on a 64-byte boundary.</summary>
    internal Span<float> Values => _storage.AsSpan(_offset, Panels * PanelRows * PaddedColumns);

    /// <summary>A zero-padded copy of the vector being multiplied, so the last block reads no further than x.</summary>
    internal Span<float> PaddedX => _paddedX.AsSpan(_xOffset, PaddedColumns);

    void IStepWeights.Multiply(ReadOnlySpan<float> x, Span<float> y) => PanelMatrixVector.Multiply(this, x, y);

    private static unsafe int AlignedOffset(float[] pinned)
    {
        fixed (float* start = pinned)
            return (int)((64 - ((nint)start & 63)) & 63) / sizeof(float);
    }
}
