namespace Recurrent.Kernels;

/// <summary>
/// A vector of float lanes as the row kernels and <see cref="VectorExp"/> compute with it, so that a cell's
/// equations are written once and run on <see cref="FloatVector"/> (<c>Vector&lt;float&gt;</c>: 8 lanes with AVX2, and
/// with AVX-512 too, where .NET keeps it at 256 bits) and on <see cref="FloatVector512"/> (16 lanes, where Vector512
/// is native). Load and Store are unchecked: a row kernel checks its rows' lengths once, then reads and writes inside
/// them only, since slicing a span for every vector cost as much as the gate math itself. A kernel's loop over
/// vectors is a method the JIT compiles on its own (no inlining): inlined into the sequence's row loop, it ran past
/// the JIT's inlining budget, and the operators, called out of line, halved the speed of the gate math.
/// </summary>
internal interface IFloatVector<TSelf>
    where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>The number of lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TSelf Create(float value);

    /// <summary>The lanes <c>[k, k + Count)</c> of a row, unchecked.</summary>
    static abstract TSelf Load(ReadOnlySpan<float> row, int k);

    /// <summary>Writes the lanes <c>[k, k + Count)</c> of a row, unchecked.</summary>
    static abstract void Store(Span<float> row, int k, TSelf value);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>Lane-wise negation.</summary>
    static abstract TSelf operator -(TSelf a);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary><c>a * b + c</c> in each lane, rounded once.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>The hardware's minimum per lane (with a NaN lane, x86 returns the second operand).</summary>
    static abstract TSelf MinNative(TSelf a, TSelf b);

    /// <summary>The hardware's maximum per lane (with a NaN lane, x86 returns the second operand).</summary>
    static abstract TSelf MaxNative(TSelf a, TSelf b);

    /// <summary>The larger of the two per lane, NaN where either is NaN.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary><paramref name="value"/> where <paramref name="condition"/> is above zero, else 0, per lane.</summary>
    static abstract TSelf WherePositive(TSelf condition, TSelf value);

    /// <summary>
    /// Each lane's bits read as an integer i, and the float with the bits <c>(i + addend) &lt;&lt; 23</c>: 2^n when
    /// the low bits of the lane hold n + addend's offset (see <see cref="VectorExp"/>).
    /// </summary>
    static abstract TSelf ShiftIntoExponent(TSelf bits, int addend);
}
