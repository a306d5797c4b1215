using System.Runtime.InteropServices;

namespace Recurrent.Kernels;

/// <summary>
/// One thread's packing buffers for the GEMM, kept between calls so that a multiply allocates nothing once warm.
/// The memory is native and 64-byte aligned (a cache line, and a whole Vector512), and freed by the finalizer when
/// the thread that owned it has ended.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    private const nuint Alignment = 64;

    [ThreadStatic]
    private static GemmWorkspace? _current;

    private float* _a;
    private float* _b;
    private float* _sharedA;
    private float* _partials;
    private long _partialsCapacity;
    private long _aCapacity;
    private long _bCapacity;
    private long _sharedACapacity;

    /// <summary>The calling thread's workspace.</summary>
    public static GemmWorkspace Current => _current ??= new GemmWorkspace();

    /// <summary>
    /// A buffer of at least <paramref name="floats"/> floats for packed op(A); its contents are not kept.
    /// </summary>
    public float* PanelA(long floats) => Ensure(ref _a, ref _aCapacity, floats);

    /// <summary>
    /// A buffer of at least <paramref name="floats"/> floats for packed op(B); its contents are not kept.
    /// </summary>
    public float* PanelB(long floats) => Ensure(ref _b, ref _bCapacity, floats);

    /// <summary>
    /// A buffer of at least <paramref name="floats"/> floats for all of op(A), packed by this thread for the
    /// threads of a parallel multiply to share; apart from <see cref="PanelA"/> so that this thread's own share
    /// can pack into that one.
    /// </summary>
    public float* SharedA(long floats) => Ensure(ref _sharedA, ref _sharedACapacity, floats);

    /// <summary>
    /// A buffer of at least <paramref name="floats"/> floats for the partial products of a multiply split over k,
    /// written by the threads of one parallel multiply and summed by this thread's call.
    /// </summary>
    public float* Partials(long floats) => Ensure(ref _partials, ref _partialsCapacity, floats);

    ~GemmWorkspace()
    {
        NativeMemory.AlignedFree(_a);
        NativeMemory.AlignedFree(_b);
        NativeMemory.AlignedFree(_sharedA);
        NativeMemory.AlignedFree(_partials);
    }

    private static float* Ensure(ref float* buffer, ref long capacity, long floats)
    {
        if (floats <= capacity)
            return buffer;
        // Grow geometrically so that a sequence of slightly larger problems does not reallocate each time.
        long size = Math.Max(floats, capacity * 3 / 2);
        NativeMemory.AlignedFree(buffer);
        buffer = null;
        capacity = 0;
        buffer = (float*)NativeMemory.AlignedAlloc((nuint)size * sizeof(float), Alignment);
        capacity = size;
        return buffer;
    }
}
