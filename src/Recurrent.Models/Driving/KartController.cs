using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Driving;

/// <summary>
/// A controller that drives the kart from pixels, as MariFlow played Mario Kart: the 32x32 frame (pixels / 255) goes
/// through an image encoder (a linear projection and a ReLU), then two LSTM layers, then a linear layer with one
/// logit per button; a button is pressed when its sigmoid is above one half. The feed-forward kind has two fully
/// connected ReLU layers of the same width in place of the LSTM layers and sees one frame at a time. Training is
/// binary cross-entropy over segments of episodes with the LSTM state carried from segment to segment (truncated
/// BPTT); driving runs the same <see cref="Forward"/> one frame at a time. Parameter names are those of the
/// PyTorch module <c>encoder = nn.Linear; rnn = nn.LSTM(num_layers=2, batch_first=True); head = nn.Linear</c>.
/// </summary>
public sealed class KartController : Module, ITrainable<DrivingBatch>, ICarriedState
{
    private readonly CarriedRecurrentState _carried = new(hasCellState: true, "a kart controller");
    private RecurrentState? _driving;
    private Tensor? _drivingInput;

    /// <summary>
    /// Builds a controller with fresh weights drawn from a generator seeded with <paramref name="seed"/>.
    /// </summary>
    public KartController(KartControllerConfig config, ulong seed = 42)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        var rng = new RandomGenerator(seed);
        Encoder = RegisterModule("encoder", new Linear(KartCamera.PixelCount, config.EncoderSize, rng));
        if (config.Kind == KartControllerKind.Lstm)
        {
            var lstm = new LstmLayer(config.EncoderSize, config.HiddenSize, numLayers: 2, rng: rng);
            // A forget gate that starts open lets gradients reach back through the segment from the start.
            lstm.SetForgetGateBias(1f);
            Rnn = RegisterModule("rnn", lstm);
        }
        else
        {
            Hidden1 = RegisterModule("hidden1", new Linear(config.EncoderSize, config.HiddenSize, rng));
            Hidden2 = RegisterModule("hidden2", new Linear(config.HiddenSize, config.HiddenSize, rng));
        }
        Head = RegisterModule("head", new Linear(config.HiddenSize, KartButtonSet.Count, rng));
    }

    /// <summary>The configuration the controller was built from.</summary>
    public KartControllerConfig Config { get; }

    /// <summary>The image encoder, <c>[E, 1024]</c>.</summary>
    public Linear Encoder { get; }

    /// <summary>The two LSTM layers (null for the feed-forward kind).</summary>
    public LstmLayer? Rnn { get; }

    /// <summary>The first fully connected layer of the feed-forward kind (null for the LSTM kind).</summary>
    public Linear? Hidden1 { get; }

    /// <summary>The second fully connected layer of the feed-forward kind (null for the LSTM kind).</summary>
    public Linear? Hidden2 { get; }

    /// <summary>The output layer, one logit per button, <c>[4, H]</c>.</summary>
    public Linear Head { get; }

    /// <summary>Loads a controller saved by <c>recurrent drive train</c>, in evaluation mode.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointFormatException">The file is damaged or holds another kind of model.</exception>
    public static KartController Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The controller file '{path}' does not exist (train one with 'recurrent drive train').",
                path
            );
        return Load(SafeTensorsFile.Read(path));
    }

    /// <summary>Loads a controller from a checkpoint already read, in evaluation mode.</summary>
    /// <exception cref="CheckpointFormatException">The file holds another kind of model or its weights do not
    /// fit.</exception>
    public static KartController Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = new KartController(CheckpointMetadata.Read(file, KartControllerConfig.FromMetadata));
        StateDict.Load(model.NamedState(), file);
        model.Eval();
        return model;
    }

    /// <summary>Saves the weights and the configuration (atomically).</summary>
    public void Save(string path) => StateDict.Save(path, NamedState(), Config.ToMetadata());

    /// <summary>
    /// The button logits <c>[B, T, 4]</c> of frames <paramref name="pixels"/> <c>[B, T, 1024]</c> (values pixel / 255),
    /// the LSTM starting from <paramref name="initialState"/> (zeros when null); also returns the final state
    /// (null for the feed-forward kind).
    /// </summary>
    public (Tensor Logits, RecurrentState? State) Forward(Tensor pixels, RecurrentState? initialState = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var projected = Encoder.Forward(pixels); // [B, T, E]
        var encoded = Ops.Relu(projected);
        var temporaries = new List<Tensor> { projected, encoded };
        Tensor hidden;
        RecurrentState? state = null;
        if (Rnn is not null)
            (hidden, state) = Rnn.Forward(encoded, initialState); // [B, T, H]
        else
        {
            var first = Hidden1!.Forward(encoded);
            var h1 = Ops.Relu(first); // [B, T, H]
            var second = Hidden2!.Forward(h1);
            hidden = Ops.Relu(second); // [B, T, H]
            temporaries.AddRange([first, h1, second]);
        }
        temporaries.Add(hidden);
        var logits = Head.Forward(hidden); // [B, T, 4]
        if (!Tape.IsRecording)
            foreach (var temporary in temporaries)
                temporary.Dispose();
        return (logits, state);
    }

    /// <summary>
    /// The mean binary cross-entropy of the button logits against the expert's buttons over the segment, starting
    /// from the carried state (reset when the segment starts its episodes), which it then replaces by the final state
    /// cut from the tape.
    /// </summary>
    public Tensor Loss(DrivingBatch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        var initial = _carried.Begin(batch.Batch, reset: batch.StartsEpisodes);
        var pixels = Tensor.FromArray(batch.Pixels, batch.Batch, batch.Steps, KartCamera.PixelCount);
        var targets = Tensor.FromArray(batch.Targets, batch.Batch, batch.Steps, KartButtonSet.Count);
        var (logits, state) = Forward(pixels, initial);
        var loss = Losses.Loss.BinaryCrossEntropyWithLogits(logits, targets);
        if (state is not null)
            _carried.Carry(state);
        return loss;
    }

    /// <summary>Starts a new drive: the next <see cref="Act"/> begins from a zero LSTM state.</summary>
    public void ResetDriving()
    {
        _driving?.Dispose();
        _driving = null;
    }

    /// <summary>
    /// One step of driving: reads <paramref name="frame"/> (<see cref="KartCamera.PixelCount"/> bytes), advances the
    /// driving state and returns the buttons to press; <paramref name="probabilities"/>, when not empty, receives the
    /// probability of each button. Runs without a tape.
    /// </summary>
    public KartButtons Act(ReadOnlySpan<byte> frame, Span<float> probabilities = default)
    {
        if (frame.Length != KartCamera.PixelCount)
            throw new ArgumentException(
                $"KartController.Act: a frame has {KartCamera.PixelCount} pixels; got {frame.Length}.",
                nameof(frame)
            );
        using var noGrad = Tape.NoGrad();
        _drivingInput ??= Tensor.Zeros(1, 1, KartCamera.PixelCount);
        var input = _drivingInput.Span;
        for (int i = 0; i < frame.Length; i++)
            input[i] = frame[i] * (1f / 255);
        var (logits, state) = Forward(_drivingInput, _driving); // [1, 1, 4]
        _driving?.Dispose();
        _driving = state;
        using var scores = logits;
        var values = scores.Span;
        for (int i = 0; i < probabilities.Length && i < KartButtonSet.Count; i++)
            probabilities[i] = 1f / (1f + MathF.Exp(-values[i]));
        return KartButtonSet.FromLogits(values);
    }

    /// <inheritdoc />
    public void ResetCarriedState() => _carried.ResetCarriedState();

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Tensor Value)> SaveCarriedState() => _carried.SaveCarriedState();

    /// <inheritdoc />
    public void LoadCarriedState(IReadOnlyList<(string Name, Tensor Value)> state) => _carried.LoadCarriedState(state);
}
