using Recurrent.Tensors;

namespace Recurrent.Kernels;

/// <summary>
/// The input of a recurrent layer over a batch of sequences, in one of three forms (<see cref="Kind"/>): dense rows,
/// token ids that stand for one-hot rows, or token ids that stand for the rows of an embedding table. With tokens the
/// first layer's input projection is a row gather from a small table instead of a GEMM over every step. The axes
/// are <c>[B, T, ...]</c> or <c>[T, B, ...]</c>, as the layer that reads it says (its <c>BatchFirst</c>).
/// </summary>
public sealed class RecurrentInput
{
    private readonly int _tokenBatch;

    private RecurrentInput(RecurrentInputKind kind, Tensor? values, int[]? tokens, Tensor? table, int tokenBatch)
    {
        Kind = kind;
        Values = values;
        Tokens = tokens;
        Table = table;
        _tokenBatch = tokenBatch;
    }

    /// <summary>Dense steps: <paramref name="values"/> is <c>[B, T, I]</c> or <c>[T, B, I]</c>.</summary>
    public static RecurrentInput Dense(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(RecurrentInputKind.Dense, values, null, null, 0);
    }

    /// <summary>
    /// Token ids, <c>[B, T]</c> or <c>[T, B]</c> laid out row-major in <paramref name="tokens"/>, each standing for a
    /// one-hot row of the layer's input width.
    /// </summary>
    public static RecurrentInput OneHotTokens(int[] tokens, int batch)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new(RecurrentInputKind.OneHotTokens, null, tokens, null, batch);
    }

    /// <summary>
    /// Token ids, laid out as in <see cref="OneHotTokens"/>, each standing for its row of <paramref name="table"/>
    /// <c>[V, I]</c> (an embedding's weight, whose gradient is accumulated as an embedding lookup's would be).
    /// </summary>
    public static RecurrentInput EmbeddedTokens(Tensor table, int[] tokens, int batch)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(tokens);
        return new(RecurrentInputKind.EmbeddedTokens, null, tokens, table, batch);
    }

    /// <summary>Which of the three forms this is.</summary>
    public RecurrentInputKind Kind { get; }

    /// <summary>The dense steps (<see cref="RecurrentInputKind.Dense"/>), else null.</summary>
    public Tensor? Values { get; }

    /// <summary>The token ids (both token forms), else null.</summary>
    public int[]? Tokens { get; }

    /// <summary>
    /// The embedding table <c>[V, I]</c> (<see cref="RecurrentInputKind.EmbeddedTokens"/>), else null.
    /// </summary>
    public Tensor? Table { get; }

    /// <summary>The number B of sequences, read with the layout that <paramref name="batchFirst"/> names.</summary>
    public int Batch(bool batchFirst) => Values is null ? _tokenBatch : Values.Dim(batchFirst ? 0 : 1);

    /// <summary>The number T of steps, read with the layout that <paramref name="batchFirst"/> names.</summary>
    public int Steps(bool batchFirst) =>
        Values is null ? Tokens!.Length / Math.Max(_tokenBatch, 1) : Values.Dim(batchFirst ? 1 : 0);

    /// <summary>
    /// The same input laid out <c>[T, B, ...]</c> from <c>[B, T, ...]</c> (<paramref name="batchFirst"/>) or as it
    /// is. Tokens are copied either way: a caller may refill its token buffer with the next batch before backward.
    /// A dense copy is new memory that the caller owns.
    /// </summary>
    internal RecurrentInput TimeMajor(bool batchFirst)
    {
        int batch = Batch(batchFirst),
            steps = Steps(batchFirst);
        if (Values is not null)
        {
            if (!batchFirst)
                return this;
            int width = Values.Dim(2);
            var timeMajor = Tensor.Uninitialized(steps, batch, width);
            BatchTimeTranspose.Apply(Values.Span, timeMajor.Span, batch, steps, width, accumulate: false);
            return Dense(timeMajor);
        }
        var tokens = new int[Tokens!.Length];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                tokens[t * batch + b] = Tokens[batchFirst ? b * steps + t : t * batch + b];
        return new(Kind, null, tokens, Table, batch);
    }
}
