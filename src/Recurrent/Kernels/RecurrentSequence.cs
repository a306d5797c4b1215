using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Kernels;

/// <summary>
/// The fused kernels of one direction of one recurrent layer over a whole sequence, a forward/backward pair on
/// spans in the manner of llm.c's <c>*_forward</c>/<c>*_backward</c>: the input projection of all steps as one GEMM,
/// then per step one recurrent GEMM over all gates and one fused pass of a <see cref="RecurrentRowKernel"/>;
/// backward per step one fused pass and one GEMM for dh_{t-1}, and after the loop the weight and input gradients as
/// single GEMMs over all T*B rows. Nothing is allocated inside the time loop. A batch large enough is cut into parts
/// of rows, each carried through every step by one thread.
/// </summary>
/// <remarks>
/// Inputs are time-major <c>[T*B, ...]</c>. A sequence b with length L_b has valid steps t &lt; L_b; at padded steps
/// its state is left alone, its output is zero and nothing flows back. Run in reverse, the loop goes t = T-1 .. 0, so
/// a short sequence starts from the initial state at its own last step, as PyTorch's packed sequences do.
/// </remarks>
internal static unsafe class RecurrentSequence
{
    /// <summary>
    /// The fewest gate values a thread takes in a gate pass. Waking a second thread costs microseconds, and far
    /// more when the machine is busy, so only a batch of more than about 0.1 ms of gate math is split.
    /// </summary>
    internal const int GateValuesPerThread = 131072;

    // The fewest batch rows worth a part of their own: fewer would leave the micro-kernel mostly padding.
    private const int MinRowsPerPart = 8;

    /// <summary>
    /// Runs all steps forward.
    /// <code>
    /// input       [T*B, I] dense, or [T*B] token ids (one-hot rows of width I, or rows of a table [V, I])
    /// weights     W_ih [G*H, I], W_hh [G*H, H], b_ih, b_hh [G*H] (or both empty: no biases)
    /// h, c        [B, H]   h_0, c_0 on entry, h_T, c_T on exit (c empty without a cell state)
    /// activations see RecurrentActivations: filled for backward, or scratch
    /// y           [B, T, W] or [T, B, W], this direction's columns [column, column + H) written
    /// </code>
    /// With tokens, xproj's row r is row tokens[r] of a table <c>[V, G*H]</c> (<c>E W_ih^T</c>, or <c>W_ih^T</c> for
    /// one-hot rows) that stays in cache, instead of a GEMM over all steps.
    /// </summary>
    public static void Forward(
        RecurrentRowKernel kernel,
        RecurrentSequenceShape shape,
        RecurrentInput input,
        RecurrentWeights weights,
        Span<float> h,
        Span<float> c,
        RecurrentActivations activations,
        Span<float> y,
        RecurrentOutputColumns columns
    )
    {
        int steps = shape.Steps,
            batch = shape.Batch,
            inputs = shape.Inputs,
            gates = kernel.Gates;
        bool dense = input.Kind == RecurrentInputKind.Dense;
        // xproj [T*B, G*H] = x [T*B, I] W_ih^T; the row passes add b_ih as they read each row.
        using var xProjection = dense
            ? Tensor.Uninitialized(steps * batch, gates)
            : TokenTable(kernel, input, weights.InputWeight, inputs);
        if (dense)
            Gemm.Multiply(
                false,
                true,
                steps * batch,
                gates,
                inputs,
                1f,
                input.Values!.Span,
                inputs,
                weights.InputWeight,
                inputs,
                0f,
                xProjection.Span,
                gates
            );
        using var hProjection = Tensor.Uninitialized(batch, gates);
        using var packed = PackRecurrentWeight(shape, kernel, weights.HiddenWeight, transpose: true);
        // A layer made without biases (PyTorch's bias=False) passes empty bias spans, which read as zeros.
        using var zeroBias = weights.InputBias.IsEmpty || weights.HiddenBias.IsEmpty ? Tensor.Zeros(gates) : null;
        ReadOnlySpan<float> inputBias = weights.InputBias.IsEmpty ? zeroBias!.Span : weights.InputBias;
        ReadOnlySpan<float> hiddenBias = weights.HiddenBias.IsEmpty ? zeroBias!.Span : weights.HiddenBias;
        fixed (
            float* px = xProjection.Span,
                ph = hProjection.Span,
                pw = weights.HiddenWeight,
                pbi = inputBias,
                pbh = hiddenBias,
                pState = h,
                pCell = c,
                pGates = activations.Gates,
                pHPrev = activations.HPrev,
                pCPrev = activations.CPrev,
                pY = y
        )
        {
            var pass = new ForwardPass
            {
                Kernel = kernel,
                Shape = shape,
                Columns = columns,
                Tokens = dense ? null : input.Tokens,
                XProjection = px,
                HProjection = ph,
                HiddenWeight = pw,
                InputBias = pbi,
                HiddenBias = pbh,
                H = pState,
                C = kernel.HasCellState ? pCell : null,
                Gates = pGates,
                HPrev = activations.ForBackward ? pHPrev : null,
                CPrev = activations.ForBackward && kernel.HasCellState ? pCPrev : null,
                Y = pY,
                Packed = packed,
            };
            int parts = IndependentRowParts(batch);
            if (parts > 0)
            {
                var body = new ForwardParts { Pass = pass, Parts = parts };
                ParallelLoop.For(parts, ref body);
                return;
            }
            var stepBody = new ForwardStep { Pass = pass };
            int grain = Math.Max(1, GateValuesPerThread / gates);
            for (int s = 0; s < steps; s++)
            {
                int t = shape.Reverse ? steps - 1 - s : s;
                pass.RecurrentProduct(t, 0, batch);
                stepBody.Step = t;
                ParallelLoop.For(batch, ref stepBody, grain);
            }
        }
    }

