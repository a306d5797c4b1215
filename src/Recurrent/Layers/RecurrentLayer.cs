using Recurrent.Autograd;
using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// The driver that runs a <see cref="RecurrentCell"/> over sequences, as PyTorch's <c>nn.RNN</c>, <c>nn.LSTM</c>
/// and <c>nn.GRU</c>: stacked layers, both directions, dropout between layers, an initial state, and sequences of
/// different lengths in one batch. Each layer (every step, both directions) is one tape op whose backward is
/// backpropagation through time in fused kernels. Parameter names are PyTorch's (<c>weight_ih_l0</c>,
/// <c>bias_hh_l1_reverse</c>), so state dicts move both ways. The constructors take PyTorch's options in PyTorch's
/// order; <see cref="Create"/> makes the layer of a <see cref="CellKind"/>.
/// </summary>
public abstract class RecurrentLayer : Module<Tensor, (Tensor Output, RecurrentState State)>
{
    private readonly RecurrentCell[][] _layers;
    private readonly RandomGenerator _dropoutRng;
    private StepWorkspace? _stepWorkspace;

    /// <summary>
    /// Creates the stack, one cell per layer and direction, made by <paramref name="makeCell"/>(input, hidden, rng)
    /// with <paramref name="bias"/>, and registers the cells' parameters under PyTorch's names.
    /// </summary>
    protected RecurrentLayer(
        int inputSize,
        int hiddenSize,
        int numLayers,
        bool bias,
        bool batchFirst,
        float dropout,
        bool bidirectional,
        RandomGenerator? rng,
        Func<int, int, RandomGenerator, RecurrentCell> makeCell
    )
    {
        ArgumentNullException.ThrowIfNull(makeCell);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numLayers, 1);
        if (dropout is < 0f or >= 1f)
            throw new ArgumentOutOfRangeException(
                nameof(dropout),
                $"{GetType().Name}: dropout must be in [0, 1); got {dropout}."
            );
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bias = bias;
        Bidirectional = bidirectional;
        Dropout = dropout;
        BatchFirst = batchFirst;
        rng ??= new RandomGenerator((ulong)Random.Shared.NextInt64());
        _dropoutRng = rng;
        _layers = new RecurrentCell[numLayers][];
        for (int l = 0; l < numLayers; l++)
        {
            _layers[l] = new RecurrentCell[Directions];
            for (int d = 0; d < Directions; d++)
            {
                var cell = makeCell(l == 0 ? inputSize : Directions * hiddenSize, hiddenSize, rng);
                if (cell.HasBias != bias)
                    throw new ArgumentException(
                        $"{GetType().Name}: the cell {cell} {(cell.HasBias ? "has" : "lacks")} biases, but bias is "
                            + $"{bias}.",
                        nameof(makeCell)
                    );
                _layers[l][d] = cell;
                // PyTorch's RNN modules hold their weights flat, weight_ih_l0 rather than a child's weight_ih.
                foreach (var (name, value) in cell.NamedParameters().ToArray())
                    RegisterParameter(ParameterName(name, l, d), value);
            }
        }
    }

    /// <summary>
    /// Makes the layer of <paramref name="kind"/>: an <see cref="LstmLayer"/>, a <see cref="GruLayer"/> or an
    /// <see cref="RnnLayer"/> with <paramref name="nonlinearity"/>; the other options are the constructors'.
    /// </summary>
    public static RecurrentLayer Create(
        CellKind kind,
        int inputSize,
        int hiddenSize,
        int numLayers = 1,
        bool bias = true,
        bool batchFirst = true,
        float dropout = 0f,
        bool bidirectional = false,
        RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh,
        RandomGenerator? rng = null
    ) =>
        kind switch
        {
            CellKind.Lstm => new LstmLayer(
                inputSize,
                hiddenSize,
                numLayers,
                bias,
                batchFirst,
                dropout,
                bidirectional,
                rng
            ),
            CellKind.Gru => new GruLayer(
                inputSize,
                hiddenSize,
                numLayers,
                bias,
                batchFirst,
                dropout,
                bidirectional,
                rng
            ),
            CellKind.Rnn => new RnnLayer(
                inputSize,
                hiddenSize,
                numLayers,
                nonlinearity,
                bias,
                batchFirst,
                dropout,
                bidirectional,
                rng
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a cell kind."),
        };

    /// <summary>The kind of every cell in the stack.</summary>
    public abstract CellKind Kind { get; }

    /// <summary>Whether every cell has the biases <c>bias_ih</c> and <c>bias_hh</c> (PyTorch's <c>bias</c>).</summary>
    public bool Bias { get; }

    /// <summary>The width I of the input at each step.</summary>
    public int InputSize { get; }

    /// <summary>The width H of each direction's hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The number L of stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>
    /// Whether each layer also runs from the last step to the first, its output beside the forward one.
    /// </summary>
    public bool Bidirectional { get; }

    /// <summary>The number D of directions: 2 when <see cref="Bidirectional"/>, else 1.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>The dropout probability applied to the output of every layer but the last, in training mode.</summary>
    public float Dropout { get; }

    /// <summary>
    /// The probability with which each recurrent weight (<c>W_hh</c>) is dropped in training mode (DropConnect on the
    /// hidden-to-hidden matrices, AWD-LSTM's weight drop): every forward pass draws one mask per matrix, the same for
    /// every step and sequence, and scales the kept weights by 1/(1-p); 0, the default, drops nothing. It regularises
    /// the recurrence itself, which dropout between layers never touches, without breaking the fused kernels.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, 1).</exception>
    public float WeightDrop
    {
        get;
        set =>
            field = value is >= 0f and < 1f
                ? value
                : throw new ArgumentOutOfRangeException(
                    nameof(value),
                    $"{GetType().Name}: weight drop must be in [0, 1); got {value}."
                );
    }

    /// <summary>
    /// Whether inputs and outputs are <c>[B, T, ...]</c> (the default here) rather than <c>[T, B, ...]</c>.
    /// </summary>
    public bool BatchFirst { get; }

    /// <summary>Whether the state has a cell state <c>c</c> besides <c>h</c> (LSTM).</summary>
    public bool HasCellState => _layers[0][0].HasCellState;

    /// <summary>The cell of one layer and direction.</summary>
    public RecurrentCell Cell(int layer, bool reverse = false) => _layers[layer][reverse ? 1 : 0];

    private static string ParameterName(string name, int layer, int direction) =>
        $"{name}_l{layer}{(direction == 1 ? "_reverse" : "")}";

    /// <summary>Makes every gate block of every recurrent weight matrix a random orthogonal matrix.</summary>
    public void InitOrthogonalRecurrent(RandomGenerator rng)
    {
        foreach (var layer in _layers)
            foreach (var cell in layer)
                cell.InitOrthogonalRecurrent(rng);
    }

    /// <summary>A zero state for <paramref name="batch"/> sequences: <c>[L*D, B, H]</c>.</summary>
    public RecurrentState ZeroState(int batch) =>
        new(
            Tensor.Zeros(NumLayers * Directions, batch, HiddenSize),
            HasCellState ? Tensor.Zeros(NumLayers * Directions, batch, HiddenSize) : null
        );

    /// <summary>
    /// Runs the stack over <paramref name="input"/> <c>[B, T, I]</c> from a zero state, every step valid; see
    /// <see cref="Forward(Tensor, RecurrentState?, int[], RandomGenerator?)"/>.
    /// </summary>
    public override (Tensor Output, RecurrentState State) Forward(Tensor input) => Forward(input, null, null, null);

    /// <summary>
    /// Runs the stack over a batch of sequences. <paramref name="input"/> is <c>[B, T, I]</c> (or <c>[T, B, I]</c>
    /// without <see cref="BatchFirst"/>). <paramref name="initialState"/> is zero when null. With
    /// <paramref name="lengths"/> (B values in 1..T), sequence b uses steps 0..lengths[b]-1: later steps change no
    /// state, output zeros and receive no gradient, and the final state is taken at each sequence's own last step
    /// (PyTorch's packed sequences). Returns the output <c>[B, T, D*H]</c> of the last layer and the final state.
    /// Dropout between layers draws from <paramref name="dropoutRandom"/> when given (pass the trainer's
    /// <c>TrainingContext.Random</c>, which checkpoints save, for an exact resume), else from the layer's own
    /// generator.
    /// </summary>
    public (Tensor Output, RecurrentState State) Forward(
        Tensor input,
        RecurrentState? initialState = null,
        int[]? lengths = null,
        RandomGenerator? dropoutRandom = null
    )
    {
        if (input.Rank != 3 || input.Dim(2) != InputSize)
            throw new ShapeMismatchException(
                $"{this}: expects input {(BatchFirst ? "[B, T, " : "[T, B, ")}{InputSize}]; got "
                    + $"{Shape.Format(input.Shape)}."
            );
        int batch = BatchFirst ? input.Dim(0) : input.Dim(1);
        int steps = BatchFirst ? input.Dim(1) : input.Dim(0);
        if (batch < 1 || steps < 1)
            throw new ShapeMismatchException($"{this}: the input {Shape.Format(input.Shape)} holds no steps.");
        return Run(RecurrentInput.Dense(input), initialState, lengths, dropoutRandom);
    }

    /// <summary>
    /// Runs the stack over <paramref name="input"/> in any of its forms. Dense input is as in
    /// <see cref="Forward(Tensor, RecurrentState?, int[], RandomGenerator?)"/>. One-hot tokens (ids in [0, I), I =
    /// <see cref="InputSize"/> the vocabulary) make the first layer's input projection a gather of columns of
    /// <c>weight_ih_l0</c> instead of a GEMM. Embedded tokens give the same result and gradients as
    /// <c>Forward(embedding.Forward(tokens, [B, T]), ...)</c>, but the first layer's input projection of every step
    /// is a row gather from a table <c>E W_ih^T</c> of V rows, made once per call, instead of a GEMM over all B*T
    /// steps (which also spares the backward pass its two GEMMs over all steps for dW_ih and dx); when the
    /// vocabulary has at least as many rows as the batch has steps, the table would cost more than it saves and the
    /// embedding is looked up as usual. Token ids are <c>[B, T]</c> (or <c>[T, B]</c> without
    /// <see cref="BatchFirst"/>); the rest is as for dense input.
    /// </summary>
    public (Tensor Output, RecurrentState State) Forward(
        RecurrentInput input,
        RecurrentState? initialState = null,
        int[]? lengths = null,
        RandomGenerator? dropoutRandom = null
    )
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (input.Kind)
        {
            case RecurrentInputKind.Dense:
                return Forward(input.Values!, initialState, lengths, dropoutRandom);
            case RecurrentInputKind.OneHotTokens:
                CheckTokens(input.Tokens!, input.Batch(BatchFirst), InputSize, "the input width");
                return Run(input, initialState, lengths, dropoutRandom);
        }
        var table = input.Table!;
        if (table.Rank != 2 || table.Dim(1) != InputSize)
            throw ShapeMismatchException.For(
                $"{this}",
                "the embedding width must be the layer's input width",
                "embedding weight",
                table.Shape,
                "weight_ih_l0",
                _layers[0][0].WeightIH.Shape
            );
        var tokens = input.Tokens!;
        int batch = input.Batch(BatchFirst);
        int steps = CheckTokens(tokens, batch, table.Dim(0), "the embedding's rows");
        if (table.Dim(0) < tokens.Length)
            return Run(input, initialState, lengths, dropoutRandom);
        var embedded = Ops.Embedding(table, tokens, BatchFirst ? [batch, steps] : [steps, batch]);
        var result = Run(RecurrentInput.Dense(embedded), initialState, lengths, dropoutRandom);
        if (!Tape.IsRecording)
            embedded.Dispose();
        return result;
    }

    // Checks that the tokens make a batch of sequences of ids in [0, limit), and returns the number of steps.
    private int CheckTokens(int[] tokens, int batch, int limit, string what)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (batch < 1 || tokens.Length == 0 || tokens.Length % batch != 0)
            throw new ShapeMismatchException(
                $"{this}: {tokens.Length} tokens do not make a batch of {batch} sequences of at least one step."
            );
        for (int i = 0; i < tokens.Length; i++)
            if ((uint)tokens[i] >= (uint)limit)
                throw new ArgumentException(
                    $"{this}: token {tokens[i]} at position {i} is outside [0, {limit}) ({what}).",
                    nameof(tokens)
                );
        return tokens.Length / batch;
    }

    private (Tensor Output, RecurrentState State) Run(
        RecurrentInput input,
        RecurrentState? initialState,
        int[]? lengths,
        RandomGenerator? dropoutRandom
    )
    {
        int batch = input.Batch(BatchFirst),
            steps = input.Steps(BatchFirst);
        CheckLengths(lengths, batch, steps);
        if (initialState is not null)
            CheckState(initialState, batch, "initial state");

        var final = new RecurrentState(
            Tape.NewOutput(NumLayers * Directions, batch, HiddenSize),
            HasCellState ? Tape.NewOutput(NumLayers * Directions, batch, HiddenSize) : null
        );
        var current = input;
        Tensor? output = null;
        var random = dropoutRandom ?? _dropoutRng;
        for (int l = 0; l < NumLayers; l++)
        {
            bool last = l == NumLayers - 1;
            // Weight drop: one mask on W_hh for the whole sequence and batch, drawn afresh at every forward pass.
            var droppedWeights =
                Training && WeightDrop > 0f
                    ? _layers[l].Select(c => Ops.Dropout(c.WeightHH, WeightDrop, random)).ToArray()
                    : null;
            var next = RecurrentLayerOp.Forward(
                _layers[l],
                droppedWeights,
                current,
                inputBatchFirst: l == 0 && BatchFirst,
                outputBatchFirst: last && BatchFirst,
                lengths,
                initialState,
                final,
                l * Directions
            );
            if (droppedWeights is not null && !Tape.IsRecording)
                foreach (var w in droppedWeights)
                    w.Dispose();
            if (!last && Training && Dropout > 0f)
            {
                var dropped = Ops.Dropout(next, Dropout, random);
                if (!Tape.IsRecording)
                    next.Dispose();
                next = dropped;
            }
            if (output is not null && !Tape.IsRecording)
                output.Dispose();
            output = next;
            current = RecurrentInput.Dense(output);
        }
        return (output!, final);
    }

    /// <summary>
    /// One step for generation and control, without a tape and without allocating: reads <paramref name="input"/>
    /// <c>[B, I]</c>, advances <paramref name="state"/> (<c>[L, B, H]</c>) in place, and writes the last layer's
    /// new hidden state to <paramref name="output"/> <c>[B, H]</c>. No dropout is applied. Unidirectional only.
    /// </summary>
    public void Step(Tensor input, RecurrentState state, Tensor output)
    {
        CheckStep(input, state, output);
        int batch = input.Dim(0);
        if (_stepWorkspace is null || _stepWorkspace.Batch != batch)
            _stepWorkspace = new StepWorkspace(batch, _layers[0][0]);
        ReadOnlySpan<float> zeros = _stepWorkspace.ZeroBias;
        var ws = _stepWorkspace;
        int hidden = HiddenSize,
            gates = ws.Gates,
            savedWidth = ws.SavedWidth;
        var h = state.H.Span;
        var c = state.C is null ? default : state.C.Span;
        for (int l = 0; l < NumLayers; l++)
        {
            var cell = _layers[l][0];
            int inputs = cell.InputSize;
            ReadOnlySpan<float> x = l == 0 ? input.Span : h.Slice((l - 1) * batch * hidden, batch * hidden);
            var hLayer = h.Slice(l * batch * hidden, batch * hidden);
            // xg [B, G*H] = x W_ih^T ; hg [B, G*H] = h W_hh^T ; the cell's row kernel adds both biases
            Gemm.Multiply(
                false,
                true,
                batch,
                gates,
                inputs,
                1f,
                x,
                inputs,
                cell.WeightIH.Span,
                inputs,
                0f,
                ws.InputGates,
                gates
            );
            Gemm.Multiply(
                false,
                true,
                batch,
                gates,
                hidden,
                1f,
                hLayer,
                hidden,
                cell.WeightHH.Span,
                hidden,
                0f,
                ws.HiddenGates,
                gates
            );
            for (int b = 0; b < batch; b++)
            {
                cell.RowKernel.Forward(
                    ws.InputGates.AsSpan(b * gates, gates),
                    ws.HiddenGates.AsSpan(b * gates, gates),
                    cell.BiasIH is null ? zeros : cell.BiasIH.Span,
                    cell.BiasHH is null ? zeros : cell.BiasHH.Span,
                    ws.Saved.AsSpan(b * savedWidth, savedWidth),
                    hLayer.Slice(b * hidden, hidden),
                    c.IsEmpty ? default : c.Slice((l * batch + b) * hidden, hidden)
                );
            }
        }
        h.Slice((NumLayers - 1) * batch * hidden, batch * hidden).CopyTo(output.Span);
    }

    // The checks of Step, shared with CopiedRecurrentStep; they allocate nothing.
    internal void CheckStep(Tensor input, RecurrentState state, Tensor output)
    {
        if (Bidirectional)
            throw new InvalidOperationException(
                $"{this}: Step runs one step forward and has no meaning for a bidirectional layer."
            );
        if (input.Rank != 2 || input.Dim(1) != InputSize)
            throw new ShapeMismatchException(
                $"{this}.Step: expects input [B, {InputSize}]; got {Shape.Format(input.Shape)}."
            );
        CheckStep(input.Dim(0), state, output);
    }

    // The checks of the state and the output of a step of batch rows, also for an input that is not a tensor
    // (CopiedRecurrentStep's tokens, whose maker refuses a bidirectional layer).
    internal void CheckStep(int batch, RecurrentState state, Tensor output)
    {
        CheckState(state, batch, "state");
        if (output.Rank != 2 || output.Dim(0) != batch || output.Dim(1) != HiddenSize)
            throw new ShapeMismatchException(
                $"{this}.Step: the output must be [{batch}, {HiddenSize}] for a batch of {batch}; got "
                    + $"{Shape.Format(output.Shape)}."
            );
    }

    private void CheckLengths(int[]? lengths, int batch, int steps)
    {
        if (lengths is null)
            return;
        if (lengths.Length != batch)
            throw new ShapeMismatchException(
                $"{this}: lengths has {lengths.Length} entries for a batch of {batch} sequences (input batch {batch}, "
                    + $"steps {steps})."
            );
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentException(
                    $"{this}: lengths[{b}] = {lengths[b]} is outside 1..{steps} (the input has {steps} steps).",
                    nameof(lengths)
                );
    }

    private void CheckState(RecurrentState state, int batch, string what)
    {
        // Compared dimension by dimension so that Step's check allocates nothing.
        ReadOnlySpan<int> expected = [NumLayers * Directions, batch, HiddenSize];
        if (!Shape.SameAs(state.H.Shape, expected))
            throw new ShapeMismatchException(
                $"{this}: the {what} h must be {Shape.Format(expected)} (layers*directions, batch, hidden); got "
                    + $"{Shape.Format(state.H.Shape)}."
            );
        if (HasCellState && state.C is null)
            throw new ArgumentException(
                $"{this}: the {what} has no cell state c; an LSTM needs h and c, each {Shape.Format(expected)}."
            );
        if (!HasCellState && state.C is not null)
            throw new ArgumentException(
                $"{this}: the {what} has a cell state c {Shape.Format(state.C.Shape)}, which only an LSTM has."
            );
        if (state.C is not null && !Shape.SameAs(state.C.Shape, expected))
            throw new ShapeMismatchException(
                $"{this}: the {what} c must be {Shape.Format(expected)}; got {Shape.Format(state.C.Shape)}."
            );
    }

    /// <summary>
    /// Names the layer and its sizes, for error messages, for example <c>LstmLayer(input 10, hidden 20)</c>.
    /// </summary>
    public override string ToString() => $"{GetType().Name}(input {InputSize}, hidden {HiddenSize})";

    // The buffers of Step, kept between calls so that a generation loop allocates nothing.
    private sealed class StepWorkspace(int batch, RecurrentCell cell)
    {
        public int Batch { get; } = batch;
        public int Gates { get; } = cell.GateCount * cell.HiddenSize;
        public int SavedWidth { get; } = cell.RowKernel.SavedWidth;
        public float[] InputGates { get; } = new float[batch * cell.GateCount * cell.HiddenSize];
        public float[] HiddenGates { get; } = new float[batch * cell.GateCount * cell.HiddenSize];
        public float[] Saved { get; } = new float[batch * cell.RowKernel.SavedWidth];
        public float[] ZeroBias { get; } = new float[cell.GateCount * cell.HiddenSize];
    }
}
