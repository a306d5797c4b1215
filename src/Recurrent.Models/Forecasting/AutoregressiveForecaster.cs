using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// One-to-many generation: an LSTM that reads <c>[z_t, calendar_{t+1}]</c> at each row and predicts a Gaussian for
/// <c>z_{t+1}</c>. Both are <see cref="Forward"/>: training scores every next-row prediction of a window (teacher
/// forcing); forecasting runs the history, then rolls the last state out over the horizon one row at a time,
/// feeding back each drawn value.
/// </summary>
public sealed class AutoregressiveForecaster : SeriesForecaster
{
    private readonly LstmLayer _lstm;
    private readonly Linear _head;

    /// <summary>
    /// Creates the network of an autoregressive <paramref name="config"/>, its weights drawn from
    /// <paramref name="rng"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is not autoregressive, has covariates, or a size is out
    /// of range.</exception>
    public AutoregressiveForecaster(SeriesForecasterConfig config, RandomGenerator rng)
        : base(config, ForecastModelKind.Autoregressive)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (config.CovariateWidth != 0)
            throw new ArgumentException(
                $"an autoregressive forecaster reads no covariates; the configuration has {config.CovariateWidth}.",
                nameof(config)
            );
        _lstm = RegisterModule(
            "lstm",
            new LstmLayer(1 + config.CalendarWidth, config.HiddenSize, config.Layers, rng: rng)
        );
        _lstm.SetForgetGateBias(1f);
        _head = RegisterModule("head", new Linear(config.HiddenSize, 2, rng));
    }

    /// <summary>The width of one input row, <c>[z_t, calendar_{t+1}]</c>: <c>1 + K</c>.</summary>
    public int InputWidth => 1 + CalendarWidth;

    /// <summary>The LSTM over the rows, <c>lstm</c>.</summary>
    public LstmLayer Lstm => _lstm;

    /// <summary>The Gaussian head, <c>(mean, log std)</c> of the next <c>z</c>, <c>head</c>, <c>[2, H]</c>.</summary>
    public Linear Head => _head;

    /// <summary>
    /// The one-pass network: from rows <paramref name="inputs"/> <c>[B, T, 1 + K]</c> (<c>[z_t, calendar_{t+1}]</c>)
    /// and the state before them (zero when null), the Gaussian <c>(mean, log std)</c> of every next <c>z</c>
    /// <c>[B, T, 2]</c> and the state after them. Training is this pass over a window; forecasting is this pass
    /// over the history, then one row at a time fed the drawn value.
    /// </summary>
    public (Tensor Gaussian, RecurrentState State) Forward(Tensor inputs, RecurrentState? initial = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (output, state) = _lstm.Forward(inputs, initial);
        var gaussian = _head.Forward(output);
        if (!Tape.IsRecording)
            output.Dispose();
        return (gaussian, state);
    }

    /// <inheritdoc />
    public override Tensor Loss(ForecastSeries series, int[] origins)
    {
        CheckOrigins(series, origins, needFuture: true);
        int steps = History + Horizon - 1,
            batch = origins.Length,
            width = InputWidth;
        var input = Tensor.Zeros(batch, steps, width);
        var targets = new float[batch * steps];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
            {
                int row = origins[b] - History + t;
                var x = input.Span.Slice((b * steps + t) * width, width);
                x[0] = series.Z[row];
                CopyCalendar(series, row + 1, x[1..]);
                targets[b * steps + t] = series.Z[row + 1];
            }
        var (gaussian, state) = Forward(input);
        var loss = Losses.Loss.GaussianNegativeLogLikelihood(gaussian, targets);
        if (!Tape.IsRecording)
        {
            gaussian.Dispose();
            state.Dispose();
        }
        return loss;
    }

    /// <inheritdoc />
    public override float[] Sample(ForecastSeries series, int[] origins, int samples, RandomGenerator rng)
    {
        CheckOrigins(series, origins, needFuture: false);
        using var noGrad = Tape.NoGrad();
        int batch = origins.Length * samples,
            width = InputWidth;
        using var input = Tensor.Zeros(batch, History, width);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < History; t++)
            {
                int row = origins[b / samples] - History + t;
                var x = input.Span.Slice((b * History + t) * width, width);
                x[0] = series.Z[row];
                CopyCalendar(series, row + 1, x[1..]);
            }
        var (history, state) = Forward(input); // [B, History, 2]
        var gaussian = LastStep(history, History - 1); // [B, 2]
        history.Dispose();
        var trajectories = new float[batch * Horizon];
        var draws = new float[batch];
        using var stepInput = Tensor.Zeros(batch, 1, width);
        for (int k = 0; k < Horizon; k++)
        {
            Draw(gaussian.Span, draws, rng);
            gaussian.Dispose();
            for (int b = 0; b < batch; b++)
                trajectories[b * Horizon + k] = draws[b];
            if (k == Horizon - 1)
                break;
            for (int b = 0; b < batch; b++)
            {
                var x = stepInput.Span.Slice(b * width, width);
                x[0] = draws[b];
                CopyCalendar(series, origins[b / samples] + k + 1, x[1..]);
            }
            var (next, after) = Forward(stepInput, state); // [B, 1, 2]
            state.Dispose();
            (gaussian, state) = (next, after);
        }
        state.Dispose();
        return trajectories;
    }
}
