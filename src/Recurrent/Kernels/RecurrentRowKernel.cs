using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// The gate math of one recurrent cell for one batch row, forward and backward, on plain spans. The sequence kernel
/// (<see cref="RecurrentSequence"/>) calls it once per row and step after the GEMMs that make the row's
/// pre-activations, so it is the one place a cell's equations are fused: one pass over the hidden units, a vector of
/// them at a time. G is <see cref="GateCount"/>, H <see cref="HiddenSize"/>, S <see cref="SavedWidth"/>.
/// </summary>
internal abstract class RecurrentRowKernel
{
    /// <summary>Fixes the sizes every row has.</summary>
    protected RecurrentRowKernel(int gateCount, int hiddenSize)
    {
        GateCount = gateCount;
        HiddenSize = hiddenSize;
    }

    /// <summary>The number G of gate blocks of H values in a row of pre-activations.</summary>
    public int GateCount { get; }

    /// <summary>The width H of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The width G*H of a row of pre-activations.</summary>
    public int Gates => GateCount * HiddenSize;

    /// <summary>The floats per row that forward saves for backward (activations of the gates).</summary>
    public abstract int SavedWidth { get; }

    /// <summary>Whether the cell carries a cell state <c>c</c> besides <c>h</c> (LSTM).</summary>
    public virtual bool HasCellState => false;

    /// <summary>
    /// Whether the gradient reaching W_hh differs from the one reaching W_ih (GRU's reset gate sits inside).
    /// </summary>
    public virtual bool SeparateRecurrentGradient => false;

    /// <summary>
    /// Forward of one row. <paramref name="xg"/> <c>[G*H]</c> = W_ih x and <paramref name="hg"/> <c>[G*H]</c> = W_hh h,
    /// both without their biases <paramref name="inputBias"/> and <paramref name="hiddenBias"/> <c>[G*H]</c>, which the
    /// row adds as it reads them; writes <paramref name="saved"/> <c>[S]</c> and updates <paramref name="h"/> and
    /// <paramref name="c"/> <c>[H]</c> (empty without a cell state) in place to the next state.
    /// </summary>
    public abstract void Forward(
        ReadOnlySpan<float> xg,
        ReadOnlySpan<float> hg,
        ReadOnlySpan<float> inputBias,
        ReadOnlySpan<float> hiddenBias,
        Span<float> saved,
        Span<float> h,
        Span<float> c
    );

    /// <summary>
    /// Backward of one row. <paramref name="dh"/> <c>[H]</c> holds dL/dh_t on entry and the part of dL/dh_{t-1} that
    /// does not go through W_hh on exit; <paramref name="dc"/> goes from dL/dc_t to dL/dc_{t-1}. Writes the
    /// pre-activation gradients: <paramref name="dgx"/> <c>[G*H]</c> for W_ih x + b_ih, <paramref name="dgh"/> for
    /// W_hh h + b_hh (the same span unless <see cref="SeparateRecurrentGradient"/>).
    /// </summary>
    public abstract void Backward(
        ReadOnlySpan<float> saved,
        ReadOnlySpan<float> hPrev,
        ReadOnlySpan<float> cPrev,
        Span<float> dh,
        Span<float> dc,
        Span<float> dgx,
        Span<float> dgh
    );

    /// <summary>Names the kernel and its width, for error messages.</summary>
    public override string ToString() => $"{GetType().Name}(hidden {HiddenSize})";

    /// <summary>
    /// Whether the row kernels take 16 lanes at a time before the <see cref="FloatVector"/> ones: where Vector512 is
    /// native, unless a test says otherwise (<see cref="Vector512Override"/>). Both widths give the same floats: the
    /// same operations, lane by lane.
    /// </summary>
    internal static bool UseVector512 => Vector512Override ?? Vector512.IsHardwareAccelerated;

    /// <summary>Forces the 16-lane path on or off (emulated where not native), for tests; null: automatic.</summary>
    internal static bool? Vector512Override { get; set; }

    /// <summary>The logistic sigmoid of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static T Sigmoid<T>(T x)
        where T : struct, IFloatVector<T> => T.Create(1f) / (T.Create(1f) + VectorExp.Exp(-x));

    /// <summary>The logistic function 1 / (1 + e^-x), for the scalar tail of a row.</summary>
    protected static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>
    /// tanh of each lane as <c>2 sigmoid(2x) - 1</c>, one exponential like the sigmoid; near 0 its absolute error is
    /// a few parts in 1e8, well below what float training notices.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static T Tanh<T>(T x)
        where T : struct, IFloatVector<T>
    {
        var two = T.Create(2f);
        return two / (T.Create(1f) + VectorExp.Exp(-two * x)) - T.Create(1f);
    }

    /// <summary>Throws unless a row handed to the kernel has at least <paramref name="length"/> floats.</summary>
    protected void RequireLength(ReadOnlySpan<float> row, int length, string name)
    {
        if (row.Length < length)
            throw new ArgumentException(
                $"{this}: the row kernel's {name} has {row.Length} floats, fewer than {length}."
            );
    }
}
