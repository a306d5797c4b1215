using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Kernels;

/// <summary>
/// The fused kernels of one direction of one recurrent layer over a whole sequence, built from a cell's row
/// kernels: the input projection of all steps as one GEMM, then per step one recurrent GEMM over all gates and one
/// fused pass of gate math; backward per step one fused pass and one GEMM for dh_{t-1}, and after the loop the
/// weight and input gradients as single GEMMs over all T*B rows. Nothing is allocated inside the time loop. A batch
/// large enough is cut into parts of rows, each carried through every step by one thread.
/// </summary>
/// <remarks>
/// The input <c>x</c> is time-major <c>[T*B, I]</c>. Outputs are written to rows of a <c>[B, T, ld]</c>
/// (batch-first) or <c>[T, B, ld]</c> tensor at a column offset, so both directions of a bidirectional layer write
/// one output side by side. A sequence b with length L_b has valid steps t &lt; L_b; at padded steps its state is
/// left alone, its output is zero and nothing flows back. Run in reverse, the loop goes t = T-1 .. 0, so a short
/// sequence starts from the initial state at its own last step, as PyTorch's packed sequences do.
/// </remarks>
internal sealed class RecurrentSequence : IDisposable
{
    /// <summary>
    /// The fewest gate values a thread takes in a gate pass. Waking a second thread costs microseconds, and far
    /// more when the machine is busy, so only a batch of more than about 0.1 ms of gate math is split.
    /// </summary>
    internal const int GateValuesPerThread = 131072;

    private readonly RecurrentCell _cell;
    private readonly int _steps, _batch, _hidden, _gates, _savedWidth;
    private readonly int[]? _lengths;
    private readonly bool _reverse;
    private readonly bool _saveForBackward;

    // Saved by Forward for Backward, all time-major: gate activations [T, B, S], h_{t-1} and c_{t-1} [T, B, H].
    // Without backward only one step's activations, [B, S], reused at every step, and no states.
    private readonly Tensor _saved;
    private readonly Tensor? _hPrev;
    private readonly Tensor? _cPrev;

    // Per-call state read by the row passes; set before each parallel loop.
    private Tensor? _x;
    private int[]? _tokens;
    private Tensor? _embedding;
    private Tensor? _sequence;
    private int _ld, _column;
    private bool _batchFirst;
    private Tensor _xProjection = null!, _hProjection = null!, _dGx = null!, _dGh = null!;
    // Backward with row parts: each part's running sums of dgx (and of dgh, when the cell keeps it apart) over
    // its rows and steps, [parts, G*H] or [parts, 2*G*H], summed into the bias gradients after the loop.
    private Tensor? _biasSums;
    private Tensor _h = null!;
    private Tensor? _c;
    private PackedMatrix? _packedWeightHH;

    public RecurrentSequence(RecurrentCell cell, int steps, int batch, int[]? lengths, bool reverse, bool saveForBackward)
    {
        _cell = cell;
        _steps = steps;
        _batch = batch;
        _hidden = cell.HiddenSize;
        _gates = cell.GateCount * cell.HiddenSize;
        _savedWidth = cell.SavedWidth;
        _lengths = lengths;
        _reverse = reverse;
        _saveForBackward = saveForBackward;
        int savedRows = saveForBackward ? steps * batch : batch;
        _saved = Tensor.Uninitialized(savedRows, _savedWidth);
        if (saveForBackward)
        {
            _hPrev = Tensor.Uninitialized(savedRows, _hidden);
            _cPrev = cell.HasCellState ? Tensor.Uninitialized(savedRows, _hidden) : null;
        }
    }

