using System.Collections.Concurrent;
using System.Numerics;

namespace Recurrent.Tensors;

/// <summary>
/// A pool of float arrays in power-of-two size classes, so that a training loop that creates the same
/// intermediate tensors every step reuses their memory instead of churning the garbage collector.
/// </summary>
public sealed class TensorPool
{
    // Arrays below this size are cheap to allocate and not worth pooling.
    private const int MinPooledLength = 1024;
    private const int MaxRetainedPerClass = 64;

    private readonly ConcurrentBag<float[]>[] _classes = new ConcurrentBag<float[]>[32];

    /// <summary>The pool used by tensors unless told otherwise.</summary>
    public static TensorPool Shared { get; } = new();

    /// <summary>Creates an empty pool.</summary>
    public TensorPool()
    {
        for (int i = 0; i < _classes.Length; i++)
            _classes[i] = new ConcurrentBag<float[]>();
    }

    /// <summary>
    /// Returns an array of at least <paramref name="length"/> elements whose contents are unspecified.
    /// </summary>
    public float[] Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length < MinPooledLength)
            return new float[length];
        int sizeClass = SizeClass(length);
        if (_classes[sizeClass].TryTake(out var array))
            return array;
        return GC.AllocateUninitializedArray<float>(1 << sizeClass);
    }

    /// <summary>Gives an array back for reuse. The caller must not touch it afterwards.</summary>
    public void Return(float[] array)
    {
        if (array.Length < MinPooledLength || !BitOperations.IsPow2(array.Length))
            return;
        var bag = _classes[BitOperations.Log2((uint)array.Length)];
        if (bag.Count < MaxRetainedPerClass)
            bag.Add(array);
    }

    private static int SizeClass(int length) => BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)length));
}
