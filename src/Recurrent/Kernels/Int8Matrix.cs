namespace Recurrent.Kernels;

/// <summary>
/// A float matrix <c>W [rows, columns]</c> kept as int8 with one scale per row, the weight format of PyTorch's
/// dynamic quantisation with a symmetric per-row (per-channel) scheme: row r holds <c>q[r, c]</c> in [-127, 127] and
/// <c>s_r = max_c |W[r, c]| / 127</c>, so <c>W[r, c] ≈ s_r q[r, c]</c> with an error of at most <c>s_r / 2</c>. It
/// takes a quarter of float32's bytes, which is what a product bound by reading its weights gains: a batch-1 step of
/// a recurrent layer reads every weight once per token. Multiply with
/// <see cref="Int8MatrixVector.Multiply(Int8Matrix, ReadOnlySpan{float}, Span{float})"/>. The copy is made once and
/// does not follow later changes to the float weights.
/// </summary>
public sealed class Int8Matrix : IStepWeights
{
    private readonly sbyte[] _values;
    private readonly float[] _scales;

    /// <summary>Quantises <paramref name="weights"/>, row-major <c>[rows, columns]</c>, row by row.</summary>
    /// <exception cref="ArgumentException">The span is not rows*columns long, or a weight is not finite.</exception>
    public Int8Matrix(ReadOnlySpan<float> weights, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (weights.Length != (long)rows * columns)
            throw new ArgumentException(
                $"Int8Matrix: {weights.Length} weights for a [{rows}, {columns}] matrix ({(long)rows * columns}).",
                nameof(weights)
            );
        Rows = rows;
        Columns = columns;
        _values = new sbyte[rows * columns];
        _scales = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = weights.Slice(r * columns, columns);
            float largest = 0f;
            for (int c = 0; c < columns; c++)
            {
                if (!float.IsFinite(row[c]))
                    throw new ArgumentException(
                        $"Int8Matrix: weight [{r}, {c}] is {row[c]}; only finite weights can be quantised.",
                        nameof(weights)
                    );
                largest = Math.Max(largest, Math.Abs(row[c]));
            }
            // An all-zero row keeps scale 0 and zeros, so it stays exactly zero.
            float scale = largest / 127f;
            _scales[r] = scale;
            if (scale == 0f)
                continue;
            var values = _values.AsSpan(r * columns, columns);
            for (int c = 0; c < columns; c++)
                values[c] = (sbyte)Math.Clamp(MathF.Round(row[c] / scale), -127f, 127f);
        }
    }

    /// <summary>The rows of the matrix (outputs of a matrix-vector product).</summary>
    public int Rows { get; }

    /// <summary>The columns of the matrix (inputs of a matrix-vector product).</summary>
    public int Columns { get; }

    /// <summary>The quantised values <c>q</c>, row-major <c>[Rows, Columns]</c>.</summary>
    public ReadOnlySpan<sbyte> Values => _values;

    /// <summary>The scale of each row, <c>[Rows]</c>: a weight is its value times its row's scale.</summary>
    public ReadOnlySpan<float> Scales => _scales;

    void IStepWeights.Multiply(ReadOnlySpan<float> x, Span<float> y) => Int8MatrixVector.Multiply(this, x, y);
}
