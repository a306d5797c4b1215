using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Models.Drawing;

namespace Recurrent.Tests.Drawing;

public sealed class DrawingDatasetTests
{
    private static StrokeSequence Drawing(string label, string writer) =>
        StrokeSequence.FromStrokes([[(0f, 0f), (1f, 0f), (1f, 1f)]], label, writer)!;

    private static readonly DrawingDataset Digits = new(
        StrokeCorpus.UnipenDigits,
        [Drawing("1", "apb/w1"), Drawing("2", "apb/w2")],
        [Drawing("3", "apb/w3")],
        [Drawing("4", "val/w4")]
    );

    [Fact]
    public void OtherCharactersJoinTrainingExceptThoseOfTheHeldOutWriters()
    {
        StrokeSequence[] letters =
        [
            Drawing("A", "apb/w1"),
            Drawing("B", "apb/w3"), // a validation writer
            Drawing("C", "val/w4"), // a test writer
            Drawing("D", "syn/w5"),
            Drawing("a", "syn/w5"), // not a character of the upper-case letters
        ];

        var both = Digits.WithTrainingDrawings(StrokeCorpus.UnipenUpper, letters);

        Assert.Equal(["1", "2", "A", "D"], both.Train.Select(d => d.Label));
        Assert.Same(Digits.Validation, both.Validation);
        Assert.Same(Digits.Test, both.Test);
        Assert.Equal([StrokeCorpus.UnipenUpper], both.AlsoFrom);
        Assert.Equal("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", both.Labels);
        Assert.Equal("0123456789", Digits.Labels);
        Assert.Equal(2, Digits.Train.Count);
    }

    [Theory]
    [InlineData("unipen-digits", "unipen-digits")]
    [InlineData("unipen-digits", "hershey")]
    [InlineData("hershey", "unipen-digits")]
    [InlineData("unipen-digits", "unipen-upper,unipen-upper")]
    public void OnlyOtherUnipenDatasetsAddTrainingDrawings(string dataset, string alsoFrom)
    {
        var locator = new DatasetLocator(Path.GetTempPath(), Path.GetTempPath());
        var e = Assert.Throws<ArgumentException>(() =>
            DrawingDataset.Load(
                StrokeCorpus.Find(dataset),
                locator,
                0.02f,
                0.1,
                0.1,
                1,
                [.. alsoFrom.Split(',').Select(StrokeCorpus.Find)]
            )
        );
        Assert.Contains("UNIPEN", e.Message);
    }

    [SkippableFact]
    public void RealLettersLeaveTheDigitsHeldOutWritersAsTheyWere()
    {
        string digits = SharedData.File("unipen-chars", "unipen_digits.tsv.gz");
        var locator = new DatasetLocator(Path.GetDirectoryName(Path.GetDirectoryName(digits)), Path.GetTempPath());
        var alone = DrawingDataset.Load(StrokeCorpus.UnipenDigits, locator, 0.02f, 0.1, 0.1, 1);

        var more = DrawingDataset.Load(
            StrokeCorpus.UnipenDigits,
            locator,
            0.02f,
            0.1,
            0.1,
            1,
            [StrokeCorpus.UnipenUpper, StrokeCorpus.UnipenLower]
        );

        Assert.Equal(alone.Validation.Select(d => d.Writer), more.Validation.Select(d => d.Writer));
        Assert.Equal(alone.Test.Select(d => d.Writer), more.Test.Select(d => d.Writer));
        var heldOut = more.Validation.Concat(more.Test).Select(d => d.Writer).ToHashSet();
        Assert.DoesNotContain(more.Train, d => heldOut.Contains(d.Writer));
        Assert.InRange(more.Train.Count, 5 * alone.Train.Count, 7 * alone.Train.Count);
        Assert.Equal(62, more.Labels.Length);
    }
}
