using Recurrent.IO;
using Recurrent.Models.Forecasting;
using Recurrent.Models.Labelling;
using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;

namespace Recurrent.Tests.IO;

/// <summary>
/// Checkpoints written before the encoder-decoder, the forecasters and the labellers had a configuration record
/// (<c>tests/fixtures/checkpoints</c>) still load through it, and saving the loaded model writes the same bytes: the
/// metadata keys and values did not change.
/// </summary>
public sealed class ApplicationCheckpointCompatibilityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-old-checkpoints-").FullName;

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Fixture(string name) =>
        Path.GetFullPath(Path.Combine(TrainingFixtures.Directory, "..", "checkpoints", name));

    private void AssertSavedAgainUnchanged(string fixture, Action<string> save)
    {
        string path = Path.Combine(_directory, Path.GetFileName(fixture));
        save(path);
        Assert.Equal(File.ReadAllBytes(fixture), File.ReadAllBytes(path));
    }

    [Fact]
    public void AnEncoderDecoderCheckpointLoadsWithItsConfig()
    {
        string fixture = Fixture("char_seq2seq.safetensors");
        var model = CharSeq2Seq.Load(fixture);
        Assert.Equal(new CharSeq2SeqConfig(7, 4, 3, 4), model.Config);
        Assert.Equal(SafeTensorsFile.Read(fixture).Metadata, model.Config.ToMetadata());
        AssertSavedAgainUnchanged(fixture, model.Save);
    }

    [Theory]
    [InlineData("ar_forecaster.safetensors", ForecastModelKind.Autoregressive, 0, 2, "calendar")]
    [InlineData("encoder_decoder_forecaster.safetensors", ForecastModelKind.EncoderDecoder, 1, 1, "target")]
    public void AForecasterCheckpointLoadsWithItsConfigAndDescription(
        string name,
        ForecastModelKind kind,
        int covariates,
        int layers,
        string describedKey
    )
    {
        string fixture = Fixture(name);
        var model = SeriesForecaster.Load(fixture);
        Assert.Equal(new SeriesForecasterConfig(kind, 6, 3, 2, covariates, 4, layers), model.Config);
        Assert.Contains(describedKey, model.Description.Keys);
        Assert.DoesNotContain("hidden_size", model.Description.Keys);
        Assert.Equal(SafeTensorsFile.Read(fixture).Metadata, model.ToMetadata());
        AssertSavedAgainUnchanged(fixture, model.Save);
    }

    [Theory]
    [InlineData("bidirectional_labeller.safetensors", SequenceLabellerKind.Bidirectional, 0.25f)]
    [InlineData("pointwise_labeller.safetensors", SequenceLabellerKind.Pointwise, 0f)]
    public void ALabellerCheckpointLoadsWithItsConfigAndDescription(
        string name,
        SequenceLabellerKind kind,
        float dropout
    )
    {
        string fixture = Fixture(name);
        var model = SequenceLabeller.Load(fixture);
        Assert.Equal(new SequenceLabellerConfig(kind, 3, 2, 2, dropout), model.Config);
        Assert.Equal("dry,rain", model.Description["labels"]);
        Assert.Equal(SafeTensorsFile.Read(fixture).Metadata, model.ToMetadata());
        AssertSavedAgainUnchanged(fixture, model.Save);
    }

    [Fact]
    public void EachConfigReadsBackWhatItWrites()
    {
        var seq2seq = new CharSeq2SeqConfig(9, 5, 8, 16);
        Assert.Equal(seq2seq, CharSeq2SeqConfig.FromMetadata(seq2seq.ToMetadata()));
        var forecaster = new SeriesForecasterConfig(ForecastModelKind.EncoderDecoder, 24, 12, 4, 3, 32, 2);
        Assert.Equal(forecaster, SeriesForecasterConfig.FromMetadata(forecaster.ToMetadata()));
        var labeller = new SequenceLabellerConfig(SequenceLabellerKind.Bidirectional, 4, 16, 5, 0.5f);
        Assert.Equal(labeller, SequenceLabellerConfig.FromMetadata(labeller.ToMetadata()));
    }

    [Fact]
    public void AConfigOfAnotherKindIsRefused()
    {
        var labeller = new SequenceLabellerConfig(SequenceLabellerKind.Pointwise, 4, 16, 5);
        var error = Assert.Throws<FormatException>(() =>
            SeriesForecasterConfig.FromMetadata(labeller.ToMetadata())
        );
        Assert.Contains(SequenceLabellerConfig.PointwiseModelKind, error.Message);
        Assert.Throws<ArgumentException>(() => new BidirectionalLabeller(labeller, new RandomGenerator(1)));
        Assert.Throws<ArgumentException>(() =>
            new PointwiseLabeller(labeller with { Dropout = 0.5f }, new RandomGenerator(1))
        );
        var autoregressive = new SeriesForecasterConfig(ForecastModelKind.Autoregressive, 6, 3, 0, 0, 4, 1);
        Assert.Throws<ArgumentException>(() =>
            SeriesForecaster.Create(autoregressive with { CovariateWidth = 2 }, new RandomGenerator(1))
        );
    }
}
