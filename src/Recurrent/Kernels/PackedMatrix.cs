using System.Runtime.InteropServices;

namespace Recurrent.Kernels;

/// <summary>
/// The right-hand operand op(B) of a GEMM, packed once into the micro-kernel's panel layout so that many products
/// with the same matrix skip the packing. A recurrent layer multiplies by the same W_hh at every time step; packing
/// it once per sequence instead of once per step saves reading and writing the whole weight T times.
/// Made by <see cref="Gemm.Pack"/>; used by the <see cref="Gemm.Multiply(bool, int, float, ReadOnlySpan{float}, int,
/// PackedMatrix, float, Span{float}, int)"/>
/// overload. The packed copy does not follow later changes to B: pack again after an optimiser step.
/// </summary>
public sealed unsafe class PackedMatrix : IDisposable
{
    internal PackedMatrix(int rows, int columns, int paddedColumns, bool wideKernel)
    {
        Rows = rows;
        Columns = columns;
        PaddedColumns = paddedColumns;
        WideKernel = wideKernel;
        Data = (float*)NativeMemory.AlignedAlloc((nuint)((long)rows * paddedColumns * sizeof(float)), 64);
    }

    /// <summary>K, the rows of op(B).</summary>
    public int Rows { get; }

    /// <summary>N, the columns of op(B).</summary>
    public int Columns { get; }

    /// <summary>N rounded up to whole micro-panels; KC-deep slices of the packing are this many columns wide.</summary>
    internal int PaddedColumns { get; }

    /// <summary>Whether the packing is for the Vector512 micro-kernel (else the Vector256 one).</summary>
    internal bool WideKernel { get; }

    internal float* Data { get; private set; }

    /// <summary>Frees the packed copy.</summary>
    public void Dispose()
    {
        NativeMemory.AlignedFree(Data);
        Data = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the native memory of a packing nobody disposed.</summary>
    ~PackedMatrix() => NativeMemory.AlignedFree(Data);

    internal void ThrowIfDisposed()
    {
        if (Data == null)
            throw new ObjectDisposedException(nameof(PackedMatrix), "The packed matrix was disposed.");
    }
}