    /// <summary>
    /// Backpropagation through time, after a <see cref="Forward"/> that kept its activations.
    /// <code>
    /// input, weights, activations   as given to Forward
    /// dy        the output gradient in y's layout, or empty
    /// dh, dc    [B, H]   dL/dh_T, dL/dc_T on entry, dL/dh_0, dL/dc_0 on exit
    /// gradients dW_ih, dW_hh, db_ih, db_hh   += (empty: not wanted)
    /// dTable    [V, I]   += the embedding table's gradient (embedded tokens; empty: not wanted)
    /// dx        [T*B, I] += dL/dx time-major (dense input; empty: not wanted)
    /// </code>
    /// </summary>
    public static void Backward(
        RecurrentRowKernel kernel,
        RecurrentSequenceShape shape,
        RecurrentInput input,
        RecurrentWeights weights,
        RecurrentActivations activations,
        ReadOnlySpan<float> dy,
        RecurrentOutputColumns columns,
        Span<float> dh,
        Span<float> dc,
        RecurrentWeightGradients gradients,
        Span<float> dTable,
        Span<float> dx
    )
    {
        if (!activations.ForBackward)
            throw new InvalidOperationException($"{kernel}: backward after a forward that saved nothing for it.");
        int steps = shape.Steps,
            batch = shape.Batch,
            inputs = shape.Inputs,
            hidden = kernel.HiddenSize;
        int rows = steps * batch,
            gates = kernel.Gates;
        bool separate = kernel.SeparateRecurrentGradient;
        using var dGx = Tensor.Uninitialized(rows, gates);
        using var dGhOwn = separate ? Tensor.Uninitialized(rows, gates) : null;
        var dGh = dGhOwn ?? dGx;
        using var packed = PackRecurrentWeight(shape, kernel, weights.HiddenWeight, transpose: false);
        bool biasGradients = !gradients.InputBias.IsEmpty || !gradients.HiddenBias.IsEmpty;
        int parts = IndependentRowParts(batch);
        // With row parts, each part's running sums of dgx (and of dgh when kept apart) over its rows and steps,
        // [parts, G*H] or [parts, 2*G*H], taken while each row is hot and summed into the bias gradients after.
        using var biasSums = parts > 0 && biasGradients ? Tensor.Zeros(parts, (separate ? 2 : 1) * gates) : null;
        var sums = biasSums is null ? Span<float>.Empty : biasSums.Span;
        fixed (
            float* pdgx = dGx.Span,
                pdgh = dGh.Span,
                pw = weights.HiddenWeight,
                pGates = activations.Gates,
                pHPrev = activations.HPrev,
                pCPrev = activations.CPrev,
                pdy = dy,
                pdh = dh,
                pdc = dc,
                pSums = sums
        )
        {
            var pass = new BackwardPass
            {
                Kernel = kernel,
                Shape = shape,
                Columns = columns,
                DGx = pdgx,
                DGh = pdgh,
                HiddenWeight = pw,
                Gates = pGates,
                HPrev = pHPrev,
                CPrev = kernel.HasCellState ? pCPrev : null,
                DY = dy.IsEmpty ? null : pdy,
                DH = pdh,
                DC = kernel.HasCellState ? pdc : null,
                BiasSums = biasSums is null ? null : pSums,
                BiasSumsWidth = biasSums is null ? 0 : biasSums.Dim(1),
                Packed = packed,
            };
            if (parts > 0)
            {
                var body = new BackwardParts { Pass = pass, Parts = parts };
                ParallelLoop.For(parts, ref body);
            }
            else
            {
                var stepBody = new BackwardStep { Pass = pass };
                int grain = Math.Max(1, GateValuesPerThread / gates);
                for (int s = steps - 1; s >= 0; s--)
                {
                    int t = shape.Reverse ? steps - 1 - s : s;
                    stepBody.Step = t;
                    ParallelLoop.For(batch, ref stepBody, grain);
                    pass.RecurrentProduct(t, 0, batch);
                }
            }
        }

        // dW_ih [G*H, I] += dgx^T [G*H, T*B] x [T*B, I] ; dW_hh [G*H, H] += dgh^T h_prev [T*B, H]
        if (input.Kind != RecurrentInputKind.Dense)
            BackwardTokenTable(kernel, input, inputs, dGx, weights.InputWeight, gradients.InputWeight, dTable);
        else if (!gradients.InputWeight.IsEmpty)
            Gemm.Multiply(
                true,
                false,
                gates,
                inputs,
                rows,
                1f,
                dGx.Span,
                gates,
                input.Values!.Span,
                inputs,
                1f,
                gradients.InputWeight,
                inputs
            );
        if (!gradients.HiddenWeight.IsEmpty)
            Gemm.Multiply(
                true,
                false,
                gates,
                hidden,
                rows,
                1f,
                dGh.Span,
                gates,
                activations.HPrev,
                hidden,
                1f,
                gradients.HiddenWeight,
                hidden
            );
        if (biasGradients)
            AddBiasGradients(gradients, dGx, dGh, biasSums, gates, separate);
        // dx [T*B, I] += dgx [T*B, G*H] W_ih [G*H, I]
        if (!dx.IsEmpty)
            Gemm.Multiply(
                false,
                false,
                rows,
                inputs,
                gates,
                1f,
                dGx.Span,
                gates,
                weights.InputWeight,
                inputs,
                1f,
                dx,
                inputs
            );
    }

