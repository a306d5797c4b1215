using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// A probabilistic forecaster: from the <see cref="History"/> rows before an origin it predicts a Gaussian per
/// future row of the modelled target and draws whole trajectories of <see cref="Horizon"/> rows from it.
/// </summary>
public abstract class SeriesForecaster : Module
{
    /// <summary>
    /// Keeps <paramref name="config"/>, which must be of <paramref name="kind"/>, the kind of the derived class.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is of another kind, or a size is out of range.</exception>
    protected SeriesForecaster(SeriesForecasterConfig config, ForecastModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Kind != kind)
            throw new ArgumentException(
                $"{GetType().Name} is built from a {kind} configuration; got {config.Kind}.",
                nameof(config)
            );
        ArgumentOutOfRangeException.ThrowIfLessThan(config.History, 1, "config.History");
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Horizon, 1, "config.Horizon");
        ArgumentOutOfRangeException.ThrowIfLessThan(config.HiddenSize, 1, "config.HiddenSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Layers, 1, "config.Layers");
        ArgumentOutOfRangeException.ThrowIfNegative(config.CalendarWidth, "config.CalendarWidth");
        ArgumentOutOfRangeException.ThrowIfNegative(config.CovariateWidth, "config.CovariateWidth");
        Config = config;
    }

    /// <summary>
    /// The forecaster of <paramref name="config"/>'s kind, with fresh weights drawn from <paramref name="rng"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A size is out of range, or an autoregressive configuration has
    /// covariates.</exception>
    public static SeriesForecaster Create(SeriesForecasterConfig config, RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Kind == ForecastModelKind.Autoregressive
            ? new AutoregressiveForecaster(config, rng)
            : new EncoderDecoderForecaster(config, rng);
    }

    /// <summary>
    /// Writes the weights to <paramref name="path"/> (atomically) with <see cref="ToMetadata"/>, for
    /// <see cref="Load(string)"/> and <c>recurrent export</c>.
    /// </summary>
    public void Save(string path) => StateDict.Save(path, NamedState(), ToMetadata());

    /// <summary>
    /// Reads <paramref name="path"/> and rebuilds the model it describes; see <see cref="Load(SafeTensorsFile)"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The file is damaged or does not describe this kind of model; the message names the file.
    /// </exception>
    public static SeriesForecaster Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>
    /// Rebuilds the forecaster a checkpoint describes and loads its weights, in evaluation mode; the metadata beyond
    /// the configuration (and the trainer's state) becomes its <see cref="Description"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is not a forecaster, a key is missing or malformed, or the
    /// weights do not fit; the message names the file.</exception>
    public static SeriesForecaster Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = Create(CheckpointMetadata.Read(file, SeriesForecasterConfig.FromMetadata), new RandomGenerator(0));
        StateDict.Load(model.NamedState(), file);
        var architecture = model.Config.ToMetadata();
        foreach (var (key, value) in file.Metadata)
            if (
                !architecture.ContainsKey(key)
                && !key.StartsWith(StateDict.TrainingStatePrefix, StringComparison.Ordinal)
            )
                model.Description[key] = value;
        model.Eval();
        return model;
    }

    /// <summary>The configuration the forecaster was built from.</summary>
    public SeriesForecasterConfig Config { get; }

    /// <summary>H, the rows read before the origin.</summary>
    public int History => Config.History;

    /// <summary>F, the rows forecast from the origin on.</summary>
    public int Horizon => Config.Horizon;

    /// <summary>The LSTM width.</summary>
    public int HiddenSize => Config.HiddenSize;

    /// <summary>The stacked LSTM layers (of the encoder and of the decoder, for an encoder-decoder).</summary>
    public int Layers => Config.Layers;

    /// <summary>K, the calendar features of each row (sin and cos of its position in each cycle).</summary>
    public int CalendarWidth => Config.CalendarWidth;

    /// <summary>
    /// E, the history-only measurements (covariates) of each row; 0 for an autoregressive forecaster.
    /// </summary>
    public int CovariateWidth => Config.CovariateWidth;

    /// <summary>
    /// What travels with the model besides its configuration: the transform of the target and the scaling of the
    /// covariates (fitted on the training rows), the calendar features, the column names. It goes into checkpoints
    /// and the ONNX metadata (see <see cref="Save"/>).
    /// </summary>
    public IDictionary<string, string> Description { get; } =
        new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// What a checkpoint of the model holds as metadata: <see cref="Description"/> and the configuration's
    /// <see cref="SeriesForecasterConfig.ToMetadata"/> (whose keys win).
    /// </summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var metadata = new SortedDictionary<string, string>(Description, StringComparer.Ordinal);
        foreach (var (key, value) in Config.ToMetadata())
            metadata[key] = value;
        return metadata;
    }

    /// <summary>
    /// The mean Gaussian negative log-likelihood of the rows that follow each origin, recorded on the current tape.
    /// Each origin needs rows <c>[origin - History, origin + Horizon)</c> of <paramref name="series"/>.
    /// </summary>
    public abstract Tensor Loss(ForecastSeries series, int[] origins);

    /// <summary>
    /// Draws <paramref name="samples"/> trajectories of <see cref="Horizon"/> values of <c>z</c> after each origin,
    /// each step fed the value drawn for the step before (free running): <c>[origins, samples, Horizon]</c> row-major.
    /// Future rows may lie beyond the series (their calendar features are then needed only).
    /// </summary>
    public abstract float[] Sample(ForecastSeries series, int[] origins, int samples, RandomGenerator rng);

    /// <summary>
    /// Draws from N(mu, exp(s)^2) for each row of <paramref name="head"/> <c>[B, 2]</c>, into <paramref name="draws"/>.
    /// </summary>
    protected static void Draw(ReadOnlySpan<float> head, Span<float> draws, RandomGenerator rng)
    {
        for (int b = 0; b < draws.Length; b++)
        {
            float s = Math.Clamp(head[2 * b + 1], -10f, 5f);
            draws[b] = head[2 * b] + MathF.Exp(s) * (float)rng.NextGaussian();
        }
    }

    /// <summary>
    /// Writes the calendar features of <paramref name="row"/> into <paramref name="destination"/>, zeros beyond the
    /// series.
    /// </summary>
    protected static void CopyCalendar(ForecastSeries series, int row, Span<float> destination)
    {
        if (series.CalendarWidth == 0)
            return;
        if (row < series.Rows)
            series.Calendar.AsSpan(row * series.CalendarWidth, series.CalendarWidth).CopyTo(destination);
        else
            destination.Clear();
    }

    /// <summary>
    /// Copies step <paramref name="step"/> of <paramref name="output"/> <c>[B, T, H]</c> into a new <c>[B, H]</c>
    /// tensor.
    /// </summary>
    protected static Tensor LastStep(Tensor output, int step)
    {
        int batch = output.Dim(0),
            steps = output.Dim(1),
            hidden = output.Dim(2);
        var last = Tensor.Uninitialized(batch, hidden);
        for (int b = 0; b < batch; b++)
            output.Span.Slice((b * steps + step) * hidden, hidden).CopyTo(last.Span.Slice(b * hidden, hidden));
        return last;
    }

    /// <summary>Checks that every origin leaves room for a history within the defined rows.</summary>
    protected void CheckOrigins(ForecastSeries series, int[] origins, bool needFuture)
    {
        foreach (int o in origins)
        {
            if (o - History < series.FirstRow || o > series.Rows || (needFuture && o + Horizon > series.Rows))
                throw new ArgumentOutOfRangeException(
                    nameof(origins),
                    $"{GetType().Name}: origin {o} needs rows [{o - History}, {o + (needFuture ? Horizon : 0)}) within "
                        + $"[{series.FirstRow}, {series.Rows})."
                );
        }
    }
}
