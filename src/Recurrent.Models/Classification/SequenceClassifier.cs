using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Onnx;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// Many-to-one classification: (bidirectional, stacked) LSTM or GRU layers run over each whole series, the outputs
/// are pooled into one vector per series (the last valid state, or the mean over the valid steps), and a linear
/// layer gives one score per class. The lengths of a batch go to the recurrent layer, so padding never reaches the
/// state or the result. Parameter names are PyTorch's: <c>rnn.weight_ih_l0</c>, ..., <c>classifier.weight</c>.
/// </summary>
public sealed class SequenceClassifier : Module, IOnnxExportable
{
    private readonly RecurrentLayer _rnn;
    private readonly Linear _classifier;

    /// <summary>Creates the model with PyTorch's initialisation drawn from <paramref name="rng"/> (and an LSTM forget-gate bias of 1).</summary>
    public SequenceClassifier(SequenceClassifierConfig config, RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        if (config.Cell == ClassifierCell.Lstm)
        {
            var lstm = new LstmLayer(config.InputSize, config.HiddenSize, config.Layers, config.Bidirectional, config.Layers > 1 ? config.Dropout : 0f, rng: rng);
            // A forget gate that starts open lets the gradient reach the early steps of long series (Jozefowicz et al., 2015).
            lstm.SetForgetGateBias(1f);
            _rnn = lstm;
        }
        else
        {
            _rnn = new GruLayer(config.InputSize, config.HiddenSize, config.Layers, config.Bidirectional, config.Layers > 1 ? config.Dropout : 0f, rng: rng);
        }
        _classifier = new Linear(_rnn.Directions * config.HiddenSize, config.Labels.Count, rng);
    }

    /// <summary>The architecture, labels and scaling of this model.</summary>
    public SequenceClassifierConfig Config { get; }

    /// <inheritdoc />
    public string OnnxGraphName => "sequence_classifier";