    // Sequences in a batch never meet inside a layer, so when the batch is large enough each thread can take a part
    // of the rows through all the steps, with no barrier between steps; the gate math is then split across the
    // threads too. Returns the number of parts, or 0 when the batch is too small to split that way and each step's
    // product is split by columns instead (generation with a few sequences, for instance).
    private static int IndependentRowParts(int batch)
    {
        int threads = ParallelLoop.ThreadCount;
        if (threads == 1)
            return 1;
        if (batch < 2 * MinRowsPerPart)
            return 0;
        // Two parts per thread let a thread that got a core late take fewer of them.
        return Math.Min(2 * threads, batch / MinRowsPerPart);
    }

    // Part p of the batch rows: boundaries on whole register tiles of the GEMM, so that no part but the last
    // computes padding rows, and the tiles shared out evenly. (Rows shared out evenly and then rounded down to a
    // tile gave a batch of 50 in 8-row tiles parts of 8, 16, 8 and 18 rows: the thread that drew the last part
    // ran 2.25 tiles after the other had finished, where tiles shared out give 8, 16, 16 and 10.)
    private static int PartStart(int batch, int part, int parts)
    {
        if (part >= parts)
            return batch;
        int tile = Gemm.TileRows;
        int tiles = (batch + tile - 1) / tile;
        return Math.Min(batch, tiles * part / parts * tile);
    }

