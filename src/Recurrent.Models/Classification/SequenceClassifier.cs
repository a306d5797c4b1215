using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// Many-to-one classification: (bidirectional, stacked) LSTM or GRU layers run over each whole series, the outputs
/// are pooled into one vector per series (the last valid state, or the mean over the valid steps), and a linear
/// layer gives one score per class. The lengths of a batch go to the recurrent layer, so padding never reaches the
/// state or the result. Parameter names are PyTorch's: <c>rnn.weight_ih_l0</c>, ..., <c>classifier.weight</c>.
/// </summary>
/// <remarks>
/// With <see cref="SequenceClassifierConfig.ConvolutionFilters"/> N &gt; 0 a fully convolutional branch runs beside
/// the recurrent one (LSTM-FCN, Karim et al., 2017): <c>conv.i</c> (N, 2N, N filters of widths 8, 5, 3, "same"
/// padding) each followed by <c>bn.i</c> (batch normalisation, with its running statistics as buffers) and ReLU, then
/// the mean over the valid steps, joined to the recurrent pooled output. The padding of a batch reads as zero, counts
/// in no statistic and leaves each block as zero.
/// </remarks>
public sealed class SequenceClassifier : Module, ITrainable<SequenceBatch>
{
    // The LSTM-FCN blocks: filters as multiples of N, and their widths.
    private static readonly (int Multiple, int Width)[] ConvolutionBlocks = [(1, 8), (2, 5), (1, 3)];

    private readonly RecurrentLayer _rnn;
    private readonly Conv1d[] _convolutions;
    private readonly BatchNorm1d[] _norms;
    private readonly Linear _classifier;

    /// <summary>
    /// Creates the model with PyTorch's initialisation drawn from <paramref name="rng"/> (and an LSTM forget-gate bias
    /// of 1).
    /// </summary>
    public SequenceClassifier(SequenceClassifierConfig config, RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        _rnn = RegisterModule(
            "rnn",
            RecurrentLayer.Create(
                config.Cell,
                config.InputSize,
                config.HiddenSize,
                config.Layers,
                dropout: config.Layers > 1 ? config.Dropout : 0f,
                bidirectional: config.Bidirectional,
                rng: rng
            )
        );
        // A forget gate that starts open lets the gradient reach the early steps of long series
        // (Jozefowicz et al., 2015).
        if (_rnn is LstmLayer lstm)
            lstm.SetForgetGateBias(1f);
        // Drawn after the recurrent layer, so that a model without the branch starts as it always has.
        int filters = config.ConvolutionFilters;
        _convolutions = new Conv1d[filters > 0 ? ConvolutionBlocks.Length : 0];
        _norms = new BatchNorm1d[_convolutions.Length];
        int channels = config.InputSize;
        for (int i = 0; i < _convolutions.Length; i++)
        {
            var (multiple, width) = ConvolutionBlocks[i];
            _convolutions[i] = new Conv1d(channels, multiple * filters, width, rng);
            _norms[i] = new BatchNorm1d(multiple * filters);
            channels = multiple * filters;
        }
        if (_convolutions.Length > 0)
        {
            // As nn.ModuleList in PyTorch: conv.0.weight, ..., bn.2.running_var.
            RegisterModule("conv", new ModuleList<Conv1d>(_convolutions));
            RegisterModule("bn", new ModuleList<BatchNorm1d>(_norms));
        }
        _classifier = RegisterModule(
            "classifier",
            new Linear(_rnn.Directions * config.HiddenSize + filters, config.Labels.Count, rng)
        );
    }

