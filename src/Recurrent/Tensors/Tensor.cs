namespace Recurrent.Tensors;

/// <summary>
/// A dense float32 tensor in row-major order. A tensor either owns its memory (rented from a
/// <see cref="TensorPool"/>) or is a view of another tensor's memory: a slice along the first axis, a single
/// index of the first axis (for example one time step of a time-major <c>[T, B, H]</c> tensor, or one sample of a
/// batch-first <c>[B, T, I]</c> tensor), or a reshape. Views never copy.
/// </summary>
/// <remarks>
/// A tensor that takes part in autograd carries its gradient in <see cref="Grad"/>, which has the same shape.
/// Disposing an owning tensor returns its memory to the pool; using it, or any view of it, afterwards throws.
/// </remarks>
public sealed class Tensor : IDisposable
{
    private readonly TensorStorage _storage;
    private readonly int _offset;
    private readonly int[] _shape;

    private Tensor(TensorStorage storage, int offset, int[] shape, bool ownsStorage)
    {
        _storage = storage;
        _offset = offset;
        _shape = shape;
        Length = Tensors.Shape.Elements(shape);
        OwnsStorage = ownsStorage;
    }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>Whether this tensor returns its memory to the pool when disposed (false for views).</summary>
    public bool OwnsStorage { get; }

    /// <summary>The gradient of the loss with respect to this tensor, filled by the tape's backward pass.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>Whether operations recorded on a tape should compute a gradient for this tensor.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>An optional name used in error messages and checkpoints (PyTorch's, for parameters).</summary>
    public string? Name { get; set; }

    /// <summary>The size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[axis < 0 ? _shape.Length + axis : axis];

    /// <summary>The elements, row-major.</summary>
    public Span<float> Span
    {
        get
        {
            _storage.ThrowIfReturned(this);
            return _storage.Array.AsSpan(_offset, Length);
        }
    }

    /// <summary>
    /// The backing array and the offset of the first element, for kernels that need to pin or share it.
    /// </summary>
    internal (float[] Array, int Offset) Buffer
    {
        get
        {
            _storage.ThrowIfReturned(this);
            return (_storage.Array, _offset);
        }
    }

    /// <summary>Creates a tensor of zeros with memory from the shared pool.</summary>
    public static Tensor Zeros(params int[] shape)
    {
        var t = Uninitialized(shape);
        t.Span.Clear();
        return t;
    }

    /// <summary>Creates a tensor whose contents are unspecified; the caller overwrites every element.</summary>
    public static Tensor Uninitialized(params int[] shape)
    {
        int length = Tensors.Shape.Elements(shape);
        var pool = TensorPool.Shared;
        return new Tensor(new TensorStorage(pool.Rent(length), pool), 0, (int[])shape.Clone(), ownsStorage: true);
    }

    /// <summary>Creates a tensor of the same shape as <paramref name="like"/> filled with zeros.</summary>
    public static Tensor ZerosLike(Tensor like) => Zeros(like._shape);

    /// <summary>Wraps an existing array without copying. The tensor does not return it to any pool.</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        int length = Tensors.Shape.Elements(shape);
        if (data.Length != length)
            throw new ArgumentException(
                $"FromArray: {data.Length} values do not fill shape {Tensors.Shape.Format(shape)} ({length} elements)."
            );
        return new Tensor(new TensorStorage(data, pool: null), 0, (int[])shape.Clone(), ownsStorage: false);
    }

    /// <summary>Creates a tensor holding a single value, shape <c>[]</c>.</summary>
    public static Tensor Scalar(float value) => FromArray([value]);

    /// <summary>The value of a tensor with exactly one element.</summary>
    public float Item()
    {
        if (Length != 1)
            throw new InvalidOperationException(
                $"Item: the tensor has shape {Tensors.Shape.Format(_shape)}, not a single element."
            );
        return Span[0];
    }

    /// <summary>
    /// A view of index <paramref name="index"/> of the first axis, with that axis removed. The tape does not see a
    /// view: no gradient flows back through it. For a differentiable copy (PyTorch's <c>x[index]</c>), use
    /// <c>Ops.Select</c>.
    /// </summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[int index]
    {
        get
        {
            if (_shape.Length == 0)
                throw new InvalidOperationException("Indexing a scalar tensor.");
            if ((uint)index >= (uint)_shape[0])
                throw new ArgumentOutOfRangeException(
                    nameof(index),
                    $"Index {index} is outside the first axis of {Tensors.Shape.Format(_shape)}."
                );
            var inner = _shape[1..];
            return new Tensor(_storage, _offset + index * Tensors.Shape.Elements(inner), inner, ownsStorage: false);
        }
    }

    /// <summary>
    /// A view of <paramref name="count"/> entries of the first axis starting at <paramref name="start"/>.
    /// </summary>
    public Tensor Slice(int start, int count)
    {
        if (_shape.Length == 0)
            throw new InvalidOperationException("Slicing a scalar tensor.");
        if (start < 0 || count < 0 || start + count > _shape[0])
            throw new ArgumentOutOfRangeException(
                nameof(start),
                $"Slice [{start}, {start + count}) is outside the first axis of {Tensors.Shape.Format(_shape)}."
            );
        var shape = (int[])_shape.Clone();
        shape[0] = count;
        int rowLength = _shape[0] == 0 ? 0 : Length / _shape[0];
        return new Tensor(_storage, _offset + start * rowLength, shape, ownsStorage: false);
    }

    /// <summary>A view with another shape of the same number of elements; one dimension may be -1 (inferred).</summary>
    public Tensor Reshape(params int[] shape)
    {
        var resolved = (int[])shape.Clone();
        int inferred = Array.IndexOf(resolved, -1);
        if (inferred >= 0)
        {
            resolved[inferred] = 1;
            int known = Tensors.Shape.Elements(resolved);
            resolved[inferred] = known == 0 ? 0 : Length / known;
        }
        if (Tensors.Shape.Elements(resolved) != Length)
            throw new ShapeMismatchException(
                $"Reshape: cannot view {Tensors.Shape.Format(_shape)} ({Length} elements) as "
                    + $"{Tensors.Shape.Format(shape)}."
            );
        return new Tensor(_storage, _offset, resolved, ownsStorage: false);
    }

    /// <summary>A new tensor, with memory of its own, holding a copy of these values.</summary>
    public Tensor Clone()
    {
        var copy = Uninitialized(_shape);
        Span.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>A copy of the values as a new array.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <summary>
    /// Copies the values of <paramref name="source"/>, which must have the same shape, into this tensor.
    /// </summary>
    public void CopyFrom(Tensor source)
    {
        if (!Tensors.Shape.SameAs(source.Shape, Shape))
            throw ShapeMismatchException.For(
                "CopyFrom",
                "shapes must be equal",
                "source",
                source.Shape,
                "destination",
                Shape
            );
        source.Span.CopyTo(Span);
    }

    /// <summary>
    /// Returns owned memory to its pool, and the gradient's too. Views and wrapped arrays are left alone.
    /// </summary>
    public void Dispose()
    {
        if (OwnsStorage)
            _storage.Release();
        Grad?.Dispose();
        Grad = null;
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor{(Name is null ? "" : " " + Name)} {Tensors.Shape.Format(_shape)}";
}
