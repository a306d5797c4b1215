using Recurrent.IO;

namespace Recurrent.Tests.IO;

public class CheckpointMetadataTests
{
    private static readonly CheckpointMetadata Metadata = new(
        new Dictionary<string, string>
        {
            ["cell"] = "lstm",
            ["hidden_size"] = "128",
            ["num_layers"] = "0",
            ["dropout"] = "0.5",
            ["scale"] = "-2.5e-3",
            ["bidirectional"] = "True",
            ["infinite"] = "Infinity",
        },
        "sequence classifier"
    );

    [Fact]
    public void ReadsTextAndWholeNumbers()
    {
        Assert.Equal("lstm", Metadata.Text("cell"));
        Assert.Equal(128, Metadata.WholeNumber("hidden_size"));
        Assert.Equal(0, Metadata.WholeNumber("num_layers", minimum: 0));
    }

    [Fact]
    public void AMissingKeyNamesTheKeyAndTheModel()
    {
        var error = Assert.Throws<FormatException>(() => Metadata.Text("labels"));
        Assert.Equal(
            "the metadata key 'labels' is missing; this is not a sequence classifier checkpoint.",
            error.Message
        );
    }

    [Fact]
    public void AMalformedNumberNamesTheKeyTheValueAndWhatWasExpected()
    {
        Assert.Equal(
            "the metadata key 'num_layers' is '0', not a positive whole number.",
            Assert.Throws<FormatException>(() => Metadata.WholeNumber("num_layers")).Message
        );
        Assert.Equal(
            "the metadata key 'dropout' is '0.5', not a whole number of at least 0.",
            Assert.Throws<FormatException>(() => Metadata.WholeNumber("dropout", minimum: 0)).Message
        );
    }

    [Fact]
    public void AnOptionalKeyIsReadWhenThereAndTheGivenValueWhenNot()
    {
        Assert.Equal(0.5f, Metadata.Optional("dropout", Metadata.Probability, 0f));
        Assert.Equal(0.25f, Metadata.Optional("weight_drop", Metadata.Probability, 0.25f));
        Assert.False(Metadata.Optional("first_difference", Metadata.Flag, false));
        Assert.Equal(
            "the metadata key 'num_layers' is '0', not a positive whole number.",
            Assert.Throws<FormatException>(() => Metadata.Optional("num_layers", k => Metadata.WholeNumber(k), 1))
                .Message
        );
    }

    [Fact]
    public void ReadsRealNumbersProbabilitiesAndFlags()
    {
        Assert.Equal(-2.5e-3, Metadata.RealNumber("scale"));
        Assert.Equal(0.5f, Metadata.Probability("dropout"));
        Assert.True(Metadata.Flag("bidirectional"));
    }

    [Fact]
    public void AMalformedRealNumberProbabilityOrFlagNamesTheKeyAndTheValue()
    {
        Assert.Equal(
            "the metadata key 'infinite' is 'Infinity', not a number.",
            Assert.Throws<FormatException>(() => Metadata.RealNumber("infinite")).Message
        );
        Assert.Equal(
            "the metadata key 'hidden_size' is '128', not a probability in [0, 1).",
            Assert.Throws<FormatException>(() => Metadata.Probability("hidden_size")).Message
        );
        Assert.Equal(
            "the metadata key 'cell' is 'lstm', not true or false.",
            Assert.Throws<FormatException>(() => Metadata.Flag("cell")).Message
        );
    }
}
