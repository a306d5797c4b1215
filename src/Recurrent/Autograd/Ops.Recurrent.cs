using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// One whole recurrent layer, every step and every direction, as a single tape op. <paramref name="cells"/>
    /// holds one cell per direction (forward, then reverse). <paramref name="x"/> is <c>[B, T, I]</c> when
    /// <paramref name="inputBatchFirst"/>, else <c>[T, B, I]</c>; the output is <c>[B, T, D*H]</c> or
    /// <c>[T, B, D*H]</c> after <paramref name="outputBatchFirst"/>. The initial state of direction d is entry
    /// <c>stateIndex + d</c> of <paramref name="h0"/> (and <paramref name="c0"/>), zero when null; the final state is
    /// written to the same entry of <paramref name="hN"/> (and <paramref name="cN"/>), which carry the gradient that
    /// later ops give them. Instead of <paramref name="x"/>, the input may be <paramref name="tokens"/>, ids laid
    /// out as x's first two axes, which stand for the rows of <paramref name="embedding"/> <c>[V, I]</c> (whose
    /// gradient is accumulated too) or, without it, for one-hot rows of width I. The caller has checked every shape.
    /// </summary>
    internal static Tensor RecurrentLayer(RecurrentCell[] cells, Tensor? x, int[]? tokens, Tensor? embedding, bool inputBatchFirst, bool outputBatchFirst,
        int steps, int batch, int[]? lengths, Tensor? h0, Tensor? c0, int stateIndex, Tensor hN, Tensor? cN)
    {
        int directions = cells.Length, hidden = cells[0].HiddenSize, inputs = cells[0].InputSize;
        bool record = Tape.IsRecording && (x?.RequiresGrad == true || embedding?.RequiresGrad == true || h0?.RequiresGrad == true || c0?.RequiresGrad == true
            || cells.Any(c => c.Parameters().Any(p => p.RequiresGrad)));

        Tensor? xTimeMajor = x;
        if (inputBatchFirst && x is not null)
        {
            xTimeMajor = Tensor.Uninitialized(steps, batch, inputs);
            SwapBatchAndTime(x.Span, xTimeMajor.Span, batch, steps, inputs, accumulate: false);
        }
        // A copy either way: the caller may refill its token buffer with the next batch before calling Backward.
        int[]? tokensTimeMajor = tokens is null ? null : new int[tokens.Length];
        if (tokens is not null)
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < steps; t++)
                    tokensTimeMajor![t * batch + b] = tokens[inputBatchFirst ? b * steps + t : t * batch + b];

        var y = Tape.NewOutput(outputBatchFirst ? [batch, steps, directions * hidden] : [steps, batch, directions * hidden]);
        var sequences = new RecurrentSequence[directions];
        for (int d = 0; d < directions; d++)
        {
            var h = hN[stateIndex + d];
            var c = cN?[stateIndex + d];
            if (h0 is null) h.Span.Clear(); else h0[stateIndex + d].Span.CopyTo(h.Span);
            if (c is not null)
            {
                if (c0 is null) c.Span.Clear(); else c0[stateIndex + d].Span.CopyTo(c.Span);
            }
            sequences[d] = new RecurrentSequence(cells[d], steps, batch, lengths, reverse: d == 1, saveForBackward: record);
            sequences[d].Forward(xTimeMajor, tokensTimeMajor, embedding, h, c, y, directions * hidden, d * hidden, outputBatchFirst);
        }

        if (!record)
        {
            foreach (var s in sequences) s.Dispose();
            if (!ReferenceEquals(xTimeMajor, x)) xTimeMajor!.Dispose();
            return y;
        }

        foreach (var s in sequences)
            foreach (var t in s.Workspaces)
                Tape.Own(t);
        if (!ReferenceEquals(xTimeMajor, x)) Tape.Own(xTimeMajor!);
        Tape.Record(y, () => RecurrentLayerBackward(sequences, x, inputBatchFirst, steps, batch, y, h0, c0, stateIndex, hN, cN));
        // The tape may skip an op whose output got no gradient; a loss on the final state alone must still reach
        // this layer, so a gradient of the final state gives the output a (zero) gradient first.
        Tape.Record(hN, () => Tape.GradOf(y));
        if (cN is not null) Tape.Record(cN, () => Tape.GradOf(y));
        return y;
    }

    private static void RecurrentLayerBackward(RecurrentSequence[] sequences, Tensor? x, bool inputBatchFirst, int steps, int batch, Tensor y,
        Tensor? h0, Tensor? c0, int stateIndex, Tensor hN, Tensor? cN)
    {
        int hidden = hN.Dim(2), inputs = x?.Dim(2) ?? 0;
        Tensor? dx = null;
        if (x?.RequiresGrad == true)
            dx = inputBatchFirst ? Tensor.Zeros(steps, batch, inputs) : Tape.GradOf(x);
        for (int d = 0; d < sequences.Length; d++)
        {
            using var dh = FinalStateGradient(hN, stateIndex + d, batch, hidden);
            using var dc = cN is null ? null : FinalStateGradient(cN, stateIndex + d, batch, hidden);
            sequences[d].Backward(y.Grad, dh, dc, dx);
            if (h0?.RequiresGrad == true)
                AddStateGradient(Tape.GradOf(h0)[stateIndex + d].Span, dh.Span);
            if (c0?.RequiresGrad == true && dc is not null)
                AddStateGradient(Tape.GradOf(c0)[stateIndex + d].Span, dc.Span);
        }
        if (inputBatchFirst && dx is not null)
        {
            SwapBatchAndTime(dx.Span, Tape.GradOf(x!).Span, steps, batch, inputs, accumulate: true);
            dx.Dispose();
        }
    }

    // The gradient that later ops gave to entry `index` of a final state, or zeros: [B, H].
    private static Tensor FinalStateGradient(Tensor state, int index, int batch, int hidden)
    {
        var g = Tensor.Uninitialized(batch, hidden);
        if (state.Grad is null) g.Span.Clear();
        else state.Grad[index].Span.CopyTo(g.Span);
        return g;
    }

    private static void AddStateGradient(Span<float> target, ReadOnlySpan<float> values) => TensorPrimitives.Add(target, values, target);

    // to [D1, D0, N] (=, or += when accumulating) from [D0, D1, N]
    private static void SwapBatchAndTime(ReadOnlySpan<float> from, Span<float> to, int d0, int d1, int n, bool accumulate)
    {
        for (int i = 0; i < d0; i++)
            for (int j = 0; j < d1; j++)
            {
                var source = from.Slice((i * d1 + j) * n, n);
                var target = to.Slice((j * d0 + i) * n, n);
                if (accumulate) TensorPrimitives.Add(target, source, target);
                else source.CopyTo(target);
            }
    }
}
