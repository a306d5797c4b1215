namespace Recurrent.Onnx;

/// <summary>
/// A named value in an exported graph (a graph input, an initializer or a node output) with its element type and
/// shape, so that each block can check what it is given and describe what it makes.
/// </summary>
public sealed record OnnxValue(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDim> Dims)
{
    /// <summary>The number of axes.</summary>
    public int Rank => Dims.Count;

    /// <summary>The shape as text, for error messages, for example <c>[batch, steps, 64]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Dims) + "]";
}
