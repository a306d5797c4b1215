namespace Recurrent.Tensors;

/// <summary>Small helpers for shapes, which are plain <see cref="int"/> arrays in row-major order.</summary>
public static class Shape
{
    /// <summary>Formats a shape the way PyTorch prints one, for example <c>[50, 512]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>The number of elements of a tensor of this shape.</summary>
    public static int Elements(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
            n *= d;
            if (n > int.MaxValue)
                throw new ArgumentException($"Shape {Format(shape)} has more than {int.MaxValue} elements.");
        }
        return (int)n;
    }

    /// <summary>Whether two shapes are equal dimension by dimension.</summary>
    public static bool SameAs(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
