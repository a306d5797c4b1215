using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class TsFileTests
{
    private const string Univariate = """
        # a comment
        @problemName Tiny
        @timeStamps false
        @missing true
        @univariate true
        @equalLength true
        @seriesLength 3
        @classLabel true up down
        @data
        1,2,3:up
        3,?,NaN:down

        """;

    private const string Multivariate = """
        @problemName Vowels
        @univariate false
        @dimensions 2
        @equalLength false
        @classLabel true a b c
        @data
        1,2,3:10,20,30:a
        4,5:40,50:b
        """;

    private static TimeSeriesDataset Parse(string text) => TsFile.Parse(text.Split('\n'), "tiny.ts");

    private static DataFormatException Fails(string text) => Assert.Throws<DataFormatException>(() => Parse(text));

    [Fact]
    public void ArffStyleCommentLinesAreSkipped()
    {
        var data = Parse(
            "% Chinatown-like header\n%\n@univariate true\n@classLabel true 1 2\n@data\n% late\n1,2:1\n3,4:2\n"
        );
        Assert.Equal(2, data.Count);
        Assert.Equal(7, data.SourceLine(0));
    }

    [Fact]
    public void ReadsUnivariateCasesWithMissingValues()
    {
        var data = Parse(Univariate);
        Assert.Equal(2, data.Count);
        Assert.Equal(1, data.Channels);
        Assert.Equal([1f, 2f, 3f], data.Series[0]);
        Assert.Equal(3f, data.Series[1][0]);
        Assert.True(float.IsNaN(data.Series[1][1]));
        Assert.True(float.IsNaN(data.Series[1][2]));
        Assert.Equal(["up", "down"], data.Labels);
        Assert.Equal(["up", "down"], data.DeclaredLabels!);
        Assert.Equal(11, data.SourceLine(1));
    }

    [Fact]
    public void ReadsMultivariateVariableLengthCasesAsStepsByChannels()
    {
        var data = Parse(Multivariate);
        Assert.Equal(2, data.Channels);
        Assert.Equal(3, data.Length(0));
        Assert.Equal(2, data.Length(1));
        Assert.Equal([1f, 10f, 2f, 20f, 3f, 30f], data.Series[0]);
        Assert.Equal([4f, 40f, 5f, 50f], data.Series[1]);
        Assert.Equal(2, data.MinLength);
        Assert.Equal(3, data.MaxLength);
    }

    [Fact]
    public void WithoutADimensionsHeaderTheFirstCaseSetsTheChannels()
    {
        var data = TsFile.Parse(["@data", "1,2:3,4:x", "5:6:y"], "plain.ts");
        Assert.Equal(2, data.Channels);
        Assert.Null(data.DeclaredLabels);
        var e = Assert.Throws<DataFormatException>(() => TsFile.Parse(["@data", "1,2:3,4:x", "5:y"], "plain.ts"));
        Assert.Equal(3, e.Line);
        Assert.Contains("first case has 2", e.Message);
    }

    [Fact]
    public void NonNumericValueNamesFileLineAndColumn()
    {
        var e = Fails(Univariate.Replace("1,2,3:up", "1,2x,3:up"));
        Assert.Equal("tiny.ts", e.FilePath);
        Assert.Equal(10, e.Line);
        Assert.Equal(3, e.Column);
        Assert.StartsWith("tiny.ts:10:3:", e.Message);
        Assert.Contains("'2x'", e.Message);
    }

    [Fact]
    public void WrongNumberOfDimensionsNamesTheLine()
    {
        var e = Fails(Multivariate.Replace("4,5:40,50:b", "4,5:40,50:7,8:b"));
        Assert.Equal(8, e.Line);
        Assert.Contains("3 dimension(s)", e.Message);
        Assert.Contains("header declares 2", e.Message);
    }

    [Fact]
    public void DimensionsOfDifferentLengthsAreRefused()
    {
        var e = Fails(Multivariate.Replace("4,5:40,50:b", "4,5:40:b"));
        Assert.Equal(8, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Contains("dimension 2 has 1 values", e.Message);
    }

    [Fact]
    public void LengthOtherThanTheDeclaredSeriesLengthIsRefused()
    {
        var e = Fails(Univariate.Replace("1,2,3:up", "1,2:up"));
        Assert.Equal(10, e.Line);
        Assert.Contains("@seriesLength 3", e.Message);
    }

    [Fact]
    public void UndeclaredLabelIsRefusedAtItsColumn()
    {
        var e = Fails(Univariate.Replace("1,2,3:up", "1,2,3:sideways"));
        Assert.Equal(10, e.Line);
        Assert.Equal(7, e.Column);
        Assert.Contains("'sideways'", e.Message);
    }

    [Theory]
    [InlineData("1,,3:up", 10, 3, "empty value")]
    [InlineData("1,2,3", 10, 1, "no ':'")]
    [InlineData("1,2,3:", 10, 7, "label")]
    [InlineData("(0,1),(1,2),(2,3):up", 10, 1, "timestamps")]
    public void MalformedCaseLinesAreRefused(string line, int lineNumber, int column, string words)
    {
        var e = Fails(Univariate.Replace("1,2,3:up", line));
        Assert.Equal(lineNumber, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void MalformedHeadersAreRefused()
    {
        Assert.Contains("after @data", Fails(Univariate + "@dimensions 2\n").Message);
        Assert.Contains("before @data", Fails("@problemName x\n1,2:a\n@data\n").Message);
        Assert.Contains("no '@data'", Fails("@problemName x\n").Message);
        Assert.Contains("no cases", Fails("@data\n\n").Message);
        Assert.Contains("timeStamps true", Fails("@timeStamps true\n@data\n").Message);
        Assert.Contains("regression", Fails("@targetLabel true\n@data\n").Message);
        Assert.Contains("true or false", Fails("@univariate maybe\n@data\n").Message);
        Assert.Contains("positive whole number", Fails("@dimensions -2\n@data\n").Message);
    }

    [Fact]
    public void LabelNotSeenInTrainingNamesTheFileAndLine()
    {
        var train = Parse(Univariate);
        var labels = LabelSet.FromTraining(train);
        var test = TsFile.Parse(["@data", "1,2,3:up", "1,2,3:left"], "test.ts");
        var e = Assert.Throws<InvalidDataException>(() => test.LabelIndices(labels));
        Assert.Contains("test.ts, line 3", e.Message);
        Assert.Contains("'left'", e.Message);
        Assert.Contains("up, down", e.Message);
        Assert.Equal([0, 1], train.LabelIndices(labels));
    }

    [Fact]
    public void SeriesWithTheWrongNumberOfChannelsForTheModelNamesFileAndLine()
    {
        var test = Parse(Multivariate);
        var e = Assert.Throws<InvalidDataException>(() => test.EnsureChannels(12));
        Assert.Contains("tiny.ts, line 7", e.Message);
        Assert.Contains("2 channel(s)", e.Message);
        Assert.Contains("expects 12", e.Message);
        test.EnsureChannels(2);
    }

    [Fact]
    public void LabelSetUsesTheDeclaredOrderOrFirstAppearanceAndRoundTrips()
    {
        Assert.Equal(["a", "b", "c"], LabelSet.FromTraining(Parse(Multivariate)).Labels);
        var seen = TsFile.Parse(["@data", "1:z", "2:y", "3:z"], "x.ts");
        var labels = LabelSet.FromTraining(seen);
        Assert.Equal(["z", "y"], labels.Labels);
        var parsed = LabelSet.Parse(labels.Serialize());
        Assert.Equal(labels.Labels, parsed.Labels);
        Assert.Equal(1, parsed.IndexOf("y"));
        Assert.Throws<KeyNotFoundException>(() => parsed.IndexOf("q"));
        Assert.Throws<FormatException>(() => LabelSet.Parse("[1, 2"));
        Assert.Throws<ArgumentException>(() => new LabelSet(["a", "a"]));
    }

    [Fact]
    public void MissingFileIsNamed() =>
        Assert.Contains(
            "nowhere.ts",
            Assert.Throws<FileNotFoundException>(() => TsFile.Read("/tmp/nowhere.ts")).Message
        );
}
