namespace Recurrent.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: it multiplies a packed <c>Rows x kc</c> panel of op(A) by a packed
/// <c>kc x Columns</c> panel of op(B) in registers and merges the tile into C. The tile size and the cache blocking
/// around it belong together, so each kernel carries its own blocking.
/// </summary>
/// <remarks>
/// The driver is generic over the kernel type (a struct), so the JIT compiles one copy per kernel with the tile
/// sizes as constants.
/// </remarks>
internal interface IGemmMicroKernel
{
    /// <summary>MR: rows of the register tile, the height of a packed A micro-panel.</summary>
    static abstract int Rows { get; }

    /// <summary>NR: columns of the register tile, the width of a packed B micro-panel.</summary>
    static abstract int Columns { get; }

    /// <summary>The cache blocking that keeps this kernel's operands in L1, L2 and L3.</summary>
    static abstract GemmBlocking Blocking { get; }

    /// <summary>
    /// <c>C[0..rows, 0..columns] = A·B + beta * C</c> (beta 0 overwrites C), where <paramref name="a"/> holds kc
    /// groups of <see cref="Rows"/> floats and <paramref name="b"/> kc groups of <see cref="Columns"/> floats, both
    /// 64-byte aligned and zero-padded. <paramref name="rows"/> and <paramref name="columns"/> are at most the
    /// tile size; they are smaller at the bottom and right edges of C.
    /// </summary>
    static abstract unsafe void Run(int kc, float* a, float* b, float* c, int ldc, float beta, int rows, int columns);
}

/// <summary>
/// Cache block sizes of the packed GEMM (BLIS names): KC is the depth of a packed block, MC the rows of op(A) packed
/// together (an MC x KC block that stays in L2), NC the columns of op(B) packed together (a KC x NC block in L3).
/// MC is a multiple of the kernel's rows and NC of its columns.
/// </summary>
internal readonly record struct GemmBlocking(int MC, int KC, int NC);