    /// <summary>
    /// Runs all steps. The input is either <paramref name="x"/> <c>[T*B, I]</c> time-major, or
    /// <paramref name="tokens"/> <c>[T*B]</c> time-major ids whose projection is a row gather from a table of V
    /// rows instead of a GEMM over all steps: with <paramref name="embedding"/> <c>[V, I]</c> a token stands for
    /// its embedding row (the table is <c>E W_ih^T</c>), without it for a one-hot row (V = I, the table is
    /// <c>W_ih^T</c>). <paramref name="h"/> and
    /// <paramref name="c"/> <c>[B, H]</c> hold the initial state on entry and the final state on exit
    /// (<paramref name="c"/> unused without a cell state); outputs go to <paramref name="y"/> at rows of width
    /// <paramref name="ld"/>, columns <c>[column, column + H)</c>.
    /// </summary>
    public void Forward(Tensor? x, int[]? tokens, Tensor? embedding, Tensor h, Tensor? c, Tensor y, int ld, int column, bool batchFirst)
    {
        int rows = _steps * _batch, inputs = _cell.InputSize;
        _x = x;
        _tokens = tokens;
        _embedding = embedding;
        _h = h;
        _c = c;
        _sequence = y;
        _ld = ld;
        _column = column;
        _batchFirst = batchFirst;
        // xproj [T*B, G*H] = x [T*B, I] W_ih^T, or for tokens the table [V, G*H] whose row tokens[r] is row r of
        // it: the row passes read that row in place, from a table small enough to stay in cache, instead of a
        // gathered copy of all T*B rows. The row passes add b_ih as they read each row.
        _xProjection = tokens is null ? Tensor.Uninitialized(rows, _gates) : TokenTable();
        _hProjection = Tensor.Uninitialized(_batch, _gates);
        try
        {
            if (tokens is null)
                Gemm.Multiply(false, true, rows, _gates, inputs, 1f, x!.Span, inputs, _cell.WeightIH.Span, inputs, 0f, _xProjection.Span, _gates);

            using var packedWeightHH = PackRecurrentWeight(transpose: true);
            _packedWeightHH = packedWeightHH;
            int parts = IndependentRowParts();
            if (parts > 0)
            {
                var rowParts = new RowPartPass { Sequence = this, Parts = parts, Backward = false };
                ParallelLoop.For(parts, ref rowParts);
            }
            else
            {
                var body = new RowPass { Sequence = this };
                int grain = Math.Max(1, GateValuesPerThread / _gates);
                for (int s = 0; s < _steps; s++)
                {
                    int t = _reverse ? _steps - 1 - s : s;
                    ForwardRecurrentProduct(t, 0, _batch);
                    body.Step = t;
                    ParallelLoop.For(_batch, ref body, grain);
                }
            }
        }
        finally
        {
            _xProjection.Dispose();
            _hProjection.Dispose();
            _sequence = null;
            _packedWeightHH = null;
        }
    }

