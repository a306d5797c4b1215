namespace Recurrent.Layers;

/// <summary>
/// The names and gate counts of the <see cref="CellKind"/>s: the names are the ones checkpoints and the command
/// line have always used (<c>lstm</c>, <c>gru</c>, <c>rnn</c>; <c>rnn_tanh</c> and <c>rnn_relu</c> are read as
/// <c>rnn</c>, PyTorch's modes).
/// </summary>
public static class CellKinds
{
    /// <summary>The kinds' names, in the order of <see cref="CellKind"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lstm", "gru", "rnn"];

    /// <summary>The kind's name: <c>lstm</c>, <c>gru</c> or <c>rnn</c>.</summary>
    public static string Name(this CellKind kind) =>
        kind switch
        {
            CellKind.Lstm => "lstm",
            CellKind.Gru => "gru",
            CellKind.Rnn => "rnn",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a cell kind."),
        };

    /// <summary>The number G of gate blocks of H rows in the kind's weights: 4, 3 or 1.</summary>
    public static int GateCount(this CellKind kind) =>
        kind switch
        {
            CellKind.Lstm => 4,
            CellKind.Gru => 3,
            CellKind.Rnn => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a cell kind."),
        };

    /// <summary>
    /// Reads a kind's name, ignoring case: <c>lstm</c>, <c>gru</c>, <c>rnn</c>, or PyTorch's modes
    /// <c>rnn_tanh</c> and <c>rnn_relu</c> (see <see cref="Nonlinearity"/> for which).
    /// </summary>
    /// <exception cref="FormatException">The name is none of these.</exception>
    public static CellKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "lstm" => CellKind.Lstm,
            "gru" => CellKind.Gru,
            "rnn" or "rnn_tanh" or "rnn_relu" => CellKind.Rnn,
            _ => throw new FormatException(
                $"'{name}' is not a recurrent cell; expected lstm, gru, rnn, rnn_tanh or rnn_relu."
            ),
        };
    }

    /// <summary>
    /// The nonlinearity a name gives an Elman RNN: relu for a name that says <c>relu</c> (<c>rnn_relu</c>), else
    /// tanh, PyTorch's default.
    /// </summary>
    public static RnnNonlinearity Nonlinearity(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Contains("relu", StringComparison.OrdinalIgnoreCase) ? RnnNonlinearity.Relu : RnnNonlinearity.Tanh;
    }

    /// <summary>The kind whose weights have <paramref name="gateCount"/> gate blocks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// No kind has that many: an RNN has 1, a GRU 3, an LSTM 4.
    /// </exception>
    public static CellKind FromGateCount(int gateCount) =>
        gateCount switch
        {
            4 => CellKind.Lstm,
            3 => CellKind.Gru,
            1 => CellKind.Rnn,
            _ => throw new ArgumentOutOfRangeException(
                nameof(gateCount),
                gateCount,
                $"{gateCount} gate blocks fit no recurrent cell; an RNN has 1, a GRU 3, an LSTM 4."
            ),
        };
}
