using Recurrent.Autograd;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Drawing;

/// <summary>
/// The prediction network of Graves (2013), section 4, for pen drawings: stacked LSTM layers with skip connections
/// from the input to every layer and from every layer to the output, and a mixture-density output layer of M
/// bivariate Gaussians over the next pen offset, a Bernoulli for the end of the stroke, and one more for the end of
/// the drawing (so that a sample knows when the character is finished); with
/// <see cref="DrawingModelConfig.FlagsPerGaussian"/> each Gaussian has its own pair of flags. A conditional model
/// reads the requested character's embedding beside the pen input at every step. Parameter names follow a PyTorch
/// module with <c>embedding = nn.Embedding</c>, <c>lstm{l} = nn.LSTM(batch_first=True)</c> per layer and
/// <c>head = nn.Linear</c>.
/// </summary>
public sealed class DrawingModel : Module, ITrainable<StrokeBatch>
{
    /// <summary>The width of one pen point, <c>(dx, dy, end of stroke)</c>.</summary>
    public const int PointSize = 3;

    private readonly LstmLayer[] _layers;

    /// <summary>Builds a model with fresh weights drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public DrawingModel(DrawingModelConfig config, ulong seed = 42)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        Layout = new MixtureDensityLayout(config.Mixtures, EndOfDrawing: true, config.FlagsPerGaussian);
        var rng = new RandomGenerator(seed);
        Embedding = config.Conditional
            ? RegisterModule("embedding", new Embedding(config.Labels.Length, config.EmbeddingSize, rng))
            : null;
        int baseInput = PointSize + (config.Conditional ? config.EmbeddingSize : 0);
        _layers = new LstmLayer[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            _layers[l] = RegisterModule(
                $"lstm{l}",
                new LstmLayer(baseInput + (l == 0 ? 0 : config.HiddenSize), config.HiddenSize, rng: rng)
            );
            _layers[l].SetForgetGateBias(1f);
            _layers[l].WeightDrop = config.WeightDrop;
        }
        Head = RegisterModule("head", new Linear(config.Layers * config.HiddenSize, Layout.Width, rng));
    }

    /// <summary>The configuration the model was built from.</summary>
    public DrawingModelConfig Config { get; }

    /// <summary>Where each quantity lives in a row of the head's output.</summary>
    public MixtureDensityLayout Layout { get; }

    /// <summary>The character embedding, <c>[labels, E]</c>, or null for an unconditional model.</summary>
    public Embedding? Embedding { get; }

    /// <summary>
    /// The LSTM layers, bottom first; layer l reads the pen input, the character and layer l - 1's output.
    /// </summary>
    public IReadOnlyList<LstmLayer> Layers => _layers;

    /// <summary>The mixture-density output layer, reading every layer's output side by side.</summary>
    public Linear Head { get; }

    /// <summary>Loads a model from a checkpoint written by <c>recurrent draw train</c>, in evaluation mode.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointFormatException">The file is damaged or holds another kind of model.</exception>
    public static DrawingModel Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>Loads a model from a checkpoint already read, in evaluation mode.</summary>
    public static DrawingModel Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = new DrawingModel(CheckpointMetadata.Read(file, DrawingModelConfig.FromMetadata));
        StateDict.Load(model.NamedState(), file);
        model.Eval();
        return model;
    }

    /// <summary>The label index of each drawing: its character's index for a conditional model, else 0.</summary>
    /// <exception cref="ArgumentException">A drawing's label is not one of the model's characters.</exception>
    public int LabelOf(StrokeSequence drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        if (!Config.Conditional)
            return 0;
        if (drawing.Label.Length != 1)
            throw new ArgumentException(
                $"A drawing labelled '{drawing.Label}' (writer {drawing.Writer}) cannot be drawn on request; labels "
                    + $"are single characters."
            );
        return Config.LabelIndex(drawing.Label[0]);
    }

    /// <summary>
    /// The one pass of the network: the mixture parameters <c>[B, T, 6M + 2]</c> of the next point after every step
    /// of <paramref name="inputs"/> <c>[B, T, 3]</c> (with the embedding of <paramref name="labels"/> at every step),
    /// sequence b for its first <paramref name="lengths"/>[b] steps (all of them when null), each layer starting from
    /// its entry of <paramref name="initialStates"/> (zeros when null); also the state of each layer after them.
    /// Training and scoring are this pass over whole drawings (teacher forcing); <see cref="DrawingSampler"/> is this
    /// pass one point at a time, fed the point it drew. In training mode with <see cref="DrawingModelConfig.Dropout"/>,
    /// each layer's output is dropped with masks drawn from <paramref name="random"/> (none when it is null).
    /// </summary>
    public (Tensor Parameters, RecurrentState[] States) Forward(
        Tensor inputs,
        int[] labels,
        int[]? lengths = null,
        IReadOnlyList<RecurrentState>? initialStates = null,
        RandomGenerator? random = null
    )
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (inputs.Rank != 3 || inputs.Dim(2) != PointSize)
            throw new ShapeMismatchException(
                $"DrawingModel: expects pen inputs [B, T, {PointSize}]; got {Shape.Format(inputs.Shape)}."
            );
        int batch = inputs.Dim(0),
            steps = inputs.Dim(1);
        if (labels.Length != batch)
            throw new ShapeMismatchException(
                $"DrawingModel: {labels.Length} labels for a batch of {batch} drawings (inputs "
                    + $"{Shape.Format(inputs.Shape)})."
            );
        if (initialStates is not null && initialStates.Count != _layers.Length)
            throw new ArgumentException(
                $"DrawingModel: {initialStates.Count} initial states for {_layers.Length} layers.",
                nameof(initialStates)
            );
        bool recording = Tape.IsRecording;
        var temporaries = new List<Tensor>();
        Tensor baseInput = inputs;
        if (Embedding is not null)
        {
            var repeated = new int[batch * steps];
            for (int b = 0; b < batch; b++)
                Array.Fill(repeated, labels[b], b * steps, steps);
            var embedded = Embedding.Forward(repeated, [batch, steps]); // [B, T, E]
            baseInput = Ops.Concat(inputs, embedded); // [B, T, 3 + E]
            temporaries.AddRange([embedded, baseInput]);
        }
        var outputs = new Tensor[_layers.Length];
        var states = new RecurrentState[_layers.Length];
        for (int l = 0; l < _layers.Length; l++)
        {
            var layerInput = l == 0 ? baseInput : Ops.Concat(baseInput, outputs[l - 1]); // [B, T, 3 + E (+ H)]
            if (l > 0)
                temporaries.Add(layerInput);
            (outputs[l], states[l]) = _layers[l].Forward(layerInput, initialStates?[l], lengths); // [B, T, H]
            temporaries.Add(outputs[l]);
            if (random is not null && Training && Config.Dropout > 0f)
            {
                outputs[l] = Ops.Dropout(outputs[l], Config.Dropout, random); // [B, T, H]
                temporaries.Add(outputs[l]);
            }
        }
        var skip = outputs.Length == 1 ? outputs[0] : Ops.Concat(outputs); // [B, T, L*H]
        if (outputs.Length > 1)
            temporaries.Add(skip);
        var parameters = Head.Forward(skip); // [B, T, 6M + 2]
        if (!recording)
            foreach (var t in temporaries)
                t.Dispose();
        return (parameters, states);
    }

    /// <summary>
    /// The mean negative log-likelihood per point of a batch (offsets, end of stroke and end of drawing), for training.
    /// </summary>
    public Tensor Loss(StrokeBatch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (parameters, states) = Forward(batch.Inputs, batch.Labels, batch.Lengths, random: context.Random);
        var loss = Losses.Loss.MixtureDensityNegativeLogLikelihood(parameters, Layout, batch.Targets, batch.Mask);
        if (!Tape.IsRecording)
        {
            parameters.Dispose();
            foreach (var state in states)
                state.Dispose();
        }
        return loss;
    }

    /// <summary>
    /// The negative log-likelihood per point of <paramref name="drawings"/> (no tape, evaluation mode): the pen
    /// offsets and end-of-stroke flags as in Graves (2013), and separately the end-of-drawing flag that this model
    /// adds.
    /// </summary>
    public (double PerPoint, double EndOfDrawingPerPoint, long Points) NegativeLogLikelihood(
        IReadOnlyList<StrokeSequence> drawings,
        int batchSize = 128
    )
    {
        var (strokes, full, _) = PointNegativeLogLikelihoods(drawings, batchSize);
        return MeanPerPoint(strokes, full);
    }

    /// <summary>
    /// The negative log-likelihood of every point of <paramref name="drawings"/> (no tape, evaluation mode), of its
    /// offset and end-of-stroke flag (<c>Strokes</c>) and of those with the end-of-drawing flag (<c>Full</c>), drawing
    /// after drawing in the order of their lengths (<c>Lengths</c>, shortest first), which depends only on the
    /// drawings, so models that draw the same characters list the same points alike.
    /// </summary>
    internal (double[] Strokes, double[] Full, int[] Lengths) PointNegativeLogLikelihoods(
        IReadOnlyList<StrokeSequence> drawings,
        int batchSize
    )
    {
        ArgumentNullException.ThrowIfNull(drawings);
        bool wasTraining = Training;
        Eval();
        using var noGrad = Tape.NoGrad();
        var strokes = new List<double>();
        var full = new List<double>();
        var logDensity = new double[Config.Mixtures];
        var sorted = drawings.OrderBy(d => d.Length).ToArray();
        try
        {
            for (int start = 0; start < sorted.Length; start += batchSize)
            {
                using var batch = StrokeBatch.Create(sorted.Skip(start).Take(batchSize).ToArray(), LabelOf);
                var (parameters, states) = Forward(batch.Inputs, batch.Labels, batch.Lengths);
                foreach (var state in states)
                    state.Dispose();
                using var scores = parameters;
                var p = scores.Span;
                var strokeLayout = Layout with { EndOfDrawing = false };
                for (int row = 0; row < batch.Mask.Length; row++)
                {
                    if (batch.Mask[row] == 0)
                        continue;
                    var target = batch.Targets.AsSpan(row * 4, 4);
                    var values = p.Slice(row * Layout.Width, Layout.Width);
                    // Without the end-of-drawing logits the layout's row is a prefix of the full one; with flags per
                    // Gaussian its likelihood is the full one's summed over both values of the end.
                    var (offsets, flags) = strokeLayout.RowNegativeLogLikelihood(
                        values[..strokeLayout.Width],
                        target[..3],
                        logDensity
                    );
                    var (allOffsets, allFlags) = Layout.RowNegativeLogLikelihood(values, target, logDensity);
                    strokes.Add(offsets + flags);
                    full.Add(allOffsets + allFlags);
                }
            }
        }
        finally
        {
            if (wasTraining)
                Train();
        }
        return ([.. strokes], [.. full], [.. sorted.Select(d => d.Length)]);
    }

    /// <summary>
    /// The means per point of <paramref name="strokes"/> and of the end-of-drawing term, <c>full - strokes</c>.
    /// </summary>
    internal static (double PerPoint, double EndOfDrawingPerPoint, long Points) MeanPerPoint(
        double[] strokes,
        double[] full
    )
    {
        double strokeSum = 0,
            ends = 0;
        for (int i = 0; i < strokes.Length; i++)
        {
            strokeSum += strokes[i];
            ends += full[i] - strokes[i];
        }
        return (strokeSum / strokes.Length, ends / strokes.Length, strokes.Length);
    }
}
