using Recurrent.Autograd;
using Recurrent.Kernels;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Layers;

/// <summary>
/// One whole recurrent layer, every step and every direction, as a single tape op: the forward/backward pair of
/// <see cref="RecurrentSequence"/> for each direction, with the tape's bookkeeping (which gradients are wanted, the
/// layouts, the state entries) around it.
/// </summary>
internal static class RecurrentLayerOp
{
    /// <summary>
    /// Runs <paramref name="cells"/> (one per direction: forward, then reverse) over <paramref name="input"/>,
    /// <c>[B, T, ...]</c> when <paramref name="inputBatchFirst"/>, else <c>[T, B, ...]</c>. Returns the output
    /// <c>[B, T, D*H]</c> or <c>[T, B, D*H]</c> after <paramref name="outputBatchFirst"/>. The initial state of
    /// direction d is entry <c>stateIndex + d</c> of <paramref name="initial"/> (zero when null); the final state is
    /// written to the same entry of <paramref name="final"/>, whose tensors carry the gradient that later ops give
    /// them. <paramref name="hiddenWeights"/>, when given, replaces each direction's <c>W_hh</c> (weight drop passes
    /// a dropped copy, whose gradient then flows back through the op that made it). The caller has checked every
    /// shape.
    /// </summary>
    public static Tensor Forward(
        RecurrentCell[] cells,
        Tensor[]? hiddenWeights,
        RecurrentInput input,
        bool inputBatchFirst,
        bool outputBatchFirst,
        int[]? lengths,
        RecurrentState? initial,
        RecurrentState final,
        int stateIndex
    )
    {
        int directions = cells.Length,
            hidden = cells[0].HiddenSize;
        int batch = input.Batch(inputBatchFirst),
            steps = input.Steps(inputBatchFirst);
        bool record =
            Tape.IsRecording
            && (
                input.Values?.RequiresGrad == true
                || input.Table?.RequiresGrad == true
                || initial?.H.RequiresGrad == true
                || initial?.C?.RequiresGrad == true
                || cells.Any(c => c.Parameters().Any(p => p.RequiresGrad))
            );
        var timeMajor = input.TimeMajor(inputBatchFirst);
        var shape = new RecurrentSequenceShape(steps, batch, cells[0].InputSize, lengths, Reverse: false);
        int width = directions * hidden;
        var y = Tape.NewOutput(outputBatchFirst ? [batch, steps, width] : [steps, batch, width]);
        var saved = new Activations[directions];
        for (int d = 0; d < directions; d++)
        {
            var h = final.H[stateIndex + d];
            var c = final.C?[stateIndex + d];
            if (initial is null)
                h.Span.Clear();
            else
                initial.H[stateIndex + d].Span.CopyTo(h.Span);
            if (c is not null)
            {
                if (initial?.C is null)
                    c.Span.Clear();
                else
                    initial.C[stateIndex + d].Span.CopyTo(c.Span);
            }
            var kernel = cells[d].RowKernel;
            saved[d] = new Activations(
                Tensor.Uninitialized(record ? steps * batch : batch, kernel.SavedWidth),
                record ? Tensor.Uninitialized(steps * batch, hidden) : null,
                record && kernel.HasCellState ? Tensor.Uninitialized(steps * batch, hidden) : null
            );
            RecurrentSequence.Forward(
                kernel,
                shape with
                {
                    Reverse = d == 1,
                },
                timeMajor,
                Weights(cells[d], hiddenWeights?[d]),
                h.Span,
                SpanOf(c),
                saved[d].Spans,
                y.Span,
                new RecurrentOutputColumns(width, d * hidden, outputBatchFirst)
            );
        }

        bool copied = !ReferenceEquals(timeMajor.Values, input.Values);
        if (!record)
        {
            foreach (var s in saved)
                s.Dispose();
            if (copied)
                timeMajor.Values!.Dispose();
            return y;
        }

        foreach (var s in saved)
            foreach (var t in s.Tensors)
                Tape.Own(t);
        if (copied)
            Tape.Own(timeMajor.Values!);
        Tape.Record(y, () =>
            Backward(
                cells,
                hiddenWeights,
                input,
                timeMajor,
                inputBatchFirst,
                outputBatchFirst,
                shape,
                saved,
                y,
                initial,
                final,
                stateIndex
            )
        );
        // The tape may skip an op whose output got no gradient; a loss on the final state alone must still reach
        // this layer, so a gradient of the final state gives the output a (zero) gradient first.
        Tape.Record(final.H, () => Tape.GradOf(y));
        if (final.C is not null)
            Tape.Record(final.C, () => Tape.GradOf(y));
        return y;
    }

