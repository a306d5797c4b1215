namespace Recurrent.Onnx;

/// <summary>
/// One dimension of a value in an exported graph: a fixed size, or a named dynamic axis such as <c>batch</c> or
/// <c>steps</c> that ONNX Runtime fills in from the input it is given.
/// </summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size; meaningful only when <see cref="Symbol"/> is null.</summary>
    public long Size { get; }

    /// <summary>The name of a dynamic axis, or null for a fixed size.</summary>
    public string? Symbol { get; }

    /// <summary>A fixed size.</summary>
    public static OnnxDim Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new(size, null);
    }

    /// <summary>
    /// A dynamic axis named <paramref name="symbol"/> (the same name means the same size across the graph).
    /// </summary>
    public static OnnxDim Dynamic(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return new(0, symbol);
    }

    /// <summary>The batch axis, <c>batch</c>.</summary>
    public static OnnxDim Batch => Dynamic("batch");

    /// <summary>The time axis, <c>steps</c>.</summary>
    public static OnnxDim Steps => Dynamic("steps");

    /// <summary>A fixed size.</summary>
    public static implicit operator OnnxDim(int size) => Fixed(size);

    /// <summary>The size, or the axis name.</summary>
    public override string ToString() => Symbol ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
