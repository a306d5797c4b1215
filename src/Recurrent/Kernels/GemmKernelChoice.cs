namespace Recurrent.Kernels;

/// <summary>Which micro-kernel the packed GEMM uses.</summary>
internal enum GemmKernelChoice
{
    /// <summary>Vector512 where the hardware runs it natively, otherwise Vector256.</summary>
    Automatic,

    /// <summary>The 6 x 16 AVX2 kernel.</summary>
    Vector256,

    /// <summary>The 8 x 32 AVX-512 kernel (emulated in software, slowly, on hardware without AVX-512).</summary>
    Vector512,
}