    // Backpropagation through time of every direction: parameter gradients +=, then dL/dx, dL/dE and the initial
    // state's gradient, each only where one is wanted.
    private static void Backward(
        RecurrentCell[] cells,
        Tensor[]? hiddenWeights,
        RecurrentInput input,
        RecurrentInput timeMajor,
        bool inputBatchFirst,
        bool outputBatchFirst,
        RecurrentSequenceShape shape,
        Activations[] saved,
        Tensor y,
        RecurrentState? initial,
        RecurrentState final,
        int stateIndex
    )
    {
        int steps = shape.Steps,
            batch = shape.Batch,
            inputs = shape.Inputs,
            hidden = cells[0].HiddenSize;
        var x = input.Values;
        Tensor? dx = null;
        if (x?.RequiresGrad == true)
            dx = inputBatchFirst ? Tensor.Zeros(steps, batch, inputs) : Tape.GradOf(x);
        var table = input.Table;
        var dTable = table?.RequiresGrad == true ? Tape.GradOf(table).Span : default;
        for (int d = 0; d < cells.Length; d++)
        {
            using var dh = FinalStateGradient(final.H, stateIndex + d, batch, hidden);
            using var dc = final.C is null ? null : FinalStateGradient(final.C, stateIndex + d, batch, hidden);
            var columns = new RecurrentOutputColumns(cells.Length * hidden, d * hidden, outputBatchFirst);
            RecurrentSequence.Backward(
                cells[d].RowKernel,
                shape with
                {
                    Reverse = d == 1,
                },
                timeMajor,
                Weights(cells[d], hiddenWeights?[d]),
                saved[d].Spans,
                SpanOf(y.Grad),
                columns,
                dh.Span,
                SpanOf(dc),
                Gradients(cells[d], hiddenWeights?[d]),
                dTable,
                SpanOf(dx)
            );
            if (initial?.H.RequiresGrad == true)
                AddTo(Tape.GradOf(initial.H)[stateIndex + d].Span, dh.Span);
            if (initial?.C?.RequiresGrad == true && dc is not null)
                AddTo(Tape.GradOf(initial.C)[stateIndex + d].Span, dc.Span);
        }
        if (inputBatchFirst && dx is not null)
        {
            BatchTimeTranspose.Apply(dx.Span, Tape.GradOf(x!).Span, steps, batch, inputs, accumulate: true);
            dx.Dispose();
        }
    }

    private static RecurrentWeights Weights(RecurrentCell cell, Tensor? hiddenWeight) =>
        new(cell.WeightIH.Span, (hiddenWeight ?? cell.WeightHH).Span, SpanOf(cell.BiasIH), SpanOf(cell.BiasHH));

    private static RecurrentWeightGradients Gradients(RecurrentCell cell, Tensor? hiddenWeight) =>
        new(
            GradientOf(cell.WeightIH),
            GradientOf(hiddenWeight ?? cell.WeightHH),
            GradientOf(cell.BiasIH),
            GradientOf(cell.BiasHH)
        );

    // The gradient a parameter accumulates into, or empty when it wants none or the layer has no such parameter.
    private static Span<float> GradientOf(Tensor? parameter) =>
        parameter?.RequiresGrad == true ? Tape.GradOf(parameter).Span : default;

    private static Span<float> SpanOf(Tensor? t) => t is null ? default : t.Span;

    // The gradient that later ops gave to entry `index` of a final state, or zeros: [B, H].
    private static Tensor FinalStateGradient(Tensor state, int index, int batch, int hidden)
    {
        var g = Tensor.Uninitialized(batch, hidden);
        if (state.Grad is null)
            g.Span.Clear();
        else
            state.Grad[index].Span.CopyTo(g.Span);
        return g;
    }

    private static void AddTo(Span<float> target, ReadOnlySpan<float> values) =>
        TensorPrimitives.Add(target, values, target);

    // One direction's workspaces of RecurrentActivations, as tensors the tape can own. A class, not a record: a
    // record's generated PrintMembers would print the ref struct Spans, which is invalid IL (native AOT reports it).
    private sealed class Activations(Tensor gates, Tensor? hPrev, Tensor? cPrev) : IDisposable
    {
        public RecurrentActivations Spans => new(gates.Span, SpanOf(hPrev), SpanOf(cPrev));

        public IEnumerable<Tensor> Tensors => new[] { gates, hPrev, cPrev }.OfType<Tensor>();

        public void Dispose()
        {
            foreach (var t in Tensors)
                t.Dispose();
        }
    }
}