    // The token table [V, G*H]: E [V, I] W_ih^T with an embedding, else W_ih^T, the projection of each one-hot row.
    private static Tensor TokenTable(RecurrentRowKernel kernel, RecurrentInput input, ReadOnlySpan<float> w, int inputs)
    {
        int gates = kernel.Gates;
        var embedding = input.Table;
        var table = Tensor.Uninitialized(embedding?.Dim(0) ?? inputs, gates);
        var rows = table.Span;
        if (embedding is not null)
            Gemm.Multiply(
                false,
                true,
                embedding.Dim(0),
                gates,
                inputs,
                1f,
                embedding.Span,
                inputs,
                w,
                inputs,
                0f,
                rows,
                gates
            );
        else
            for (int g = 0; g < gates; g++)
                for (int i = 0; i < inputs; i++)
                    rows[i * gates + g] = w[g * inputs + i];
        return table;
    }

    // dtable [V, G*H]: row tokens[r] += row r of dgx [T*B, G*H]; then through the table's definition, with an
    // embedding dW_ih [G*H, I] += dtable^T E and dE [V, I] += dtable W_ih, else dW_ih += dtable^T.
    private static void BackwardTokenTable(
        RecurrentRowKernel kernel,
        RecurrentInput input,
        int inputs,
        Tensor dGx,
        ReadOnlySpan<float> weight,
        Span<float> dWeight,
        Span<float> dEmbedding
    )
    {
        var embedding = input.Table;
        if (dWeight.IsEmpty && (embedding is null || dEmbedding.IsEmpty))
            return;
        int gates = kernel.Gates,
            vocabulary = embedding?.Dim(0) ?? inputs;
        var tokens = input.Tokens!;
        using var table = Tensor.Zeros(vocabulary, gates);
        fixed (
            float* source = dGx.Span,
                target = table.Span
        )
        {
            var scatter = new TokenScatter
            {
                Tokens = tokens,
                Source = source,
                Table = target,
                Width = gates,
            };
            ParallelLoop.For(
                (gates + TokenScatter.Columns - 1) / TokenScatter.Columns,
                ref scatter,
                (int)Math.Max(1, GateValuesPerThread / ((long)tokens.Length * TokenScatter.Columns))
            );
        }
        var dTable = table.Span;
        if (embedding is null)
        {
            for (int g = 0; g < gates; g++)
                for (int i = 0; i < inputs; i++)
                    dWeight[g * inputs + i] += dTable[i * gates + g];
            return;
        }
        if (!dWeight.IsEmpty)
            Gemm.Multiply(
                true,
                false,
                gates,
                inputs,
                vocabulary,
                1f,
                dTable,
                gates,
                embedding.Span,
                inputs,
                1f,
                dWeight,
                inputs
            );
        if (!dEmbedding.IsEmpty)
            Gemm.Multiply(
                false,
                false,
                vocabulary,
                inputs,
                gates,
                1f,
                dTable,
                gates,
                weight,
                inputs,
                1f,
                dEmbedding,
                inputs
            );
    }

    // Every step multiplies by the same W_hh: packing it once for the sequence saves packing it at every step. At
    // a batch of a few rows the GEMM streams W_hh without packing anyway, so there is nothing to save.
    private static PackedMatrix? PackRecurrentWeight(
        RecurrentSequenceShape shape,
        RecurrentRowKernel kernel,
        ReadOnlySpan<float> weight,
        bool transpose
    )
    {
        if (shape.Batch <= GemmSmallRows.MaxRows || shape.Steps == 1)
            return null;
        int hidden = kernel.HiddenSize,
            gates = kernel.Gates;
        // Forward: op(W) = W_hh^T [H, G*H]; backward: op(W) = W_hh [G*H, H].
        return transpose
            ? Gemm.Pack(true, hidden, gates, weight, hidden)
            : Gemm.Pack(false, gates, hidden, weight, hidden);
    }

