namespace Recurrent.Kernels;

/// <summary>The instructions <see cref="Int8MatrixVector"/> runs on.</summary>
internal enum Int8MatrixVectorPath
{
    /// <summary>One weight at a time.</summary>
    Scalar,

    /// <summary>AVX2 and FMA: eight int8 weights widened to a Vector256 of floats per step.</summary>
    Vector256,

    /// <summary>AVX-512: sixteen int8 weights widened to a Vector512 of floats per step.</summary>
    Vector512,
}