    /// <summary>
    /// Backpropagation through time. <paramref name="dy"/> (may be null) has the layout of the forward output;
    /// <paramref name="dh"/> and <paramref name="dc"/> <c>[B, H]</c> hold dL/dh_T and dL/dc_T on entry and dL/dh_0,
    /// dL/dc_0 on exit. Accumulates (+=) the parameter gradients of those that require one, the gradient of the
    /// embedding table when the input was embedded tokens and, when <paramref name="dx"/> is given, dL/dx
    /// <c>[T*B, I]</c> time-major.
    /// </summary>
    public void Backward(Tensor? dy, Tensor dh, Tensor? dc, Tensor? dx)
    {
        if (!_saveForBackward)
            throw new InvalidOperationException($"{_cell}: Backward after a forward that saved nothing for it.");
        int rows = _steps * _batch, inputs = _cell.InputSize;
        _sequence = dy;
        _h = dh;
        _c = dc;
        _dGx = Tensor.Uninitialized(rows, _gates);
        _dGh = _cell.SeparateRecurrentGradient ? Tensor.Uninitialized(rows, _gates) : _dGx;
        try
        {
            using var packedWeightHH = PackRecurrentWeight(transpose: false);
            _packedWeightHH = packedWeightHH;
            var cell = _cell;
            bool biasGradients = cell.BiasIH.RequiresGrad || cell.BiasHH.RequiresGrad;
            int parts = IndependentRowParts();
            if (parts > 0)
            {
                if (biasGradients)
                    _biasSums = Tensor.Zeros(parts, (cell.SeparateRecurrentGradient ? 2 : 1) * _gates);
                var rowParts = new RowPartPass { Sequence = this, Parts = parts, Backward = true };
                ParallelLoop.For(parts, ref rowParts);
            }
            else
            {
                var body = new RowPass { Sequence = this, Backward = true, Part = -1 };
                int grain = Math.Max(1, GateValuesPerThread / _gates);
                for (int s = _steps - 1; s >= 0; s--)
                {
                    int t = _reverse ? _steps - 1 - s : s;
                    body.Step = t;
                    ParallelLoop.For(_batch, ref body, grain);
                    BackwardRecurrentProduct(t, 0, _batch);
                }
            }

            // dW_ih [G*H, I] += dgx^T [G*H, T*B] x [T*B, I] ; dW_hh [G*H, H] += dgh^T h_prev [T*B, H]
            if (_tokens is not null)
                BackwardTokenTable();
            else if (cell.WeightIH.RequiresGrad)
                Gemm.Multiply(true, false, _gates, inputs, rows, 1f, _dGx.Span, _gates, _x!.Span, inputs, 1f, Tape.GradOf(cell.WeightIH).Span, inputs);
            if (cell.WeightHH.RequiresGrad)
                Gemm.Multiply(true, false, _gates, _hidden, rows, 1f, _dGh.Span, _gates, _hPrev!.Span, _hidden, 1f, Tape.GradOf(cell.WeightHH).Span, _hidden);
            if (biasGradients)
                AddBiasGradients();
            // dx [T*B, I] += dgx [T*B, G*H] W_ih [G*H, I]
            if (dx is not null)
                Gemm.Multiply(false, false, rows, inputs, _gates, 1f, _dGx.Span, _gates, cell.WeightIH.Span, inputs, 1f, dx.Span, inputs);
        }
        finally
        {
            if (!ReferenceEquals(_dGh, _dGx)) _dGh.Dispose();
            _dGx.Dispose();
            _biasSums?.Dispose();
            _biasSums = null;
            _sequence = null;
            _packedWeightHH = null;
        }
    }

    // The fewest batch rows worth a part of their own: fewer would leave the micro-kernel mostly padding.
    private const int MinRowsPerPart = 8;

    // Sequences in a batch never meet inside a layer, so when the batch is large enough each thread can take a part
    // of the rows through all the steps, with no barrier between steps; the gate math is then split across the
    // threads too. Returns the number of parts, or 0 when the batch is too small to split that way and each step's
    // product is split by columns instead (generation with a few sequences, for instance).
    private int IndependentRowParts()
    {
        int threads = ParallelLoop.ThreadCount;
        if (threads == 1)
            return 1;
        if (_batch < 2 * MinRowsPerPart)
            return 0;
        // Two parts per thread let a thread that got a core late take fewer of them.
        return Math.Min(2 * threads, _batch / MinRowsPerPart);
    }

    // Part p of the batch rows: boundaries on whole register tiles of the GEMM, so that no part but the last
    // computes padding rows.
    private int PartStart(int part, int parts)
    {
        if (part >= parts) return _batch;
        int tile = Gemm.TileRows;
        return (int)((long)_batch * part / parts) / tile * tile;
    }

    private void ForwardRowPart(int start, int end)
    {
        for (int s = 0; s < _steps; s++)
        {
            int t = _reverse ? _steps - 1 - s : s;
            ForwardRecurrentProduct(t, start, end);
            ForwardRows(t, start, end);
        }
    }

    private void BackwardRowPart(int start, int end, int part)
    {
        for (int s = _steps - 1; s >= 0; s--)
        {
            int t = _reverse ? _steps - 1 - s : s;
            BackwardRows(t, start, end, part);
            BackwardRecurrentProduct(t, start, end);
        }
    }

