using Google.Protobuf;
using Recurrent.IO;
using Recurrent.Onnx.Proto;
using System.Runtime.InteropServices;

namespace Recurrent.Onnx;

/// <summary>
/// An ONNX model under construction: graph inputs and outputs with named dynamic axes, weights as initializers,
/// nodes of the default ONNX domain at opset <see cref="Opset"/>, and metadata (vocabulary, normalisation,
/// configuration) that ONNX Runtime exposes as <c>custom_metadata_map</c>. The blocks in <see cref="OnnxBlocks"/>
/// add Recurrent's layers to it; <see cref="Node(string, IReadOnlyList{OnnxValue?}, OnnxElementType,
/// IReadOnlyList{OnnxDim}, OnnxAttribute[])"/>
/// adds any other standard operator.
/// </summary>
public sealed class OnnxGraph
{
    /// <summary>
    /// The ONNX opset every exported model imports (default domain). 17 is read by ONNX Runtime 1.13 and later.
    /// </summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version that goes with <see cref="Opset"/>.</summary>
    public const int IrVersion = 8;

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnnxValue> _vectors = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph called <paramref name="name"/>.</summary>
    public OnnxGraph(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _graph = new GraphProto { Name = name };
    }

    /// <summary>The graph's name.</summary>
    public string Name => _graph.Name;

    /// <summary>Key/value pairs stored as the model's <c>metadata_props</c>.</summary>
    public IDictionary<string, string> Metadata { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The names of the graph inputs, in order.</summary>
    public IReadOnlyList<string> InputNames => _graph.Input.Select(i => i.Name).ToArray();

    /// <summary>The names of the graph outputs, in order.</summary>
    public IReadOnlyList<string> OutputNames => _graph.Output.Select(o => o.Name).ToArray();

    /// <summary>
    /// Declares a graph input; use <see cref="OnnxDim.Batch"/> and <see cref="OnnxDim.Steps"/> for the dynamic axes.
    /// </summary>
    public OnnxValue Input(string name, OnnxElementType type, params OnnxDim[] dims)
    {
        Reserve(name);
        _graph.Input.Add(ValueInfo(name, type, dims));
        return new OnnxValue(name, type, dims);
    }

    /// <summary>Declares <paramref name="value"/> a graph output named <paramref name="name"/>.</summary>
    public OnnxValue Output(string name, OnnxValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Name != name)
        {
            Reserve(name);
            AddNode("Identity", [value.Name], [name], []);
            value = value with { Name = name };
        }
        _graph.Output.Add(ValueInfo(name, value.ElementType, value.Dims));
        return value;
    }

    /// <summary>
    /// Stores float weights as an initializer named <paramref name="name"/> (row-major, shape <paramref name="dims"/>).
    /// </summary>
    public OnnxValue Initializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var tensor = new TensorProto
        {
            Name = Unique(name),
            DataType = (int)OnnxElementType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)),
        };
        tensor.Dims.Add(dims);
        _graph.Initializer.Add(tensor);
        return new OnnxValue(tensor.Name, OnnxElementType.Float, dims.Select(OnnxDim.Fixed).ToArray());
    }

    /// <summary>
    /// Stores 64-bit integers (shapes, axes, indices) as an initializer named <paramref name="name"/>.
    /// </summary>
    public OnnxValue Int64Initializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var tensor = new TensorProto
        {
            Name = Unique(name),
            DataType = (int)OnnxElementType.Int64,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)),
        };
        tensor.Dims.Add(dims);
        _graph.Initializer.Add(tensor);
        return new OnnxValue(tensor.Name, OnnxElementType.Int64, dims.Select(OnnxDim.Fixed).ToArray());
    }

    /// <summary>
    /// A one-dimensional int64 constant, as Reshape, Slice, Squeeze and ReduceSum take their shapes and axes. Asking
    /// again for the same name and values returns the same initializer, so every layer's axes share one.
    /// </summary>
    public OnnxValue Int64Vector(string name, params long[] values)
    {
        string key = name + ":" + string.Join(",", values);
        if (!_vectors.TryGetValue(key, out var value))
        {
            value = Int64Initializer(name, values, values.Length);
            _vectors[key] = value;
        }
        return value;
    }

    /// <summary>
    /// Adds a node of the standard operator <paramref name="opType"/> with one output of the given type and shape.
    /// A null input is an omitted optional input.
    /// </summary>
    public OnnxValue Node(
        string opType,
        IReadOnlyList<OnnxValue?> inputs,
        OnnxElementType type,
        IReadOnlyList<OnnxDim> dims,
        params OnnxAttribute[] attributes
    ) => Node(opType, inputs, [(type, dims)], attributes)[0];

    /// <summary>Adds a node of the standard operator <paramref name="opType"/> with several outputs.</summary>
    public IReadOnlyList<OnnxValue> Node(
        string opType,
        IReadOnlyList<OnnxValue?> inputs,
        IReadOnlyList<(OnnxElementType Type, IReadOnlyList<OnnxDim> Dims)> outputs,
        params OnnxAttribute[] attributes
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        var values = outputs.Select(o => new OnnxValue(Unique(opType), o.Type, o.Dims.ToArray())).ToArray();
        // Trailing omitted optional inputs are dropped; inner ones stay as "", as ONNX requires.
        int count = inputs.Count;
        while (count > 0 && inputs[count - 1] is null)
            count--;
        AddNode(opType, inputs.Take(count).Select(v => v?.Name ?? ""), values.Select(v => v.Name), attributes);
        return values;
    }

    /// <summary>The model as ONNX protobuf bytes.</summary>
    public byte[] ToBytes() => ToModel().ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public void Write(string path)
    {
        var model = ToModel();
        AtomicFile.Write(path, stream => model.WriteTo(stream));
    }

    internal ModelProto ToModel()
    {
        if (_graph.Output.Count == 0)
            throw new InvalidOperationException(
                $"ONNX graph '{Name}' has no outputs; declare them with Output(name, value)."
            );
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Recurrent",
            ProducerVersion = typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in Metadata)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private void AddNode(
        string opType,
        IEnumerable<string> inputs,
        IEnumerable<string> outputs,
        IEnumerable<OnnxAttribute> attributes
    )
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_node_{_graph.Node.Count}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes.Select(a => a.Proto));
        _graph.Node.Add(node);
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, IEnumerable<OnnxDim> dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(
                dim.Symbol is null
                    ? new TensorShapeProto.Types.Dimension { DimValue = dim.Size }
                    : new TensorShapeProto.Types.Dimension { DimParam = dim.Symbol }
            );
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape },
            },
        };
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != count)
            throw new ArgumentException(
                $"ONNX initializer '{name}': {count} values do not fill the shape [{string.Join(", ", dims)}] "
                    + $"({expected} values)."
            );
    }

    private void Reserve(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Add(name))
            throw new ArgumentException($"ONNX graph '{Name}' already has a value named '{name}'.", nameof(name));
    }

    // Hints may repeat (every layer adds a "Transpose"); a counter keeps names unique and readable.
    private string Unique(string hint)
    {
        string name = hint;
        while (_names.Contains(name))
        {
            int n = _counters.GetValueOrDefault(hint) + 1;
            _counters[hint] = n;
            name = $"{hint}_{n}";
        }
        _names.Add(name);
        return name;
    }
}