    /// <summary>
    /// Rebuilds the model from the configuration in a checkpoint's metadata (<c>best.safetensors</c> of a training run)
    /// and loads its weights, in evaluation mode.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is damaged, is not a sequence classifier, or its weights do
    /// not fit; the message names the file.</exception>
    public static SequenceClassifier Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>Rebuilds the model from a checkpoint already read.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a sequence classifier, or its weights do not fit;
    /// the message names the file.</exception>
    public static SequenceClassifier Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var config = CheckpointMetadata.Read(file, SequenceClassifierConfig.FromMetadata);
        var model = new SequenceClassifier(config, new RandomGenerator(0));
        StateDict.Load(model.NamedState(), file);
        model.Eval();
        return model;
    }

    /// <summary>The architecture, labels and scaling of this model.</summary>
    public SequenceClassifierConfig Config { get; }

    /// <summary>The recurrent layers, named <c>rnn</c>.</summary>
    public RecurrentLayer Rnn => _rnn;

    /// <summary>The convolution blocks of the LSTM-FCN branch, <c>conv.i</c> (empty without the branch).</summary>
    public IReadOnlyList<Conv1d> Convolutions => _convolutions;

    /// <summary>The batch normalisation after each convolution, <c>bn.i</c> (empty without the branch).</summary>
    public IReadOnlyList<BatchNorm1d> Norms => _norms;

    /// <summary>The linear layer from the pooled vector to the class scores, <c>classifier</c>.</summary>
    public Linear Classifier => _classifier;

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
            if (_convolutions.Length > 0)
                pooled = Keep(Ops.Concat(pooled, Convolve(inputs, lengths, scratch)), scratch);
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
                foreach (var t in scratch)
                    t.Dispose();
        }
    }

    private Tensor Pool(Tensor outputs, int[] lengths, List<IDisposable> scratch)
    {
        if (Config.Pooling == SequencePooling.Mean)
            return Keep(Ops.MeanOverSteps(outputs, lengths), scratch);
        var lastSteps = Array.ConvertAll(lengths, n => n - 1);
        var atLast = Keep(Ops.SelectSteps(outputs, lastSteps), scratch);
        if (!_rnn.Bidirectional)
            return atLast;
        // The backward direction ends at step 0: its final state is the second half of the output there.
        int hidden = Config.HiddenSize;
        var forward = Keep(Ops.SliceLast(atLast, 0, hidden), scratch);
        var atFirst = Keep(Ops.SelectSteps(outputs, new int[lengths.Length]), scratch);
        var backward = Keep(Ops.SliceLast(atFirst, hidden, hidden), scratch);
        return Keep(Ops.Concat(forward, backward), scratch);
    }

    // The convolutional branch: [B, T, F*C] -> [B, N], the mean of the last block over the valid steps.
    private Tensor Convolve(Tensor inputs, int[] lengths, List<IDisposable> scratch)
    {
        var h = inputs;
        for (int i = 0; i < _convolutions.Length; i++)
        {
            var convolved = Keep(_convolutions[i].Forward(h, lengths), scratch);
            var normalized = Keep(_norms[i].Forward(convolved, lengths), scratch);
            h = Keep(Ops.Relu(normalized), scratch);
        }
        return Keep(Ops.MeanOverSteps(h, lengths), scratch);
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
            if (!Tape.IsRecording)
                logits.Dispose();
        }
    }

    /// <summary>
    /// The fraction of <paramref name="batch"/> whose most likely class is its label, in the current mode (the
    /// <see cref="Trainer{TBatch}"/> measures it in evaluation mode as the validation metric <c>accuracy</c>).
    /// </summary>
    public double Accuracy(SequenceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var noGrad = Tape.NoGrad();
        using var logits = Forward(batch.Inputs, batch.Lengths);
        int classes = Config.Labels.Count,
            correct = 0;
        for (int b = 0; b < batch.Count; b++)
            if (
                System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.Span.Slice(b * classes, classes))
                == batch.Labels[b]
            )
                correct++;
        return batch.Count == 0 ? double.NaN : (double)correct / batch.Count;
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
            if (wasTraining)
                Train();
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
            predicted[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(
                probabilities.AsSpan(i * classes, classes)
            );
        return predicted;
    }
}