    // hproj [b1-b0, G*H] = h_{t-1} [b1-b0, H] W_hh^T, for batch rows [b0, b1), after saving h_{t-1} (and c_{t-1})
    // for backward. Without backward the product reads the state itself: the row pass overwrites it only after.
    private void ForwardRecurrentProduct(int t, int b0, int b1)
    {
        int rows = b1 - b0;
        if (rows == 0) return;
        ReadOnlySpan<float> hPrev = _h.Span.Slice(b0 * _hidden, rows * _hidden);
        if (_hPrev is not null)
        {
            var saved = _hPrev.Span.Slice(SavedRow(t, b0) * _hidden, rows * _hidden);
            hPrev.CopyTo(saved);
            hPrev = saved;
            if (_cPrev is not null)
                _c!.Span.Slice(b0 * _hidden, rows * _hidden).CopyTo(_cPrev.Span.Slice(SavedRow(t, b0) * _hidden, rows * _hidden));
        }
        var hProjection = _hProjection.Span.Slice(b0 * _gates, rows * _gates);
        if (_packedWeightHH is null)
            Gemm.Multiply(false, true, rows, _gates, _hidden, 1f, hPrev, _hidden, _cell.WeightHH.Span, _hidden, 0f, hProjection, _gates);
        else
            Gemm.Multiply(false, rows, 1f, hPrev, _hidden, _packedWeightHH, 0f, hProjection, _gates);
    }

    // dh_{t-1} [b1-b0, H] += dgh_t [b1-b0, G*H] W_hh [G*H, H], for batch rows [b0, b1).
    private void BackwardRecurrentProduct(int t, int b0, int b1)
    {
        int rows = b1 - b0;
        if (rows == 0) return;
        var dgh = _dGh.Span.Slice((t * _batch + b0) * _gates, rows * _gates);
        var dh = _h.Span.Slice(b0 * _hidden, rows * _hidden);
        if (_packedWeightHH is null)
            Gemm.Multiply(false, false, rows, _hidden, _gates, 1f, dgh, _gates, _cell.WeightHH.Span, _hidden, 1f, dh, _hidden);
        else
            Gemm.Multiply(false, rows, 1f, dgh, _gates, _packedWeightHH, 1f, dh, _hidden);
    }

    // The token table [V, G*H]: E [V, I] W_ih^T with an embedding, else W_ih^T, the projection of each one-hot row.
    private Tensor TokenTable()
    {
        int inputs = _cell.InputSize;
        var w = _cell.WeightIH.Span;
        var table = Tensor.Uninitialized(_embedding?.Dim(0) ?? inputs, _gates);
        var rows = table.Span;
        if (_embedding is not null)
            Gemm.Multiply(false, true, _embedding.Dim(0), _gates, inputs, 1f, _embedding.Span, inputs, w, inputs, 0f, rows, _gates);
        else
            for (int g = 0; g < _gates; g++)
                for (int i = 0; i < inputs; i++)
                    rows[i * _gates + g] = w[g * inputs + i];
        return table;
    }

    // Row r (time-major) of xproj: with tokens, row tokens[r] of the token table.
    private ReadOnlySpan<float> InputProjectionRow(int row) =>
        _xProjection.Span.Slice((_tokens is null ? row : _tokens[row]) * _gates, _gates);

    // dtable [V, G*H]: row tokens[r] += row r of dgx [T*B, G*H]; then through the table's definition, with an
    // embedding dW_ih [G*H, I] += dtable^T E and dE [V, I] += dtable W_ih, else dW_ih += dtable^T.
    private void BackwardTokenTable()
    {
        var weight = _cell.WeightIH;
        bool embeddingGrad = _embedding?.RequiresGrad == true;
        if (!weight.RequiresGrad && !embeddingGrad)
            return;
        int inputs = _cell.InputSize, vocabulary = _embedding?.Dim(0) ?? inputs;
        using var table = Tensor.Zeros(vocabulary, _gates);
        var scatter = new TokenScatter { Tokens = _tokens!, Source = _dGx, Table = table };
        ParallelLoop.For((_gates + TokenScatter.Width - 1) / TokenScatter.Width, ref scatter,
            (int)Math.Max(1, GateValuesPerThread / ((long)_tokens!.Length * TokenScatter.Width)));
        var dTable = table.Span;
        if (_embedding is null)
        {
            var dw = Tape.GradOf(weight).Span;
            for (int g = 0; g < _gates; g++)
                for (int i = 0; i < inputs; i++)
                    dw[g * inputs + i] += dTable[i * _gates + g];
            return;
        }
        if (weight.RequiresGrad)
            Gemm.Multiply(true, false, _gates, inputs, vocabulary, 1f, dTable, _gates, _embedding.Span, inputs, 1f, Tape.GradOf(weight).Span, inputs);
        if (embeddingGrad)
            Gemm.Multiply(false, false, vocabulary, inputs, _gates, 1f, dTable, _gates, weight.Span, inputs, 1f, Tape.GradOf(_embedding).Span, inputs);
    }

