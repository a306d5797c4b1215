using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using System.Globalization;

namespace Recurrent.Models.Classification;

/// <summary>
/// Everything needed to rebuild a <see cref="SequenceClassifier"/> and to prepare its input: the architecture, the
/// label set and the channel scaler fitted on the training set. It travels in the checkpoint's metadata
/// (<see cref="ToMetadata"/>), so a checkpoint alone labels new series.
/// </summary>
/// <param name="Cell">LSTM or GRU.</param>
/// <param name="Channels">C, the values per step of the series (before framing).</param>
/// <param name="HiddenSize">H, the hidden size of each direction.</param>
/// <param name="Layers">The number of stacked recurrent layers.</param>
/// <param name="Bidirectional">Whether each layer also runs backwards.</param>
/// <param name="Pooling">Last valid state or mean over valid steps.</param>
/// <param name="Dropout">Dropout between recurrent layers and before the linear layer, in training.</param>
/// <param name="Frame">F, the number of consecutive steps fed to the network as one step of <c>F * C</c>
/// values.</param>
/// <param name="Labels">The class labels of the training set; index i is output i.</param>
/// <param name="Scaler">The per-channel scaling fitted on the training set.</param>
public sealed record SequenceClassifierConfig(
    CellKind Cell,
    int Channels,
    int HiddenSize,
    int Layers,
    bool Bidirectional,
    SequencePooling Pooling,
    float Dropout,
    int Frame,
    LabelSet Labels,
    ChannelScaler Scaler
)
{
    /// <summary>
    /// The value of the <c>task</c> metadata key of every sequence classifier checkpoint (also those written before the
    /// <c>model</c> key).
    /// </summary>
    public const string Task = "sequence-classification";

    /// <summary>The value of the <c>model</c> metadata key that marks a sequence classifier.</summary>
    public const string ModelKind = "sequence-classifier";

    /// <summary>
    /// The filters of a convolutional branch beside the recurrent one, as in LSTM-FCN (Karim et al., 2017): with
    /// N &gt; 0, three blocks of N, 2N and N filters of widths 8, 5 and 3 over the same prepared input, each followed
    /// by batch normalisation and ReLU, averaged over the valid steps and joined to the recurrent pooled output before
    /// the dropout and the linear layer. 0, the default, has no such branch. Metadata key <c>conv_filters</c>.
    /// </summary>
    public int ConvolutionFilters
    {
        get;
        init =>
            field =
                value >= 0
                    ? value
                    : throw new ArgumentOutOfRangeException(
                        nameof(ConvolutionFilters),
                        $"the convolutional filters must be 0 (none) or more; got {value}."
                    );
    }

    /// <summary>The width of one network step, <c>F * C</c>.</summary>
    public int InputSize => Frame * Channels;

    /// <summary>The configuration as checkpoint metadata (string keys and values).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() =>
        new Dictionary<string, string>
        {
            ["model"] = ModelKind,
            ["task"] = Task,
            ["cell"] = Cell.Name(),
            ["input_channels"] = Text(Channels),
            ["hidden_size"] = Text(HiddenSize),
            ["num_layers"] = Text(Layers),
            ["bidirectional"] = Bidirectional ? "true" : "false",
            ["pooling"] = Pooling == SequencePooling.Last ? "last" : "mean",
            ["dropout"] = Dropout.ToString("R", CultureInfo.InvariantCulture),
            ["frame"] = Text(Frame),
            ["conv_filters"] = Text(ConvolutionFilters),
            ["labels"] = Labels.Serialize(),
            ["scaler"] = Scaler.Serialize(),
        };

    /// <summary>Reads a configuration written by <see cref="ToMetadata"/>.</summary>
    /// <exception cref="FormatException">A key is missing or malformed, or the file is not a sequence classifier; the
    /// message names the key.</exception>
    public static SequenceClassifierConfig FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        var reader = new CheckpointMetadata(metadata, "sequence classifier");
        string Get(string key) => reader.Text(key);
        int Positive(string key) => reader.WholeNumber(key);
        if (Get("task") != Task)
            throw new FormatException($"the checkpoint is for the task '{metadata["task"]}', not {Task}.");
        string cellName = Get("cell");
        var cell = CellKinds.Names.Contains(cellName)
            ? CellKinds.Parse(cellName)
            : throw new FormatException($"the metadata key 'cell' is '{cellName}', not lstm, gru or rnn.");
        var pooling = Get("pooling") switch
        {
            "last" => SequencePooling.Last,
            "mean" => SequencePooling.Mean,
            var other => throw new FormatException($"the metadata key 'pooling' is '{other}', not last or mean."),
        };
        bool bidirectional = reader.Flag("bidirectional");
        float dropout = reader.Probability("dropout");
        var labels = LabelSet.Parse(Get("labels"));
        var scaler = ChannelScaler.Parse(Get("scaler"));
        int channels = Positive("input_channels");
        if (scaler.Channels != channels)
            throw new FormatException($"the scaler has {scaler.Channels} channels but 'input_channels' is {channels}.");
        // Checkpoints from before the convolutional branch have no such key.
        int filters = reader.Optional("conv_filters", key => reader.WholeNumber(key, minimum: 0), 0);
        return new SequenceClassifierConfig(
            cell,
            channels,
            Positive("hidden_size"),
            Positive("num_layers"),
            bidirectional,
            pooling,
            dropout,
            Positive("frame"),
            labels,
            scaler
        )
        {
            ConvolutionFilters = filters,
        };
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
