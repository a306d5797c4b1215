using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// <see cref="Vector512{T}"/> of floats as an <see cref="IFloatVector{TSelf}"/>: the row kernels' width where Vector512
/// is native (elsewhere .NET emulates it, correctly and slowly, which the tests use).
/// </summary>
internal readonly struct FloatVector512(Vector512<float> lanes) : IFloatVector<FloatVector512>
{
    private readonly Vector512<float> _lanes = lanes;

    /// <inheritdoc />
    public static int Count => Vector512<float>.Count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Create(float value) => new(Vector512.Create(value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Load(ReadOnlySpan<float> row, int k) =>
        new(Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(row), (nuint)k));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<float> row, int k, FloatVector512 value) =>
        value._lanes.StoreUnsafe(ref MemoryMarshal.GetReference(row), (nuint)k);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator +(FloatVector512 a, FloatVector512 b) => new(a._lanes + b._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator -(FloatVector512 a, FloatVector512 b) => new(a._lanes - b._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator -(FloatVector512 a) => new(-a._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator *(FloatVector512 a, FloatVector512 b) => new(a._lanes * b._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator /(FloatVector512 a, FloatVector512 b) => new(a._lanes / b._lanes);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 MultiplyAdd(FloatVector512 a, FloatVector512 b, FloatVector512 c) =>
        new(Vector512.FusedMultiplyAdd(a._lanes, b._lanes, c._lanes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 MinNative(FloatVector512 a, FloatVector512 b) =>
        new(Vector512.MinNative(a._lanes, b._lanes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 MaxNative(FloatVector512 a, FloatVector512 b) =>
        new(Vector512.MaxNative(a._lanes, b._lanes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Max(FloatVector512 a, FloatVector512 b) => new(Vector512.Max(a._lanes, b._lanes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 WherePositive(FloatVector512 condition, FloatVector512 value) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(condition._lanes, default), value._lanes, default));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 ShiftIntoExponent(FloatVector512 bits, int addend) =>
        new(Vector512.ShiftLeft(bits._lanes.AsInt32() + Vector512.Create(addend), 23).AsSingle());

    /// <summary>The lanes as a <see cref="Vector512{T}"/>.</summary>
    public Vector512<float> AsVector() => _lanes;
}
