using Recurrent.Layers;

namespace Recurrent.Onnx;

/// <summary>
/// Recurrent's building blocks as standard ONNX operators, for an exporter to describe a model with
/// (see <see cref="IOnnxExportable"/>): <see cref="Embedding"/> (Gather), <see cref="Linear"/> (MatMul + Add),
/// <see cref="Layers.Conv1d"/> (Conv), <see cref="Layers.BatchNorm1d"/> (BatchNormalization), softmax, ReLU, the final
/// state of the last layer, the mean over valid steps, the mask of valid steps, and the shape operators between them.
/// The recurrent layers themselves are in <see cref="OnnxRecurrentBlock"/>.
/// </summary>
public static class OnnxBlocks
{
    /// <summary>
    /// Looks up <paramref name="indices"/> (int64 or int32, any shape) in <paramref name="embedding"/>, giving
    /// <c>[..., D]</c>.
    /// </summary>
    public static OnnxValue Embedding(
        this OnnxGraph graph,
        Embedding embedding,
        OnnxValue indices,
        string name = "embedding"
    )
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.ElementType == OnnxElementType.Float)
            throw new ArgumentException(
                $"ONNX export of Embedding '{name}': the indices must be int64 or int32; got float "
                    + $"{indices.ShapeText}.",
                nameof(indices)
            );
        var weight = graph.Initializer(
            $"{name}.weight",
            embedding.Weight.Span,
            embedding.NumEmbeddings,
            embedding.EmbeddingDim
        );
        return graph.Node(
            "Gather",
            [weight, indices],
            OnnxElementType.Float,
            [.. indices.Dims, embedding.EmbeddingDim],
            OnnxAttribute.Int("axis", 0)
        );
    }

    /// <summary>
    /// Applies <paramref name="linear"/> to <paramref name="x"/> <c>[..., in]</c>, giving <c>[..., out]</c>; the weight
    /// is stored transposed, <c>[in, out]</c>.
    /// </summary>
    public static OnnxValue Linear(this OnnxGraph graph, Linear linear, OnnxValue x, string name = "linear")
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(linear);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1 || (x.Dims[^1].Symbol is null && x.Dims[^1].Size != linear.InFeatures))
            throw new ArgumentException(
                $"ONNX export of Linear '{name}': the last axis of the input must be {linear.InFeatures}; got "
                    + $"{x.ShapeText}.",
                nameof(x)
            );
        var transposed = new float[linear.InFeatures * linear.OutFeatures];
        var w = linear.Weight.Span;
        for (int o = 0; o < linear.OutFeatures; o++)
            for (int i = 0; i < linear.InFeatures; i++)
                transposed[i * linear.OutFeatures + o] = w[o * linear.InFeatures + i];
        var weight = graph.Initializer($"{name}.weight_transposed", transposed, linear.InFeatures, linear.OutFeatures);
        OnnxDim[] dims = [.. x.Dims.Take(x.Rank - 1), linear.OutFeatures];
        var y = graph.Node("MatMul", [x, weight], OnnxElementType.Float, dims);
        if (linear.Bias is null)
            return y;
        var bias = graph.Initializer($"{name}.bias", linear.Bias.Span, linear.OutFeatures);
        return graph.Node("Add", [y, bias], OnnxElementType.Float, dims);
    }

    /// <summary>
    /// Applies <paramref name="conv"/> to a channels-first <paramref name="x"/> <c>[B, in, T]</c> (ONNX's layout, the
    /// transpose of the layer's), giving <c>[B, out, T]</c>, with the same "same" padding: <c>(K - 1) / 2</c> steps
    /// before and the rest after. Steps past a sequence's length must already be zero (see <see cref="StepMask"/>).
    /// </summary>
    public static OnnxValue Conv1d(this OnnxGraph graph, Layers.Conv1d conv, OnnxValue x, string name = "conv")
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3 || (x.Dims[1].Symbol is null && x.Dims[1].Size != conv.InChannels))
            throw new ArgumentException(
                $"ONNX export of Conv1d '{name}': expects [B, {conv.InChannels}, T]; got {x.ShapeText}.",
                nameof(x)
            );
        int kernel = conv.KernelSize,
            before = (kernel - 1) / 2;
        var weight = graph.Initializer($"{name}.weight", conv.Weight.Span, conv.OutChannels, conv.InChannels, kernel);
        OnnxValue? bias = conv.Bias is null
            ? null
            : graph.Initializer($"{name}.bias", conv.Bias.Span, conv.OutChannels);
        return graph.Node(
            "Conv",
            [x, weight, bias],
            OnnxElementType.Float,
            [x.Dims[0], conv.OutChannels, x.Dims[2]],
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("pads", before, kernel - 1 - before)
        );
    }

    /// <summary>
    /// Applies <paramref name="norm"/> in evaluation mode (its running statistics) to a channels-first
    /// <paramref name="x"/> <c>[B, C, T]</c>. Steps past a sequence's length get a value and need masking after.
    /// </summary>
    public static OnnxValue BatchNorm1d(this OnnxGraph graph, Layers.BatchNorm1d norm, OnnxValue x, string name = "bn")
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(norm);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3 || (x.Dims[1].Symbol is null && x.Dims[1].Size != norm.Channels))
            throw new ArgumentException(
                $"ONNX export of BatchNorm1d '{name}': expects [B, {norm.Channels}, T]; got {x.ShapeText}.",
                nameof(x)
            );
        int channels = norm.Channels;
        var scale = graph.Initializer($"{name}.weight", norm.Weight.Span, channels);
        var shift = graph.Initializer($"{name}.bias", norm.Bias.Span, channels);
        var mean = graph.Initializer($"{name}.running_mean", norm.RunningMean.Span, channels);
        var variance = graph.Initializer($"{name}.running_var", norm.RunningVariance.Span, channels);
        return graph.Node(
            "BatchNormalization",
            [x, scale, shift, mean, variance],
            OnnxElementType.Float,
            x.Dims,
            OnnxAttribute.Float("epsilon", norm.Epsilon)
        );
    }

    /// <summary>
    /// The valid steps of a batch-first <paramref name="x"/> <c>[B, T, ...]</c> with <paramref name="lengths"/>
    /// <c>[B]</c>: a float <c>[B, 1, T]</c> that is 1 where <c>t &lt; lengths[b]</c> and 0 after, to multiply a
    /// channels-first value with.
    /// </summary>
    public static OnnxValue StepMask(this OnnxGraph graph, OnnxValue x, OnnxValue lengths)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lengths);
        if (lengths.ElementType != OnnxElementType.Int64)
            throw new ArgumentException(
                $"ONNX export: the step mask reads int64 lengths; got {lengths.ElementType} {lengths.ShapeText}.",
                nameof(lengths)
            );
        var batch = x.Dims[0];
        var steps = x.Dims[1];
        // Read from the input's shape, so that the sequence axis stays dynamic.
        var shape = graph.Node("Shape", [x], OnnxElementType.Int64, [x.Rank]);
        var count = graph.Node(
            "Gather",
            [shape, graph.Int64Initializer("steps_index", [1])],
            OnnxElementType.Int64,
            [],
            OnnxAttribute.Int("axis", 0)
        );
        var start = graph.Int64Initializer("range_start", [0]);
        var delta = graph.Int64Initializer("range_delta", [1]);
        var range = graph.Node("Range", [start, count, delta], OnnxElementType.Int64, [steps]);
        var row = graph.Node("Unsqueeze", [range, graph.Int64Vector("axis_0", 0)], OnnxElementType.Int64, [1, steps]);
        var axis1 = graph.Int64Vector("axis_1", 1);
        var column = graph.Node("Unsqueeze", [lengths, axis1], OnnxElementType.Int64, [batch, 1]);
        var valid = graph.Node("Less", [row, column], OnnxElementType.Bool, [batch, steps]);
        var mask = graph.Node(
            "Cast",
            [valid],
            OnnxElementType.Float,
            [batch, steps],
            OnnxAttribute.Int("to", (long)OnnxElementType.Float)
        );
        return graph.Node("Unsqueeze", [mask, axis1], OnnxElementType.Float, [batch, 1, steps]);
    }

    /// <summary>
    /// The elementwise product of <paramref name="x"/> and <paramref name="y"/>, with ONNX's broadcasting; the result
    /// has the shape of <paramref name="x"/>.
    /// </summary>
    public static OnnxValue Multiply(this OnnxGraph graph, OnnxValue x, OnnxValue y)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return graph.Node("Mul", [x, y], x.ElementType, x.Dims);
    }

    /// <summary>The rectifier <c>max(x, 0)</c> of every element.</summary>
    public static OnnxValue Relu(this OnnxGraph graph, OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return graph.Node("Relu", [x], x.ElementType, x.Dims);
    }

    /// <summary>Softmax over the last axis.</summary>
    public static OnnxValue Softmax(this OnnxGraph graph, OnnxValue x) =>
        graph.Node("Softmax", [x], OnnxElementType.Float, x.Dims, OnnxAttribute.Int("axis", -1));

    /// <summary>Log-softmax over the last axis.</summary>
    public static OnnxValue LogSoftmax(this OnnxGraph graph, OnnxValue x) =>
        graph.Node("LogSoftmax", [x], OnnxElementType.Float, x.Dims, OnnxAttribute.Int("axis", -1));

    /// <summary>
    /// The final hidden state of the last layer, both directions side by side (forward first), <c>[B, D*H]</c>:
    /// what a classifier reads as "the last valid state", since with lengths the final state is each sequence's own
    /// last step (and, for the reverse direction, its first).
    /// </summary>
    public static OnnxValue LastLayerState(this OnnxGraph graph, RecurrentLayer layer, OnnxValue finalH)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(finalH);
        int directions = layer.Directions;
        var batch = finalH.Dims[1];
        var last = graph.SliceAxis0(finalH, (layer.NumLayers - 1) * directions, directions);
        var batchMajor = graph.Transpose(last, 1, 0, 2);
        return graph.Node(
            "Reshape",
            [batchMajor, graph.Int64Vector("shape_keep1_flatten", 0, -1)],
            OnnxElementType.Float,
            [batch, directions * layer.HiddenSize]
        );
    }

    /// <summary>
    /// The mean over time of a batch-first <paramref name="output"/> <c>[B, T, F]</c>, giving <c>[B, F]</c>. With
    /// <paramref name="lengths"/> <c>[B]</c> it is the mean over each sequence's valid steps (the recurrent output is
    /// zero past them, so the sum over all steps divided by the length).
    /// </summary>
    public static OnnxValue MeanOverSteps(this OnnxGraph graph, OnnxValue output, OnnxValue? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Rank != 3)
            throw new ArgumentException(
                $"ONNX export: the mean over steps expects [B, T, F]; got {output.ShapeText}.",
                nameof(output)
            );
        OnnxDim[] dims = [output.Dims[0], output.Dims[2]];
        var sum = graph.Node(
            "ReduceSum",
            [output, graph.Int64Vector("axis_1", 1)],
            OnnxElementType.Float,
            dims,
            OnnxAttribute.Int("keepdims", 0)
        );
        OnnxValue count;
        if (lengths is null)
        {
            // steps as a [1] float tensor, read from the input's shape so that the sequence axis stays dynamic
            var shape = graph.Node("Shape", [output], OnnxElementType.Int64, [3]);
            var steps = graph.Node(
                "Gather",
                [shape, graph.Int64Vector("index_1", 1)],
                OnnxElementType.Int64,
                [1],
                OnnxAttribute.Int("axis", 0)
            );
            count = graph.Node(
                "Cast",
                [steps],
                OnnxElementType.Float,
                [1],
                OnnxAttribute.Int("to", (long)OnnxElementType.Float)
            );
        }
        else
        {
            var asFloat = graph.Node(
                "Cast",
                [lengths],
                OnnxElementType.Float,
                lengths.Dims,
                OnnxAttribute.Int("to", (long)OnnxElementType.Float)
            );
            count = graph.Node(
                "Unsqueeze",
                [asFloat, graph.Int64Vector("axis_1", 1)],
                OnnxElementType.Float,
                [output.Dims[0], 1]
            );
        }
        return graph.Node("Div", [sum, count], OnnxElementType.Float, dims);
    }

    /// <summary>
    /// Entry <paramref name="index"/> of the last axis of <paramref name="x"/> <c>[..., N]</c>, giving <c>[...]</c>
    /// (for example the mean of a <c>(mean, log std)</c> pair).
    /// </summary>
    public static OnnxValue SelectLast(this OnnxGraph graph, OnnxValue x, int index)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1 || (x.Dims[^1].Symbol is null && (index < 0 || index >= x.Dims[^1].Size)))
            throw new ArgumentException(
                $"ONNX export: entry {index} of the last axis does not exist in {x.ShapeText}.",
                nameof(index)
            );
        var scalar = graph.Int64Initializer($"index_{index}", [index]);
        return graph.Node(
            "Gather",
            [x, scalar],
            x.ElementType,
            x.Dims.Take(x.Rank - 1).ToArray(),
            OnnxAttribute.Int("axis", x.Rank - 1)
        );
    }

    /// <summary>The hyperbolic tangent of every element.</summary>
    public static OnnxValue Tanh(this OnnxGraph graph, OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return graph.Node("Tanh", [x], x.ElementType, x.Dims);
    }

    /// <summary>
    /// Joins <paramref name="values"/> along <paramref name="axis"/> (for example both directions' states, or features
    /// side by side).
    /// </summary>
    public static OnnxValue Concat(this OnnxGraph graph, int axis, params OnnxValue[] values)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (values.Length == 0)
            throw new ArgumentException("ONNX export: Concat needs at least one value.", nameof(values));
        int rank = values[0].Rank;
        int a = axis < 0 ? axis + rank : axis;
        var dims = values[0].Dims.ToArray();
        dims[a] = values.All(v => v.Dims[a].Symbol is null)
            ? OnnxDim.Fixed(values.Sum(v => v.Dims[a].Size))
            : OnnxDim.Dynamic($"{values[0].Dims[a]}_concat");
        return graph.Node("Concat", values, OnnxElementType.Float, dims, OnnxAttribute.Int("axis", axis));
    }

    /// <summary>
    /// Permutes the axes of <paramref name="x"/>: output axis i is input axis <paramref name="perm"/>[i].
    /// </summary>
    public static OnnxValue Transpose(this OnnxGraph graph, OnnxValue x, params int[] perm)
    {
        ArgumentNullException.ThrowIfNull(x);
        return graph.Node(
            "Transpose",
            [x],
            x.ElementType,
            perm.Select(p => x.Dims[p]).ToArray(),
            OnnxAttribute.Ints("perm", perm.Select(p => (long)p).ToArray())
        );
    }

    /// <summary>
    /// Entries <paramref name="start"/> .. <paramref name="start"/>+<paramref name="count"/>-1 along the first axis.
    /// </summary>
    public static OnnxValue SliceAxis0(this OnnxGraph graph, OnnxValue x, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return graph.Node(
            "Slice",
            [
                x,
                graph.Int64Vector("slice_start", start),
                graph.Int64Vector("slice_end", start + count),
                graph.Int64Vector("axis_0", 0),
            ],
            x.ElementType,
            [count, .. x.Dims.Skip(1)]
        );
    }

    internal static OnnxValue ConcatAxis0(
        this OnnxGraph graph,
        IReadOnlyList<OnnxValue> parts,
        int total,
        OnnxDim batch,
        int hidden
    ) =>
        parts.Count == 1
            ? parts[0]
            : graph.Node(
                "Concat",
                [.. parts],
                OnnxElementType.Float,
                [total, batch, hidden],
                OnnxAttribute.Int("axis", 0)
            );
}
