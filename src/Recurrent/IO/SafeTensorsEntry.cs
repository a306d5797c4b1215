namespace Recurrent.IO;

/// <summary>
/// One tensor described by a safetensors header: its name, element type, shape and byte range in the data section.
/// </summary>
/// <param name="Name">The tensor's name (a PyTorch state-dict key for model weights).</param>
/// <param name="DType">The element type as stored.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
/// <param name="Begin">The offset of the first byte, relative to the start of the data section.</param>
/// <param name="End">The offset one past the last byte.</param>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, int[] Shape, long Begin, long End)
{
    /// <summary>The number of elements.</summary>
    public int ElementCount => Tensors.Shape.Elements(Shape);
}
