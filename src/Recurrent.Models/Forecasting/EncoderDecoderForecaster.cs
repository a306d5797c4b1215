using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Onnx;
using Recurrent.Tensors;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Many-to-many with different lengths: an encoder LSTM reads the history (<c>[z, calendar, measurements]</c> per
/// row) and hands its final state to a decoder LSTM that emits a Gaussian per future row from
/// <c>[z_{t-1}, calendar_t]</c>. Training feeds the decoder the true previous value (teacher forcing); forecasting
/// feeds it the value it drew (free running).
/// </summary>
public sealed class EncoderDecoderForecaster : SeriesForecaster, IOnnxExportableParts
{
    private readonly LstmLayer _encoder;
    private readonly LstmLayer _decoder;
    private readonly Linear _head;
    private readonly int _calendarWidth;
    private readonly int _extraWidth;

    /// <summary>Creates the network for series with the given calendar and measurement widths.</summary>
    public EncoderDecoderForecaster(int history, int horizon, int calendarWidth, int extraWidth, int hidden, int layers, RandomGenerator rng)
        : base(history, horizon)
    {
        _calendarWidth = calendarWidth;
        _extraWidth = extraWidth;
        _encoder = RegisterModule("encoder", new LstmLayer(1 + calendarWidth + extraWidth, hidden, layers, rng: rng));
        _decoder = RegisterModule("decoder", new LstmLayer(1 + calendarWidth, hidden, layers, rng: rng));
        _encoder.SetForgetGateBias(1f);
        _decoder.SetForgetGateBias(1f);
        _head = RegisterModule("head", new Linear(hidden, 2, rng));
    }

    /// <summary>The value of the metadata key <c>model</c> of an encoder-decoder forecaster's checkpoint.</summary>
    public const string Kind = "encoder-decoder-forecaster";

    /// <inheritdoc />
    public override string ModelKind => Kind;

    /// <inheritdoc />
    public override int HiddenSize => _encoder.HiddenSize;

    /// <inheritdoc />
    public override int Layers => _encoder.NumLayers;

    /// <inheritdoc />
    public override int CalendarWidth => _calendarWidth;

    /// <inheritdoc />
    public override int CovariateWidth => _extraWidth;

    /// <summary>The width of an encoder row, <c>[z_t, calendar_t, covariates_t]</c>: <c>1 + K + E</c>.</summary>
    public int EncoderWidth => 1 + _calendarWidth + _extraWidth;

    /// <summary>The width of a decoder row, <c>[z_{t-1}, calendar_t]</c>: <c>1 + K</c>.</summary>
    public int DecoderWidth => 1 + _calendarWidth;

    /// <summary>The encoder's final state after the history rows <paramref name="history"/> <c>[B, T, 1 + K + E]</c>.</summary>
    public RecurrentState Encode(Tensor history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var (output, state) = _encoder.Forward(history);
        if (!Tape.IsRecording) output.Dispose();
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
        if (!Tape.IsRecording) output.Dispose();
        return (gaussian, next);
    }

    /// <inheritdoc />
    public override string OnnxGraphName => "encoder_decoder_forecaster";

    /// <summary>
    /// The whole teacher-forced pass as one ONNX graph: <c>history</c> <c>[batch, steps, 1 + K + E]</c> and
    /// <c>decoder_inputs</c> <c>[batch, future, 1 + K]</c> to <c>mean</c>, <c>log_std</c> <c>[batch, future]</c>
    /// and the decoder's <c>h_n</c>, <c>c_n</c>. Generation uses <see cref="OnnxParts"/> instead.
    /// </summary>
    public override void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var (h, c) = DescribeEncoder(graph);
        var inputs = graph.Input("decoder_inputs", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Dynamic("future"), DecoderWidth);
        DescribeDecoder(graph, inputs, h, c);
    }

    /// <summary>
    /// <c>encoder</c>: <c>history</c> to the encoder's final <c>h_n</c>, <c>c_n</c> <c>[L, batch, H]</c>;
    /// <c>decoder</c>: <c>inputs</c> <c>[batch, steps, 1 + K]</c>, <c>h0</c>, <c>c0</c> to <c>mean</c>,
    /// <c>log_std</c>, <c>h_n</c>, <c>c_n</c>, one step at a time when generating.
    /// </summary>
    public IReadOnlyList<(string Part, IOnnxExportable Graph)> OnnxParts =>
    [
        ("encoder", new OnnxGraphPart("forecast_encoder", graph =>
        {
            var (h, c) = DescribeEncoder(graph);
            graph.Output("h_n", h);
            graph.Output("c_n", c);
        })),
        ("decoder", new OnnxGraphPart("forecast_decoder", graph =>
        {
            var inputs = graph.Input("inputs", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, DecoderWidth);
            OnnxDim[] state = [Layers, OnnxDim.Batch, HiddenSize];
            DescribeDecoder(graph, inputs, graph.Input("h0", OnnxElementType.Float, state), graph.Input("c0", OnnxElementType.Float, state));
        })),
    ];

    private (OnnxValue H, OnnxValue C) DescribeEncoder(OnnxGraph graph)
    {
        var history = graph.Input("history", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, EncoderWidth);
        var encoded = graph.Recurrent(_encoder, history, prefix: "encoder.");
        DescribeMetadata(graph);
        graph.Metadata["encoder_input_layout"] = "z_t, calendar features of row t, covariates of row t";
        graph.Metadata["decoder_input_layout"] = "z_{t-1}, calendar features of row t";
        return (encoded.H, encoded.C!);
    }

    private void DescribeDecoder(OnnxGraph graph, OnnxValue inputs, OnnxValue h0, OnnxValue c0)
    {
        var decoded = graph.Recurrent(_decoder, inputs, initialH: h0, initialC: c0, prefix: "decoder.");
        DescribeHead(graph, _head, decoded.Output);
        graph.Output("h_n", decoded.H);
        graph.Output("c_n", decoded.C!);
        DescribeMetadata(graph);
        graph.Metadata["decoder_input_layout"] = "z_{t-1}, calendar features of row t";
    }

    private Tensor EncoderInput(ForecastSeries series, int[] origins, int samples)
    {
        int batch = origins.Length * samples, width = 1 + _calendarWidth + _extraWidth;
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
        int batch = origins.Length, width = 1 + _calendarWidth;
        var encoderInput = EncoderInput(series, origins, 1);
        var (_, state) = _encoder.Forward(encoderInput);
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
        var (output, _) = _decoder.Forward(decoderInput, state);
        return Losses.Loss.GaussianNegativeLogLikelihood(_head.Forward(output), targets);
    }

    /// <inheritdoc />
    public override float[] Sample(ForecastSeries series, int[] origins, int samples, RandomGenerator rng)
    {
        CheckOrigins(series, origins, needFuture: false);
        using var noGrad = Tape.NoGrad();
        int batch = origins.Length * samples, width = 1 + _calendarWidth;
        using var encoderInput = EncoderInput(series, origins, samples);
        var (encoded, state) = _encoder.Forward(encoderInput);
        encoded.Dispose();
        var trajectories = new float[batch * Horizon];
        var draws = new float[batch];
        for (int b = 0; b < batch; b++) draws[b] = series.Z[origins[b / samples] - 1];
        using var stepInput = Tensor.Zeros(batch, width);
        using var hidden = Tensor.Zeros(batch, _decoder.HiddenSize);
        for (int k = 0; k < Horizon; k++)
        {
            for (int b = 0; b < batch; b++)
            {
                var x = stepInput.Span.Slice(b * width, width);
                x[0] = draws[b];
                CopyCalendar(series, origins[b / samples] + k, x[1..]);
            }
            _decoder.Step(stepInput, state, hidden);
            using (var head = _head.Forward(hidden)) Draw(head.Span, draws, rng);
            for (int b = 0; b < batch; b++) trajectories[b * Horizon + k] = draws[b];
        }
        state.Dispose();
        return trajectories;
    }
}