    // Every step multiplies by the same W_hh: packing it once for the sequence saves packing it at every step. At
    // a batch of a few rows the GEMM streams W_hh without packing anyway, so there is nothing to save.
    private PackedMatrix? PackRecurrentWeight(bool transpose)
    {
        if (_batch <= GemmSmallRows.MaxRows || _steps == 1)
            return null;
        // Forward: op(W) = W_hh^T [H, G*H]; backward: op(W) = W_hh [G*H, H].
        return transpose
            ? Gemm.Pack(true, _hidden, _gates, _cell.WeightHH.Span, _hidden)
            : Gemm.Pack(false, _gates, _hidden, _cell.WeightHH.Span, _hidden);
    }

    // db_ih [G*H] += sum of dgx over all rows; db_hh [G*H] += sum of dgh. With row parts the sums were taken
    // while each row was hot in the row pass, and only the parts' sums are added here.
    private void AddBiasGradients()
    {
        var cell = _cell;
        if (_biasSums is null)
        {
            if (cell.BiasIH.RequiresGrad)
                SumRows(_dGx, Tape.GradOf(cell.BiasIH));
            if (cell.BiasHH.RequiresGrad)
                SumRows(_dGh, Tape.GradOf(cell.BiasHH));
            return;
        }
        int width = _biasSums.Dim(1);
        var sums = _biasSums.Span;
        for (int part = 0; part < _biasSums.Dim(0); part++)
        {
            var dgx = sums.Slice(part * width, _gates);
            var dgh = cell.SeparateRecurrentGradient ? sums.Slice(part * width + _gates, _gates) : dgx;
            if (cell.BiasIH.RequiresGrad)
                TensorPrimitives.Add(Tape.GradOf(cell.BiasIH).Span, dgx, Tape.GradOf(cell.BiasIH).Span);
            if (cell.BiasHH.RequiresGrad)
                TensorPrimitives.Add(Tape.GradOf(cell.BiasHH).Span, dgh, Tape.GradOf(cell.BiasHH).Span);
        }
    }

    // bias [N] += sum over the rows of m [rows, N], the threads taking blocks of columns.
    private static void SumRows(Tensor m, Tensor bias)
    {
        var body = new ColumnSums { Matrix = m, Sums = bias };
        ParallelLoop.For((bias.Length + ColumnSums.Width - 1) / ColumnSums.Width, ref body);
    }

    private int SavedRow(int t, int b) => _saveForBackward ? t * _batch + b : b;

    private bool Valid(int t, int b) => _lengths is null || t < _lengths[b];

    private int SequenceOffset(int t, int b) => (_batchFirst ? b * _steps + t : t * _batch + b) * _ld + _column;

    private void ForwardRows(int t, int start, int end)
    {
        int hidden = _hidden;
        var h = _h.Span;
        var c = _c is null ? default : _c.Span;
        var y = _sequence!.Span;
        for (int b = start; b < end; b++)
        {
            var output = y.Slice(SequenceOffset(t, b), hidden);
            if (!Valid(t, b))
            {
                output.Clear();
                continue;
            }
            int row = t * _batch + b;
            var hRow = h.Slice(b * hidden, hidden);
            _cell.ForwardRow(InputProjectionRow(row), _hProjection.Span.Slice(b * _gates, _gates),
                _saved.Span.Slice(SavedRow(t, b) * _savedWidth, _savedWidth), hRow, c.IsEmpty ? default : c.Slice(b * hidden, hidden));
            hRow.CopyTo(output);
        }
    }