    // db_ih [G*H] += sum of dgx over all rows; db_hh [G*H] += sum of dgh. With row parts the sums were taken
    // while each row was hot in the row pass, and only the parts' sums are added here.
    private static void AddBiasGradients(
        RecurrentWeightGradients gradients,
        Tensor dGx,
        Tensor dGh,
        Tensor? biasSums,
        int gates,
        bool separate
    )
    {
        if (biasSums is null)
        {
            if (!gradients.InputBias.IsEmpty)
                SumRows(dGx.Span, gradients.InputBias);
            if (!gradients.HiddenBias.IsEmpty)
                SumRows(dGh.Span, gradients.HiddenBias);
            return;
        }
        int width = biasSums.Dim(1);
        var sums = biasSums.Span;
        for (int part = 0; part < biasSums.Dim(0); part++)
        {
            var dgx = sums.Slice(part * width, gates);
            var dgh = separate ? sums.Slice(part * width + gates, gates) : dgx;
            if (!gradients.InputBias.IsEmpty)
                TensorPrimitives.Add(gradients.InputBias, dgx, gradients.InputBias);
            if (!gradients.HiddenBias.IsEmpty)
                TensorPrimitives.Add(gradients.HiddenBias, dgh, gradients.HiddenBias);
        }
    }

    // bias [N] += sum over the rows of m [rows, N], the threads taking blocks of columns.
    private static void SumRows(ReadOnlySpan<float> m, Span<float> bias)
    {
        fixed (
            float* pm = m,
                pb = bias
        )
        {
            var body = new ColumnSums
            {
                Matrix = pm,
                Sums = pb,
                Width = bias.Length,
                Rows = m.Length / bias.Length,
            };
            ParallelLoop.For((bias.Length + ColumnSums.Columns - 1) / ColumnSums.Columns, ref body);
        }
    }

    private static Span<float> Row(float* p, long offset, int length) => new(p + offset, length);

    // The buffers of one forward call, pinned for its length, and the row passes over them. Every field has one
    // meaning for the whole call.
    private struct ForwardPass
    {
        public RecurrentRowKernel Kernel;
        public RecurrentSequenceShape Shape;
        public RecurrentOutputColumns Columns;

        // null for dense input; else row r of XProjection is row Tokens[r] of the token table
        public int[]? Tokens;

        // XProjection [T*B, G*H] or the token table [V, G*H]; HProjection [B, G*H]; W_hh [G*H, H]; biases [G*H]
        public float* XProjection,
            HProjection,
            HiddenWeight,
            InputBias,
            HiddenBias;

        // the running state [B, H] (C null without a cell state)
        public float* H,
            C;

        // Gates [T*B, S] with HPrev, CPrev [T*B, H] kept for backward, or Gates [B, S] scratch and HPrev null
        public float* Gates,
            HPrev,
            CPrev;

        // the output, rows of Columns.Width
        public float* Y;
        public PackedMatrix? Packed;

        public readonly void RowPart(int b0, int b1)
        {
            int steps = Shape.Steps;
            for (int s = 0; s < steps; s++)
            {
                int t = Shape.Reverse ? steps - 1 - s : s;
                RecurrentProduct(t, b0, b1);
                StepRows(t, b0, b1);
            }
        }

        // hproj [b1-b0, G*H] = h_{t-1} [b1-b0, H] W_hh^T, for batch rows [b0, b1), after saving h_{t-1} (and
        // c_{t-1}) for backward. Without backward the product reads the state itself: the row pass overwrites it
        // only after.
        public readonly void RecurrentProduct(int t, int b0, int b1)
        {
            int rows = b1 - b0,
                hidden = Kernel.HiddenSize,
                gates = Kernel.Gates;
            if (rows == 0)
                return;
            ReadOnlySpan<float> hPrev = Row(H, (long)b0 * hidden, rows * hidden);
            if (HPrev is not null)
            {
                long saved = ((long)t * Shape.Batch + b0) * hidden;
                var copy = Row(HPrev, saved, rows * hidden);
                hPrev.CopyTo(copy);
                hPrev = copy;
                if (CPrev is not null)
                    Row(C, (long)b0 * hidden, rows * hidden).CopyTo(Row(CPrev, saved, rows * hidden));
            }
            var hProjection = Row(HProjection, (long)b0 * gates, rows * gates);
            if (Packed is null)
                Gemm.Multiply(
                    false,
                    true,
                    rows,
                    gates,
                    hidden,
                    1f,
                    hPrev,
                    hidden,
                    Row(HiddenWeight, 0, gates * hidden),
                    hidden,
                    0f,
                    hProjection,
                    gates
                );
            else
                Gemm.Multiply(false, rows, 1f, hPrev, hidden, Packed, 0f, hProjection, gates);
        }

