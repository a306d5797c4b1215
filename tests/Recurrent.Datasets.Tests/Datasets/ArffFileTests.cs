using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class ArffFileTests
{
    private static readonly string[] Univariate =
    [
        "% GunPoint, as the archive writes it",
        "@relation GunPoint",
        "@attribute att1 numeric",
        "@attribute att2 numeric",
        "@attribute att3 REAL",
        "@attribute target {1,2}",
        "",
        "@data",
        "-0.5,0.25,1.5,1",
        "0.1, 0.2 ,?,'2'\r",
        "3,?,?,2",
    ];

    // Two dimensions of three steps; the second case is two steps long, padded with '?' in both dimensions.
    private static readonly string[] Multivariate =
    [
        "@relation BasicMotions",
        "@attribute relationalAtt relational",
        "  @attribute t1 numeric",
        "  @attribute t2 numeric",
        "  @attribute t3 numeric",
        "@end relationalAtt",
        "@attribute activity {Standing,Running,'Badminton play'}",
        "@data",
        "'1,2,3\\n4,5,6',Standing",
        "\"7,8,?\\n9,?,?\",'Badminton play'",
    ];

    private static TimeSeriesDataset Parse(string[] lines) => ArffFile.Parse(lines, "X_TRAIN.arff");

    private static DataFormatException Fails(params string[] lines) =>
        Assert.Throws<DataFormatException>(() => Parse(lines));

    [Fact]
    public void ReadsAUnivariateFileWithMissingValuesAndItsPadding()
    {
        var data = Parse(Univariate);
        Assert.Equal(3, data.Count);
        Assert.Equal(1, data.Channels);
        Assert.Equal([-0.5f, 0.25f, 1.5f], data.Series[0]);
        Assert.Equal([0.1f, 0.2f], data.Series[1]);
        Assert.Equal([3f], data.Series[2]);
        Assert.Equal(["1", "2", "2"], data.Labels);
        Assert.Equal(10, data.SourceLine(1));
    }

    [Fact]
    public void ReadsAMultivariateFileStepByStep()
    {
        var data = Parse(Multivariate);
        Assert.Equal(2, data.Channels);
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], data.Series[0]);
        Assert.Equal(2, data.Length(1));
        Assert.Equal(7f, data.Series[1][0]);
        Assert.Equal(9f, data.Series[1][1]);
        Assert.True(float.IsNaN(data.Series[1][3]));
        Assert.Equal(["Standing", "Badminton play"], data.Labels);
    }

    [Fact]
    public void ClassificationFileTellsArffFromTsAndTheArchivesText()
    {
        var arff = ClassificationFile.Parse(["% a comment", "", .. Univariate], "X_TRAIN.arff");
        Assert.Equal(3, arff.Count);
        var ts = ClassificationFile.Parse(
            ["% a comment", "@problemName x", "@univariate true", "@classLabel true a b", "@data", "1,2:a", "3,4:b"],
            "X_TRAIN.ts"
        );
        Assert.Equal(["a", "b"], ts.Labels);
        var tsv = ClassificationFile.Parse(["1\t0.5\t0.6"], "X_TRAIN.tsv");
        Assert.Equal([0.5f, 0.6f], tsv.Series[0]);
    }

    [Fact]
    public void ProblemsNameTheFileLineAndColumn()
    {
        var notANumber = Fails([.. Univariate[..8], "1,x2,3,1"]);
        Assert.Equal("X_TRAIN.arff", notANumber.FilePath);
        Assert.Equal((9, 3), (notANumber.Line, notANumber.Column));
        Assert.Contains("'x2' is not a number", notANumber.Message);

        var tooFew = Fails([.. Univariate[..8], "1,2,1"]);
        Assert.Contains("3 values with its class, but the header declares 3 numeric attributes", tooFew.Message);

        var unknownClass = Fails([.. Univariate[..8], "1,2,3,7"]);
        Assert.Equal((9, 7), (unknownClass.Line, unknownClass.Column));
        Assert.Contains("the class '7' is not among those the attribute 'target' declares", unknownClass.Message);
        Assert.Contains("({1,2})", unknownClass.Message);

        var numericClass = Fails("@relation r", "@attribute a numeric", "@attribute b numeric", "@data", "1,2");
        Assert.Equal(3, numericClass.Line);
        Assert.Contains("the last attribute, 'b', is the class and must be nominal", numericClass.Message);

        var stringAttribute = Fails("@relation r", "@attribute a string", "@attribute c {x}", "@data");
        Assert.Equal((2, 14), (stringAttribute.Line, stringAttribute.Column));
        Assert.Contains("of type 'string'", stringAttribute.Message);

        var ragged = Fails([.. Multivariate[..8], "'1,2,3\\n4,5',Standing"]);
        Assert.Contains("dimension 2 has 2 values but dimension 1 has 3", ragged.Message);

        var unquoted = Fails([.. Multivariate[..8], "1,2,3,Standing"]);
        Assert.Contains("must be quoted", unquoted.Message);

        var sparse = Fails([.. Univariate[..8], "{0 1, 3 2}"]);
        Assert.Contains("sparse ARFF data", sparse.Message);

        var noData = Fails(Univariate[..6]);
        Assert.Contains("no '@data' line", noData.Message);

        var allMissing = Fails([.. Univariate[..8], "?,?,?,1"]);
        Assert.Contains("every value of the case is missing", allMissing.Message);
    }
}
