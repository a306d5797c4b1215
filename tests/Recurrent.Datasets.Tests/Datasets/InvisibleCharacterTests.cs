using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class InvisibleCharacterTests
{
    private static DataFormatException Fails(string text, TimeSeriesCsvOptions options) =>
        Assert.Throws<DataFormatException>(() => TimeSeriesCsv.Parse(text, "s.csv", options));

    [Fact]
    public void AColumnNameWithAStrayCarriageReturnShowsIt()
    {
        var e = Fails("Month;Sales\n2020-01;1\n", new() { TimeColumn = "Month", ValueColumns = ["Sales\r"] });
        Assert.Contains(@"no column 'Sales\r' (value column); the columns are: Month, Sales.", e.Message);
        Assert.Contains("'Sales' differs from it only in invisible characters or spaces", e.Message);
    }

    [Fact]
    public void TabsByteOrderMarksAndNonBreakingSpacesAreShown()
    {
        Assert.Contains(@"no column '\tSales' ", Fails("a,Sales\n1,2\n", new() { ValueColumns = ["\tSales"] }).Message);
        var bom = Fails("a,\uFEFFSales\n1,2\n", new() { ValueColumns = ["Sales"] });
        Assert.Contains(@"the columns are: a, \uFEFFSales.", bom.Message);
        Assert.Contains(@"'\uFEFFSales' differs from it only", bom.Message);
        // Thousands grouped by no-break spaces are read (1\u00A0234,5); these are no groups of three.
        var space = Fails("a;Sales\n1;12\u00A034,5\n", new() { ValueColumns = ["Sales"] });
        Assert.Contains(@"'12\u00A034,5' in column 'Sales' is not a number", space.Message);
        Assert.Contains(
            @"'2020-01\u200B' in column 'd' is not a date",
            Fails("d,v\n2020-01\u200B,1\n", new() { TimeColumn = "d", ValueColumns = ["v"] }).Message
        );
    }
}
