using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recurrent.Kernels;

/// <summary>
/// <see cref="Vector{T}"/> of floats as an <see cref="IFloatVector{TSelf}"/>: the row kernels' width on every machine.
/// </summary>
internal readonly struct FloatVector(Vector<float> lanes) : IFloatVector<FloatVector>
{
    private readonly Vector<float> _lanes = lanes;

    /// <inheritdoc />
    public static int Count => Vector<float>.Count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector Create(float value) => new(new Vector<float>(value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector Load(ReadOnlySpan<float> row, int k) =>
        new(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(row), (nuint)k));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<float> row, int k, FloatVector value) =>
        value._lanes.StoreUnsafe(ref MemoryMarshal.GetReference(row), (nuint)k);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector operator +(FloatVector a, FloatVector b) => new(a._lanes + b._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector operator -(FloatVector a, FloatVector b) => new(a._lanes - b._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector operator -(FloatVector a) => new(-a._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector operator *(FloatVector a, FloatVector b) => new(a._lanes * b._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector operator /(FloatVector a, FloatVector b) => new(a._lanes / b._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector MultiplyAdd(FloatVector a, FloatVector b, FloatVector c) =>
        new(Vector.FusedMultiplyAdd(a._lanes, b._lanes, c._lanes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector MinNative(FloatVector a, FloatVector b) => new(Vector.MinNative(a._lanes, b._lanes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector MaxNative(FloatVector a, FloatVector b) => new(Vector.MaxNative(a._lanes, b._lanes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector Max(FloatVector a, FloatVector b) => new(Vector.Max(a._lanes, b._lanes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector WherePositive(FloatVector condition, FloatVector value) =>
        new(Vector.ConditionalSelect(Vector.GreaterThan(condition._lanes, Vector<float>.Zero), value._lanes, default));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector ShiftIntoExponent(FloatVector bits, int addend) =>
        new(Vector.AsVectorSingle(Vector.ShiftLeft(Vector.AsVectorInt32(bits._lanes) + new Vector<int>(addend), 23)));

    /// <summary>The lanes as a <see cref="Vector{T}"/>.</summary>
    public Vector<float> AsVector() => _lanes;
}