        // One step of the gate math for batch rows [start, end): the next state, its activations, the output.
        public readonly void StepRows(int t, int start, int end)
        {
            int hidden = Kernel.HiddenSize,
                gates = Kernel.Gates,
                savedWidth = Kernel.SavedWidth,
                batch = Shape.Batch;
            ReadOnlySpan<float> inputBias = Row(InputBias, 0, gates),
                hiddenBias = Row(HiddenBias, 0, gates);
            for (int b = start; b < end; b++)
            {
                var output = Row(Y, SequenceOffset(Shape, Columns, t, b), hidden);
                if (!Valid(Shape, t, b))
                {
                    output.Clear();
                    continue;
                }
                int row = t * batch + b;
                long savedRow = HPrev is null ? b : row;
                var h = Row(H, (long)b * hidden, hidden);
                Kernel.Forward(
                    Row(XProjection, (long)(Tokens is null ? row : Tokens[row]) * gates, gates),
                    Row(HProjection, (long)b * gates, gates),
                    inputBias,
                    hiddenBias,
                    Row(Gates, savedRow * savedWidth, savedWidth),
                    h,
                    C is null ? default : Row(C, (long)b * hidden, hidden)
                );
                h.CopyTo(output);
            }
        }
    }

    // The buffers of one backward call, pinned for its length, and the row passes over them.
    private struct BackwardPass
    {
        public RecurrentRowKernel Kernel;
        public RecurrentSequenceShape Shape;
        public RecurrentOutputColumns Columns;

        // dgx, dgh [T*B, G*H] (the same buffer unless the cell keeps them apart); W_hh [G*H, H]
        public float* DGx,
            DGh,
            HiddenWeight;

        // what forward kept: Gates [T*B, S], HPrev, CPrev [T*B, H] (CPrev null without a cell state)
        public float* Gates,
            HPrev,
            CPrev;

        // the output gradient in the output's layout, or null
        public float* DY;

        // the running gradient of the state [B, H] (DC null without a cell state)
        public float* DH,
            DC;

        // each row part's bias sums [parts, BiasSumsWidth], or null
        public float* BiasSums;
        public int BiasSumsWidth;
        public PackedMatrix? Packed;

        public readonly void RowPart(int b0, int b1, int part)
        {
            int steps = Shape.Steps;
            for (int s = steps - 1; s >= 0; s--)
            {
                int t = Shape.Reverse ? steps - 1 - s : s;
                StepRows(t, b0, b1, part);
                RecurrentProduct(t, b0, b1);
            }
        }

        // dh_{t-1} [b1-b0, H] += dgh_t [b1-b0, G*H] W_hh [G*H, H], for batch rows [b0, b1).
        public readonly void RecurrentProduct(int t, int b0, int b1)
        {
            int rows = b1 - b0,
                hidden = Kernel.HiddenSize,
                gates = Kernel.Gates;
            if (rows == 0)
                return;
            var dgh = Row(DGh, ((long)t * Shape.Batch + b0) * gates, rows * gates);
            var dh = Row(DH, (long)b0 * hidden, rows * hidden);
            if (Packed is null)
                Gemm.Multiply(
                    false,
                    false,
                    rows,
                    hidden,
                    gates,
                    1f,
                    dgh,
                    gates,
                    Row(HiddenWeight, 0, gates * hidden),
                    hidden,
                    1f,
                    dh,
                    hidden
                );
            else
                Gemm.Multiply(false, rows, 1f, dgh, gates, Packed, 1f, dh, hidden);
        }

