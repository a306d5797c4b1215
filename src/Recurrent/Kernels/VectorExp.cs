using System.Runtime.CompilerServices;

namespace Recurrent.Kernels;

/// <summary>
/// e^x for each lane of a float vector, in single precision: Cody-Waite range reduction x = n ln 2 + r with
/// |r| &lt;= ln 2 / 2, a degree-6 polynomial for e^r (Cephes' <c>expf</c> coefficients) and 2^n put straight into the
/// exponent bits. Relative error about 1e-7, like <see cref="MathF.Exp"/>; about twice as fast as .NET's
/// <c>Vector.Exp</c>, which works in double precision. The gate math of the recurrent cells spends most of its time
/// here. Written once for both widths of <see cref="IFloatVector{TSelf}"/>.
/// </summary>
internal static class VectorExp
{
    // Beyond these 2^n has no float exponent: below, n would be under -126; above, over 127 (e^88.38 is 2.4e38,
    // the largest float is 3.4e38).
    private const float Lowest = -87.33654f,
        Highest = 88.37626f;

    // ln 2 split in two: the high part has few enough bits that n * LogTwoHigh is exact for |n| < 128.
    private const float LogTwoHigh = 0.693359375f,
        LogTwoLow = -2.12194440e-4f;

    private const float RoundingShift = 12582912f;

    /// <summary>
    /// e^x per lane. Inputs are clamped to [-87.34, 88.38], so the result is always finite (about 2.4e38 at most,
    /// 1.2e-38 at least, where e^x is near overflow or would go subnormal); a NaN lane stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x)
        where T : struct, IFloatVector<T>
    {
        // The constant comes first: with a NaN lane, x86 max and min return their second operand, the NaN.
        x = T.MinNative(T.Create(Highest), T.MaxNative(T.Create(Lowest), x));
        // n = round(x / ln 2): adding 1.5 * 2^23 leaves the rounded integer in the low bits of the mantissa.
        var shifted = T.MultiplyAdd(x, T.Create(1.44269504088896341f), T.Create(RoundingShift));
        var n = shifted - T.Create(RoundingShift);
        var r = T.MultiplyAdd(n, T.Create(-LogTwoHigh), x);
        r = T.MultiplyAdd(n, T.Create(-LogTwoLow), r);
        var p = T.Create(1.9875691500e-4f);
        p = T.MultiplyAdd(p, r, T.Create(1.3981999507e-3f));
        p = T.MultiplyAdd(p, r, T.Create(8.3334519073e-3f));
        p = T.MultiplyAdd(p, r, T.Create(4.1665795894e-2f));
        p = T.MultiplyAdd(p, r, T.Create(1.6666665459e-1f));
        p = T.MultiplyAdd(p, r, T.Create(5.0000001201e-1f));
        p = T.MultiplyAdd(p, r * r, r) + T.Create(1f);
        // Those low bits are n + 2^22 (from the 1.5); shifted up by 23 with the bias 127 they are the exponent of 2^n.
        return p * T.ShiftIntoExponent(shifted, 127 - (1 << 22));
    }
}