    // part: the row part whose bias sums take these rows, or -1 when the bias gradients are summed after the loop.
    private void BackwardRows(int t, int start, int end, int part)
    {
        int hidden = _hidden;
        var dh = _h.Span;
        var dc = _c is null ? default : _c.Span;
        var biasSums = part < 0 || _biasSums is null ? default : _biasSums.Span.Slice(part * _biasSums.Dim(1), _biasSums.Dim(1));
        for (int b = start; b < end; b++)
        {
            int row = t * _batch + b;
            var dgx = _dGx.Span.Slice(row * _gates, _gates);
            var dgh = _dGh.Span.Slice(row * _gates, _gates);
            if (!Valid(t, b))
            {
                dgx.Clear();
                dgh.Clear();
                continue;
            }
            var dhRow = dh.Slice(b * hidden, hidden);
            if (_sequence is not null)
                TensorPrimitives.Add(dhRow, _sequence.Span.Slice(SequenceOffset(t, b), hidden), dhRow);
            _cell.BackwardRow(_saved.Span.Slice(row * _savedWidth, _savedWidth), _hPrev!.Span.Slice(row * hidden, hidden),
                _cPrev is null ? default : _cPrev.Span.Slice(row * hidden, hidden),
                dhRow, _cPrev is null ? default : dc.Slice(b * hidden, hidden), dgx, dgh);
            if (!biasSums.IsEmpty)
            {
                TensorPrimitives.Add(biasSums[.._gates], dgx, biasSums[.._gates]);
                if (_cell.SeparateRecurrentGradient)
                    TensorPrimitives.Add(biasSums[_gates..], dgh, biasSums[_gates..]);
            }
        }
    }

    /// <summary>The tensors Forward saved for Backward, for a tape to dispose.</summary>
    public IEnumerable<Tensor> Workspaces => new[] { _saved, _hPrev, _cPrev }.OfType<Tensor>();

    public void Dispose()
    {
        _saved.Dispose();
        _hPrev?.Dispose();
        _cPrev?.Dispose();
    }

    private struct RowPartPass : IParallelBody
    {
        public RecurrentSequence Sequence;
        public int Parts;
        public bool Backward;

        public readonly void Run(int start, int end)
        {
            for (int part = start; part < end; part++)
            {
                int b0 = Sequence.PartStart(part, Parts), b1 = Sequence.PartStart(part + 1, Parts);
                if (Backward) Sequence.BackwardRowPart(b0, b1, part);
                else Sequence.ForwardRowPart(b0, b1);
            }
        }
    }

    // Table [V, N] row tokens[r] += row r of source [rows, N], the threads taking blocks of columns, so that no two
    // write the same float.
    private struct TokenScatter : IParallelBody
    {
        public const int Width = 256;
        public int[] Tokens;
        public Tensor Source, Table;

        public readonly void Run(int start, int end)
        {
            int n = Table.Dim(1), j0 = start * Width, width = Math.Min(end * Width, n) - j0;
            var source = Source.Span;
            var table = Table.Span;
            for (int r = 0; r < Tokens.Length; r++)
            {
                var target = table.Slice(Tokens[r] * n + j0, width);
                TensorPrimitives.Add(target, source.Slice(r * n + j0, width), target);
            }
        }
    }

    private struct ColumnSums : IParallelBody
    {
        public const int Width = 64;
        public Tensor Matrix, Sums;

        public readonly void Run(int start, int end)
        {
            int n = Sums.Length, j0 = start * Width, j1 = Math.Min(end * Width, n), rows = Matrix.Length / n;
            var m = Matrix.Span;
            var sums = Sums.Span.Slice(j0, j1 - j0);
            for (int r = 0; r < rows; r++)
                TensorPrimitives.Add(sums, m.Slice(r * n + j0, j1 - j0), sums);
        }
    }

    private struct RowPass : IParallelBody
    {
        public RecurrentSequence Sequence;
        public int Step;
        public bool Backward;
        public int Part;

        public readonly void Run(int start, int end)
        {
            if (Backward) Sequence.BackwardRows(Step, start, end, Part);
            else Sequence.ForwardRows(Step, start, end);
        }
    }
}