        // One step of the gate math backward for batch rows [start, end). part: the row part whose bias sums take
        // these rows, or -1 when the bias gradients are summed after the loop.
        public readonly void StepRows(int t, int start, int end, int part)
        {
            int hidden = Kernel.HiddenSize,
                gates = Kernel.Gates,
                savedWidth = Kernel.SavedWidth,
                batch = Shape.Batch;
            var biasSums =
                part < 0 || BiasSums is null ? default : Row(BiasSums, (long)part * BiasSumsWidth, BiasSumsWidth);
            for (int b = start; b < end; b++)
            {
                int row = t * batch + b;
                var dgx = Row(DGx, (long)row * gates, gates);
                var dgh = Row(DGh, (long)row * gates, gates);
                if (!Valid(Shape, t, b))
                {
                    dgx.Clear();
                    dgh.Clear();
                    continue;
                }
                var dh = Row(DH, (long)b * hidden, hidden);
                if (DY is not null)
                    TensorPrimitives.Add(dh, Row(DY, SequenceOffset(Shape, Columns, t, b), hidden), dh);
                Kernel.Backward(
                    Row(Gates, (long)row * savedWidth, savedWidth),
                    Row(HPrev, (long)row * hidden, hidden),
                    CPrev is null ? default : Row(CPrev, (long)row * hidden, hidden),
                    dh,
                    DC is null ? default : Row(DC, (long)b * hidden, hidden),
                    dgx,
                    dgh
                );
                if (!biasSums.IsEmpty)
                {
                    TensorPrimitives.Add(biasSums[..gates], dgx, biasSums[..gates]);
                    if (Kernel.SeparateRecurrentGradient)
                        TensorPrimitives.Add(biasSums[gates..], dgh, biasSums[gates..]);
                }
            }
        }
    }

    private static bool Valid(RecurrentSequenceShape shape, int t, int b) =>
        shape.Lengths is null || t < shape.Lengths[b];

    private static long SequenceOffset(RecurrentSequenceShape shape, RecurrentOutputColumns columns, int t, int b) =>
        (long)(columns.BatchFirst ? b * shape.Steps + t : t * shape.Batch + b) * columns.Width + columns.Column;

    private struct ForwardParts : IParallelBody
    {
        public ForwardPass Pass;
        public int Parts;

        public readonly void Run(int start, int end)
        {
            for (int part = start; part < end; part++)
                Pass.RowPart(PartStart(Pass.Shape.Batch, part, Parts), PartStart(Pass.Shape.Batch, part + 1, Parts));
        }
    }

    private struct ForwardStep : IParallelBody
    {
        public ForwardPass Pass;
        public int Step;

        public readonly void Run(int start, int end) => Pass.StepRows(Step, start, end);
    }

    private struct BackwardParts : IParallelBody
    {
        public BackwardPass Pass;
        public int Parts;

        public readonly void Run(int start, int end)
        {
            for (int part = start; part < end; part++)
            {
                int batch = Pass.Shape.Batch;
                Pass.RowPart(PartStart(batch, part, Parts), PartStart(batch, part + 1, Parts), part);
            }
        }
    }

    private struct BackwardStep : IParallelBody
    {
        public BackwardPass Pass;
        public int Step;

        public readonly void Run(int start, int end) => Pass.StepRows(Step, start, end, -1);
    }

    // Table [V, N] row tokens[r] += row r of source [rows, N], the threads taking blocks of columns, so that no two
    // write the same float.
    private struct TokenScatter : IParallelBody
    {
        public const int Columns = 256;
        public int[] Tokens;
        public float* Source,
            Table;
        public int Width;

        public readonly void Run(int start, int end)
        {
            int n = Width,
                j0 = start * Columns,
                width = Math.Min(end * Columns, n) - j0;
            for (int r = 0; r < Tokens.Length; r++)
            {
                var target = Row(Table, (long)Tokens[r] * n + j0, width);
                TensorPrimitives.Add(target, Row(Source, (long)r * n + j0, width), target);
            }
        }
    }

    // sums [N] += the rows of matrix [rows, N], the threads taking blocks of columns.
    private struct ColumnSums : IParallelBody
    {
        public const int Columns = 64;
        public float* Matrix,
            Sums;
        public int Width,
            Rows;

        public readonly void Run(int start, int end)
        {
            int n = Width,
                j0 = start * Columns,
                j1 = Math.Min(end * Columns, n);
            var sums = Row(Sums, j0, j1 - j0);
            for (int r = 0; r < Rows; r++)
                TensorPrimitives.Add(sums, Row(Matrix, (long)r * n + j0, j1 - j0), sums);
        }
    }
}
