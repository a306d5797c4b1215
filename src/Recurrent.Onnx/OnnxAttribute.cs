using Google.Protobuf;
using Recurrent.Onnx.Proto;

namespace Recurrent.Onnx;

/// <summary>An attribute of an ONNX node (<c>hidden_size</c>, <c>direction</c>, <c>perm</c>, ...).</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(AttributeProto proto) => Proto = proto;

    internal AttributeProto Proto { get; }

    /// <summary>The attribute's name.</summary>
    public string Name => Proto.Name;

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(
            new AttributeProto
            {
                Name = name,
                Type = AttributeProto.Types.AttributeType.Int,
                I = value,
            }
        );

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(
            new AttributeProto
            {
                Name = name,
                Type = AttributeProto.Types.AttributeType.Float,
                F = value,
            }
        );

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute String(string name, string value) =>
        new(
            new AttributeProto
            {
                Name = name,
                Type = AttributeProto.Types.AttributeType.String,
                S = ByteString.CopyFromUtf8(value),
            }
        );

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.Add(values);
        return new(proto);
    }

    /// <summary>A list-of-strings attribute.</summary>
    public static OnnxAttribute Strings(string name, params string[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        proto.Strings.Add(values.Select(ByteString.CopyFromUtf8));
        return new(proto);
    }
}