    /// <summary>
    /// Describes the model as ONNX: <c>inputs</c> float <c>[batch, steps, F*C]</c>, already prepared as
    /// <see cref="ClassifierInput.Prepare"/> does (scaled with the stored scaler, missing values 0, framed), and
    /// <c>lengths</c> int64 <c>[batch]</c>, to <c>logits</c> and <c>probabilities</c> <c>[batch, K]</c>. The labels,
    /// the scaler and the rest of the configuration go into the metadata.
    /// </summary>
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var inputs = graph.Input("inputs", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, Config.InputSize);
        var lengths = graph.Input("lengths", OnnxElementType.Int64, OnnxDim.Batch);
        var rnn = graph.Recurrent(_rnn, inputs, lengths, prefix: "rnn.");
        // With lengths the final state is each series' own last valid step (and step 0 for the reverse direction), as Pool reads it.
        var pooled = Config.Pooling == SequencePooling.Mean ? graph.MeanOverSteps(rnn.Output, lengths) : graph.LastLayerState(_rnn, rnn.H);
        var logits = graph.Linear(_classifier, pooled, "classifier");
        graph.Output("logits", logits);
        graph.Output("probabilities", graph.Softmax(logits));
        foreach (var (key, value) in Config.ToMetadata())
            graph.Metadata[key] = value;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Value)> NamedParameters() =>
        Prefixed("rnn", _rnn).Concat(Prefixed("classifier", _classifier));

    /// <inheritdoc />
    protected override IEnumerable<Module> Children() => [_rnn, _classifier];

    /// <summary>
    /// The class scores <c>[B, K]</c> of a batch <paramref name="inputs"/> <c>[B, T, F*C]</c> whose row b has
    /// <paramref name="lengths"/>[b] valid steps. Dropout before the linear layer draws from <paramref name="random"/>
    /// in training mode.
    /// </summary>
    public Tensor Forward(Tensor inputs, int[] lengths, RandomGenerator? random = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(lengths);
        // Outside a recording tape nothing owns the intermediate tensors, so they go back to the pool here.
        var scratch = new List<IDisposable>();
        try
        {
            var (outputs, state) = _rnn.Forward(inputs, lengths: lengths);
            scratch.Add(outputs);
            scratch.Add(state);
            var pooled = Pool(outputs, lengths, scratch);
            if (Training && Config.Dropout > 0f && random is not null)
            {
                pooled = Ops.Dropout(pooled, Config.Dropout, random);
                scratch.Add(pooled);
            }
            return _classifier.Forward(pooled);
        }
        finally
        {
            if (!Tape.IsRecording)
                foreach (var t in scratch) t.Dispose();
        }
    }

    private Tensor Pool(Tensor outputs, int[] lengths, List<IDisposable> scratch)
    {
        if (Config.Pooling == SequencePooling.Mean)
            return Keep(Ops.MeanOverSteps(outputs, lengths), scratch);
        var lastSteps = Array.ConvertAll(lengths, n => n - 1);
        var atLast = Keep(Ops.SelectSteps(outputs, lastSteps), scratch);
        if (!_rnn.Bidirectional) return atLast;
        // The backward direction ends at step 0: its final state is the second half of the output there.
        int hidden = Config.HiddenSize;
        var forward = Keep(Ops.SliceLast(atLast, 0, hidden), scratch);
        var atFirst = Keep(Ops.SelectSteps(outputs, new int[lengths.Length]), scratch);
        var backward = Keep(Ops.SliceLast(atFirst, hidden, hidden), scratch);
        return Keep(Ops.Concat(forward, backward), scratch);
    }

    private static Tensor Keep(Tensor t, List<IDisposable> scratch)
    {
        scratch.Add(t);
        return t;
    }

    /// <summary>The mean cross-entropy of a labelled batch, for the <see cref="Trainer{TBatch}"/>.</summary>
    public Tensor Loss(SequenceBatch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        var logits = Forward(batch.Inputs, batch.Lengths, context.IsTraining ? context.Random : null);
        try
        {
            return Losses.Loss.CrossEntropy(logits, batch.Labels);
        }
        finally
        {
            if (!Tape.IsRecording) logits.Dispose();
        }
    }

    /// <summary>
    /// The class probabilities <c>[N, K]</c> (row-major) of every case of <paramref name="prepared"/> (made by
    /// <see cref="ClassifierInput.Prepare"/>), in evaluation mode, <paramref name="batchSize"/> cases at a time.
    /// </summary>
    public float[] PredictProbabilities(TimeSeriesDataset prepared, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        bool wasTraining = Training;
        Eval();
        int classes = Config.Labels.Count;
        var probabilities = new float[prepared.Count * classes];
        try
        {
            using var noGrad = Tape.NoGrad();
            var batcher = new SequenceBatcher(prepared, null, batchSize);
            foreach (var batch in batcher.Epoch())
            {
                using (batch)
                using (var logits = Forward(batch.Inputs, batch.Lengths))
                {
                    var scores = logits.Span;
                    for (int b = 0; b < batch.Count; b++)
                    {
                        var row = probabilities.AsSpan(batch.Indices[b] * classes, classes);
                        System.Numerics.Tensors.TensorPrimitives.SoftMax(scores.Slice(b * classes, classes), row);
                    }
                }
            }
        }
        finally
        {
            if (wasTraining) Train();
        }
        return probabilities;
    }

    /// <summary>The predicted class index of every case of <paramref name="prepared"/>.</summary>
    public int[] Predict(TimeSeriesDataset prepared, int batchSize = 256)
    {
        var probabilities = PredictProbabilities(prepared, batchSize);
        int classes = Config.Labels.Count;
        var predicted = new int[prepared.Count];
        for (int i = 0; i < predicted.Length; i++)
            predicted[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(probabilities.AsSpan(i * classes, classes));
        return predicted;
    }
}
