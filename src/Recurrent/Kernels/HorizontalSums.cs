using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// The ends of the dot-product kernels that keep one accumulator vector per output row: eight accumulators summed
/// across their lanes into one vector of eight results, ready for a single store.
/// </summary>
internal static class HorizontalSums
{
    /// <summary>The lane sums of eight 512-bit accumulators, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(
        Vector512<float> s0,
        Vector512<float> s1,
        Vector512<float> s2,
        Vector512<float> s3,
        Vector512<float> s4,
        Vector512<float> s5,
        Vector512<float> s6,
        Vector512<float> s7
    ) =>
        Vector256.Create(
            Vector512.Sum(s0),
            Vector512.Sum(s1),
            Vector512.Sum(s2),
            Vector512.Sum(s3),
            Vector512.Sum(s4),
            Vector512.Sum(s5),
            Vector512.Sum(s6),
            Vector512.Sum(s7)
        );

    /// <summary>The lane sums of eight 256-bit accumulators, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(
        Vector256<float> s0,
        Vector256<float> s1,
        Vector256<float> s2,
        Vector256<float> s3,
        Vector256<float> s4,
        Vector256<float> s5,
        Vector256<float> s6,
        Vector256<float> s7
    ) =>
        Vector256.Create(
            Vector256.Sum(s0),
            Vector256.Sum(s1),
            Vector256.Sum(s2),
            Vector256.Sum(s3),
            Vector256.Sum(s4),
            Vector256.Sum(s5),
            Vector256.Sum(s6),
            Vector256.Sum(s7)
        );
}
