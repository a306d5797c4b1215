namespace Recurrent.Onnx;

/// <summary>The element types an exported graph uses, with their ONNX <c>TensorProto.DataType</c> numbers.</summary>
public enum OnnxElementType
{
    /// <summary>32-bit float: activations, weights, outputs.</summary>
    Float = 1,

    /// <summary>32-bit integer: what the recurrent operators take as <c>sequence_lens</c>.</summary>
    Int32 = 6,

    /// <summary>64-bit integer: token indices, lengths as a graph input, shapes.</summary>
    Int64 = 7,

    /// <summary>Boolean: the result of a comparison, such as which steps of a batch are valid.</summary>
    Bool = 9,
}
