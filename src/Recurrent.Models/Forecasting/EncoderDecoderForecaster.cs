using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Many-to-many with different lengths: an encoder LSTM reads the history (<c>[z, calendar, measurements]</c> per
/// row) and hands its final state to a decoder LSTM that emits a Gaussian per future row from
/// <c>[z_{t-1}, calendar_t]</c>. Training runs <see cref="Forward"/> with the true previous values (teacher
/// forcing); forecasting runs the same encoder and decoder, the decoder one row at a time fed the value it drew
/// (free running).
/// </summary>
public sealed class EncoderDecoderForecaster : SeriesForecaster
{
    private readonly LstmLayer _encoder;
    private readonly LstmLayer _decoder;
    private readonly Linear _head;
    private readonly int _calendarWidth;
    private readonly int _extraWidth;

    /// <summary>
    /// Creates the network of an encoder-decoder <paramref name="config"/>, its weights drawn from
    /// <paramref name="rng"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is not an encoder-decoder's, or a size is out of
    /// range.</exception>
    public EncoderDecoderForecaster(SeriesForecasterConfig config, RandomGenerator rng)
        : base(config, ForecastModelKind.EncoderDecoder)
    {
        ArgumentNullException.ThrowIfNull(rng);
        _calendarWidth = config.CalendarWidth;
        _extraWidth = config.CovariateWidth;
        int hidden = config.HiddenSize,
            layers = config.Layers;
        _encoder = RegisterModule(
            "encoder",
            new LstmLayer(1 + _calendarWidth + _extraWidth, hidden, layers, rng: rng)
        );
        _decoder = RegisterModule("decoder", new LstmLayer(1 + _calendarWidth, hidden, layers, rng: rng));
        _encoder.SetForgetGateBias(1f);
        _decoder.SetForgetGateBias(1f);
        _head = RegisterModule("head", new Linear(hidden, 2, rng));
    }

    /// <summary>The width of an encoder row, <c>[z_t, calendar_t, covariates_t]</c>: <c>1 + K + E</c>.</summary>
    public int EncoderWidth => 1 + _calendarWidth + _extraWidth;

    /// <summary>The width of a decoder row, <c>[z_{t-1}, calendar_t]</c>: <c>1 + K</c>.</summary>
    public int DecoderWidth => 1 + _calendarWidth;

    /// <summary>The LSTM that reads the history, <c>encoder</c>.</summary>
    public LstmLayer Encoder => _encoder;

    /// <summary>The LSTM that runs over the future rows from the encoder's state, <c>decoder</c>.</summary>
    public LstmLayer Decoder => _decoder;

    /// <summary>The Gaussian head on the decoder's output, <c>head</c>, <c>[2, H]</c>.</summary>
    public Linear Head => _head;

    /// <summary>
    /// The encoder's final state after the history rows <paramref name="history"/> <c>[B, T, 1 + K + E]</c>.
    /// </summary>
    public RecurrentState Encode(Tensor history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var (output, state) = _encoder.Forward(history);
        if (!Tape.IsRecording)
            output.Dispose();
        return state;
    }

    /// <summary>
    /// The decoder over rows <paramref name="inputs"/> <c>[B, T, 1 + K]</c> (<c>[z_{t-1}, calendar_t]</c>) from
    /// <paramref name="state"/> (the encoder's, or the decoder's own after earlier rows): the Gaussian
    /// <c>(mean, log std)</c> of each row's <c>z</c> <c>[B, T, 2]</c> and the state after them.
    /// </summary>
    public (Tensor Gaussian, RecurrentState State) Decode(Tensor inputs, RecurrentState state)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(state);
        var (output, next) = _decoder.Forward(inputs, state);
        var gaussian = _head.Forward(output);
        if (!Tape.IsRecording)
            output.Dispose();
        return (gaussian, next);
    }

    /// <summary>
    /// The one pass of the network: the encoder reads the history rows <paramref name="history"/>
    /// <c>[B, T, 1 + K + E]</c> and the decoder, from its final state, reads <paramref name="inputs"/>
    /// <c>[B, H, 1 + K]</c> (<c>[z_{t-1}, calendar_t]</c> of each future row). Returns the Gaussian
    /// <c>(mean, log std)</c> of each future row's <c>z</c> <c>[B, H, 2]</c> and the decoder's state after them.
    /// Training is this pass fed the true previous values; forecasting is <see cref="Encode"/> once, then
    /// <see cref="Decode"/> one row at a time fed the drawn values: the same equations.
    /// </summary>
    public (Tensor Gaussian, RecurrentState State) Forward(Tensor history, Tensor inputs)
    {
        var encoded = Encode(history);
        var result = Decode(inputs, encoded);
        if (!Tape.IsRecording)
            encoded.Dispose();
        return result;
    }

    private Tensor EncoderInput(ForecastSeries series, int[] origins, int samples)
    {
        int batch = origins.Length * samples,
            width = 1 + _calendarWidth + _extraWidth;
        var input = Tensor.Zeros(batch, History, width);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < History; t++)
            {
                int row = origins[b / samples] - History + t;
                var x = input.Span.Slice((b * History + t) * width, width);
                x[0] = series.Z[row];
                CopyCalendar(series, row, x.Slice(1, _calendarWidth));
                series.Extra.AsSpan(row * _extraWidth, _extraWidth).CopyTo(x[(1 + _calendarWidth)..]);
            }
        return input;
    }

    /// <inheritdoc />
    public override Tensor Loss(ForecastSeries series, int[] origins)
    {
        CheckOrigins(series, origins, needFuture: true);
        int batch = origins.Length,
            width = 1 + _calendarWidth;
        var encoderInput = EncoderInput(series, origins, 1);
        var decoderInput = Tensor.Zeros(batch, Horizon, width);
        var targets = new float[batch * Horizon];
        for (int b = 0; b < batch; b++)
            for (int k = 0; k < Horizon; k++)
            {
                int row = origins[b] + k;
                var x = decoderInput.Span.Slice((b * Horizon + k) * width, width);
                x[0] = series.Z[row - 1];
                CopyCalendar(series, row, x[1..]);
                targets[b * Horizon + k] = series.Z[row];
            }
        var (gaussian, state) = Forward(encoderInput, decoderInput);
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
            width = 1 + _calendarWidth;
        using var encoderInput = EncoderInput(series, origins, samples);
        var state = Encode(encoderInput);
        var trajectories = new float[batch * Horizon];
        var draws = new float[batch];
        for (int b = 0; b < batch; b++)
            draws[b] = series.Z[origins[b / samples] - 1];
        using var stepInput = Tensor.Zeros(batch, 1, width);
        for (int k = 0; k < Horizon; k++)
        {
            for (int b = 0; b < batch; b++)
            {
                var x = stepInput.Span.Slice(b * width, width);
                x[0] = draws[b];
                CopyCalendar(series, origins[b / samples] + k, x[1..]);
            }
            var (gaussian, next) = Decode(stepInput, state); // [B, 1, 2]
            state.Dispose();
            state = next;
            using (gaussian)
                Draw(gaussian.Span, draws, rng);
            for (int b = 0; b < batch; b++)
                trajectories[b * Horizon + k] = draws[b];
        }
        state.Dispose();
        return trajectories;
    }
}
