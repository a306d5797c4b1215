using Recurrent.Datasets;
using System.IO.Compression;
using System.Text;

namespace Recurrent.Tests.Datasets;

public sealed class TimeSeriesCsvFormatTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-csv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly TimeSeriesCsvOptions Sales = new() { TimeColumn = "Month", ValueColumns = ["Sales"] };

    private static TimeSeriesTable Parse(string text, TimeSeriesCsvOptions options) =>
        TimeSeriesCsv.Parse(text, "f.csv", options);

    private static DataFormatException Fails(string text, TimeSeriesCsvOptions options) =>
        Assert.Throws<DataFormatException>(() => Parse(text, options));

    [Fact]
    public void CrlfAndLoneCarriageReturnsEndLines()
    {
        Assert.Equal([1f, 2f], Parse("Month,Sales\r\n2020-01,1\r\n2020-02,2\r\n", Sales).Values);
        Assert.Equal([1f, 2f], Parse("Month,Sales\r2020-01,1\r2020-02,2\r", Sales).Values);
        var e = Fails("Month,Sales\r\n2020-01,1\r\n\r\n2020-02,x\r\n", Sales);
        Assert.Equal((4, 9), (e.Line, e.Column));
    }

    [Fact]
    public void QuotedFieldsMayHoldSeparatorsAndDoubledQuotes()
    {
        var table = Parse(
            "\"Month\",\"Sales\",\"Note\"\n\"2020-01\",\"1\",\"a, \"\"b\"\"\"\n2020-02, \"2\" ,\"\"\n",
            Sales with
            {
                LabelColumn = "Note",
            }
        );
        Assert.Equal([1f, 2f], table.Values);
        Assert.Equal(["a, \"b\"", ""], table.Labels!);
    }

    [Fact]
    public void QuotedFieldsMaySpanLinesAndErrorsNameThePhysicalLine()
    {
        const string text =
            "Month,Note,Sales\n2020-01,\"first line\r\nsecond line\",1\n2020-02,\"one\ntwo\nthree\",x\n";
        var e = Fails(text, Sales with { LabelColumn = "Note" });
        Assert.Equal((6, 8), (e.Line, e.Column));
        Assert.StartsWith("f.csv:6:8: 'x' in column 'Sales'", e.Message);
        var table = Parse(text.Replace(",x", ",2"), Sales with { LabelColumn = "Note" });
        Assert.Equal(["first line\r\nsecond line", "one\ntwo\nthree"], table.Labels!);

        var gap = Fails("Month,Note,Sales\n2020-01,\"a\nb\",1\n2020-03,\"c\nd\",2\n2020-04,e,3\n", Sales);
        Assert.Equal(4, gap.Line);
        Assert.Contains("2020-01-01 is followed by 2020-03-01", gap.Message);
    }

    [Fact]
    public void BrokenQuotingIsRefusedWhereItIs()
    {
        var open = Fails("Month,Sales,Note\n2020-01,1,a\n2020-02,2,\"b\n2020-03,3,c\n", Sales);
        Assert.Equal((3, 11), (open.Line, open.Column));
        Assert.Contains("not closed", open.Message);
        var after = Fails("Month,Sales,Note\n2020-01,1,\"a\"b\n", Sales);
        Assert.Equal((2, 14), (after.Line, after.Column));
        Assert.Contains("text after a closing quote", after.Message);
        var inside = Fails("Month,Sales,Note\n2020-01,1,5\" pipe\n", Sales);
        Assert.Equal((2, 12), (inside.Line, inside.Column));
        Assert.Contains("quote the whole field", inside.Message);
    }

    [Fact]
    public void AByteOrderMarkIsNotPartOfTheFirstColumnName()
    {
        Assert.Equal([1f], Parse("\uFEFFMonth,Sales\n2020-01,1\n", Sales).Values);
        string path = Path.Combine(_directory, "bom.csv");
        File.WriteAllText(
            path,
            "Month,Sales\n2020-01,1\n2020-02,2\n",
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)
        );
        Assert.Equal(3, File.ReadAllBytes(path).TakeWhile(b => b > 0x7F).Count());
        Assert.Equal([1f, 2f], TimeSeriesCsv.Read(path, Sales).Values);
    }

    [Fact]
    public void FilesAreReadInTheEncodingsSpreadsheetsSaveThemIn()
    {
        const string text = "Monat;Umsatz (€)\r\n2020-01;1,5\r\n2020-02;2\r\n";
        var euros = new TimeSeriesCsvOptions { TimeColumn = "Monat", ValueColumns = ["Umsatz (€)"] };
        string Write(string name, byte[] bytes)
        {
            string path = Path.Combine(_directory, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }
        // Excel's plain CSV on a Western Windows: Windows-1252, where the euro sign is the byte 0x80.
        byte[] windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text);
        Assert.Contains((byte)0x80, windows1252);
        // Excel's "Unicode text": UTF-16 with its byte-order mark.
        byte[] utf16 = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)];
        foreach (var bytes in new[] { Encoding.UTF8.GetBytes(text), windows1252, utf16 })
            Assert.Equal([1.5f, 2f], TimeSeriesCsv.Read(Write("sales.csv", bytes), euros).Values);
        string labels = Write("train.csv", CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(
            "t1,t2,label\n1,2,Müller\n3,4,Jäger\n"));
        Assert.Equal(["Müller", "Jäger"], ClassificationFile.Read(labels).Labels);
    }

    [Fact]
    public void CompressedFilesAreReadAndWorkbooksAreRefusedWithAdvice()
    {
        byte[] csv = Encoding.UTF8.GetBytes("Month,Sales\n2020-01,1\n2020-02,2\n");
        string Write(string name, byte[] bytes)
        {
            string path = Path.Combine(_directory, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }
        byte[] Zipped(params string[] names)
        {
            using var buffer = new MemoryStream();
            using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create))
                foreach (string name in names)
                {
                    using var entry = archive.CreateEntry(name).Open();
                    entry.Write(csv);
                }
            return buffer.ToArray();
        }
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest))
            gzip.Write(csv);

        Assert.Equal([1f, 2f], TimeSeriesCsv.Read(Write("sales.csv.gz", gzipped.ToArray()), Sales).Values);
        Assert.Equal([1f, 2f], TimeSeriesCsv.Read(Write("sales.zip", Zipped("sales.csv")), Sales).Values);
        string Refused(string name, byte[] bytes) =>
            Assert.Throws<DataFormatException>(() => TimeSeriesCsv.Read(Write(name, bytes), Sales)).Message;
        Assert.EndsWith(
            "sales.xlsx:1:1: the file is an Excel workbook (.xlsx), not text; save it as CSV (in Excel: File > Save "
                + "As > CSV UTF-8).",
            Refused("sales.xlsx", Zipped("[Content_Types].xml", "xl/workbook.xml"))
        );
        Assert.Contains("a zip archive of 2 files", Refused("two.zip", Zipped("a.csv", "b.csv")));
        byte[] compound = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        Assert.Contains("Excel 97-2003 workbook (.xls)", Refused("old.xls", compound));
        Assert.Contains("a Parquet file", Refused("sales.parquet", "PAR1...."u8.ToArray()));
    }

    [Fact]
    public void SemicolonsAreToldFromTheHeaderAndNumbersMayHaveADecimalComma()
    {
        var table = Parse(
            "Month;Sales;Cost\n2020-01;1,5;2\n2020-02;2.25;-3,5e1\n",
            Sales with
            {
                ValueColumns = ["Sales", "Cost"],
            }
        );
        Assert.Equal([1.5f, 2f, 2.25f, -35f], table.Values);
        Assert.Contains(
            "'1,234.5' in column 'Sales' is not a number",
            Fails("Month;Sales\n2020-01;1,234.5\n", Sales).Message
        );
        Assert.Contains(
            "'1.23,4' in column 'Sales' is not a number",
            Fails("Month;Sales\n2020-01;1.23,4\n", Sales).Message
        );
        Assert.Contains(
            "'1,5' in column 'Sales' is not a number",
            Fails("Month,Sales\n2020-01,\"1,5\"\n", Sales).Message
        );
    }

    [Fact]
    public void ThousandsGroupedAsSpreadsheetsGroupThemAreRead()
    {
        // Quoted in a comma-separated file, and with a decimal comma where ';' separates the fields.
        var commas = Parse("Month,Sales\n2020-01,\"1,234\"\n2020-02,\"-1,234,567.25\"\n2020-03,1234.5\n", Sales);
        Assert.Equal([1234f, -1234567.25f, 1234.5f], commas.Values);
        var points = Parse("Month;Sales\n2020-01;1.234,5\n2020-02;1.234.567\n2020-03;1.234\n", Sales);
        Assert.Equal([1234.5f, 1234567f, 1.234f], points.Values);
        Assert.Contains(
            "'1,23' in column 'Sales' is not a number",
            Fails("Month,Sales\n2020-01,\"1,23\"\n", Sales).Message
        );
        // Spaces (and no-break spaces) in groups of three, as French spreadsheets write them.
        var spaces = Parse(
            "Month;Sales\n2020-01;1 234,5\n2020-02;1\u00A0234\u00A0567\n2020-03;-12\u202F345\n",
            Sales
        );
        Assert.Equal([1234.5f, 1234567f, -12345f], spaces.Values);
        var notGroups = Fails("Month;Sales\n2020-01;12 34\n", Sales);
        Assert.Contains("'12 34' in column 'Sales' is not a number", notGroups.Message);
    }

    [Fact]
    public void AThousandsCommaLeftUnquotedIsNamedInTheError()
    {
        var e = Fails("Month,Sales\n2020-01,999\n2020-02,1,234.5\n", Sales);
        Assert.Equal(3, e.Line);
        Assert.EndsWith(
            "'1,234.5' looks like a number with a thousands comma: quote it (\"1,234.5\") or write it without the "
                + "comma.",
            e.Message
        );
        Assert.DoesNotContain("thousands", Fails("Month,Sales\n2020-01,1\n2020-02,1,x\n", Sales).Message);
        var table = Assert.Throws<DataFormatException>(() =>
            ClassificationFile.Parse(["t1,t2,label", "1,2,up", "$1,500,7,down"], "train.csv")
        );
        Assert.Contains("'$1,500' looks like a number with a thousands comma", table.Message);
    }

    [Fact]
    public void AnAmountsCurrencySignIsNotPartOfItsNumber()
    {
        var dollars = Parse("Month,Sales\n2020-01,$12.50\n2020-02,\"$1,234.00\"\n2020-03,-$3\n", Sales);
        Assert.Equal([12.5f, 1234f, -3f], dollars.Values);
        var euros = Parse("Month;Sales\n2020-01;1.234,50 €\n2020-02;€ 5\n2020-03;7£\n", Sales);
        Assert.Equal([1234.5f, 5f, 7f], euros.Values);
        Assert.Contains("'$' in column 'Sales' is not a number", Fails("Month,Sales\n2020-01,$\n", Sales).Message);
    }

    [Fact]
    public void PercentagesAndNegativesAsAccountsWriteThemAreRead()
    {
        var rates = Parse("Month,Sales\n2020-01,5.2%\n2020-02,-0.5 %\n2020-03,\"(1,234.50)\"\n", Sales);
        Assert.Equal([5.2f, -0.5f, -1234.5f], rates.Values);
        var exported = Parse(
            "Month;Sales\n2020-01;1.234,50-\n2020-02;\u22125\n2020-03;(€ 3)\n2020-04;4,5 %\n",
            Sales
        );
        Assert.Equal([-1234.5f, -5f, -3f, 4.5f], exported.Values);
        Assert.Contains("'%' in column 'Sales' is not a number", Fails("Month,Sales\n2020-01,%\n", Sales).Message);
        Assert.Contains("'-' in column 'Sales' is not a number", Fails("Month,Sales\n2020-01,-\n", Sales).Message);
    }

    [Fact]
    public void TabsAreToldFromTheHeader()
    {
        var table = Parse(
            "Month\tSales\tNote\n2020-01\t1\ta, b; c\n2020-02\t2\t\n",
            Sales with
            {
                LabelColumn = "Note",
            }
        );
        Assert.Equal([1f, 2f], table.Values);
        Assert.Equal(["a, b; c", ""], table.Labels!);
    }

    [Fact]
    public void TheSeparatorSplittingTheHeaderMostConsistentlyWithTheNextLinesIsChosen()
    {
        Assert.Equal(';', CsvSeparator.Detect("\"Month,Year\";Sales\n2020-01;1,5\n"));
        Assert.Equal(',', CsvSeparator.Detect("a;b,c;d,e\n1;2,3;4,5\n1,2,3\n"));
        Assert.Equal(';', CsvSeparator.Detect("a;b,c;d,e\n1;2,3;4\n1;2;3\n"));
        Assert.Equal('\t', CsvSeparator.Detect("\n\na\tb,c\n1\t2\n"));
        Assert.Equal(',', CsvSeparator.Detect("Sales\n1\n"));
        Assert.Equal(',', CsvSeparator.Detect(""));
    }

    [Fact]
    public void AnExplicitSeparatorIsUsedAndAWrongOneIsExplained()
    {
        Assert.Equal([1f, 2f], Parse("Month|Sales\n2020-01|1\n2020-02|2\n", Sales with { Separator = '|' }).Values);
        Assert.Equal([2f, 4f], Parse("t,v;w\n0,1;2\n1,3;4\n", new() { ValueColumns = ["w"], Separator = ';' }).Values);
        var e = Fails("Month;Sales\n2020-01;1\n", Sales with { Separator = ',' });
        Assert.Contains("no column 'Sales' (value column); the columns are: Month;Sales.", e.Message);
        Assert.Contains("is the separator ';'?", e.Message);
        Assert.Throws<ArgumentException>(() => Parse("a\n1\n", Sales with { Separator = '"' }));
        Assert.Equal('\t', CsvSeparator.Parse("tab"));
        Assert.Equal('\t', CsvSeparator.Parse(@"\t"));
        Assert.Equal(';', CsvSeparator.Parse(";"));
        Assert.Contains("',', ';' or 'tab'", Assert.Throws<ArgumentException>(() => CsvSeparator.Parse("|")).Message);
    }

    [Fact]
    public void ThousandsOfColumnsAreRead()
    {
        const int columns = 2500;
        var text = new StringBuilder("t," + string.Join(",", Enumerable.Range(0, columns).Select(c => $"c{c}")) + "\n");
        for (int r = 0; r < 3; r++)
        {
            text.Append(r).Append(',').AppendJoin(",", Enumerable.Range(0, columns).Select(c => c + r * 10000));
            text.Append('\n');
        }
        var table = Parse(text.ToString(), new() { TimeColumn = "t", ValueColumns = ["c2400", "c7"] });
        Assert.Equal([2400f, 7f, 12400f, 10007f, 22400f, 20007f], table.Values);
        var e = Fails(text.ToString(), new() { TimeColumn = "t", ValueColumns = ["c9999"] });
        Assert.Contains("c28, ... (2501 in all)", e.Message);
        var bad = Fails(
            text.ToString().Replace(",22499\n", ",x\n"),
            new() { TimeColumn = "t", ValueColumns = ["c2499"] }
        );
        Assert.Equal(4, bad.Line);
        Assert.Equal(text.ToString().Split('\n')[3].IndexOf(",22499", StringComparison.Ordinal) + 2, bad.Column);
    }

    [Fact]
    public void MissingCellsFollowThePolicyAndAreNamedWhereTheyAre()
    {
        const string text = "Month;Sales;Cost\n2020-01;1,0;1\n2020-02;;2\n2020-03;NaN;3\n2020-04;4,0;4\n";
        var e = Fails(text, Sales);
        Assert.Equal((3, 9), (e.Line, e.Column));
        Assert.Contains("'Sales' has 2 missing value(s)", e.Message);
        Assert.Equal([1f, 2f, 3f, 4f], Parse(text, Sales with { Missing = MissingValuePolicy.Interpolate }).Values);
        Assert.Equal([1f, 1f, 1f, 4f], Parse(text, Sales with { Missing = MissingValuePolicy.ForwardFill }).Values);
        var masked = Parse(text, Sales with { Missing = MissingValuePolicy.Mask });
        Assert.Equal([true, false, false, true], masked.Observed!);
        Assert.True(float.IsNaN(masked.Values[2]));
        var none = Fails("t\tx\n0\t\n1\tNA\n", new() { ValueColumns = ["x"], Missing = MissingValuePolicy.Mask });
        Assert.Equal((2, 3), (none.Line, none.Column));
    }

    [Fact]
    public void FredsDotAndASpreadsheetsHashNaAreMissing()
    {
        // FRED's CSV files write '.' where an observation is missing; spreadsheets write #N/A for a failed lookup.
        const string text = "DATE,Sales\n2020-01-01,1\n2020-02-01,.\n2020-03-01,#N/A\n2020-04-01,4\n";
        var options = new TimeSeriesCsvOptions { TimeColumn = "DATE", ValueColumns = ["Sales"] };
        var e = Fails(text, options);
        Assert.Equal((3, 12), (e.Line, e.Column));
        Assert.Contains("'Sales' has 2 missing value(s)", e.Message);
        Assert.Equal([1f, 2f, 3f, 4f], Parse(text, options with { Missing = MissingValuePolicy.Interpolate }).Values);
        Assert.Contains("'.', '#N/A'", Fails("Month,Sales\n2020-01,1\n2020-02,x\n", Sales).Message);
    }

    [Fact]
    public void ExcelsSeparatorLineNamesTheSeparatorAndKeepsTheLineNumbers()
    {
        const string text = "sep=;\r\nMonth;Sales\r\n2020-01;1,5\r\n2020-02;2\r\n";
        var table = Parse(text, Sales);
        Assert.Equal([1.5f, 2f], table.Values);
        var e = Fails(text + "2020-03;x\r\n", Sales);
        Assert.Equal((5, 9), (e.Line, e.Column));
        // Saved again, the line gains a separator per empty field; a named separator still wins.
        Assert.Equal([1.5f, 2f], Parse("SEP=;;\nMonth;Sales\n2020-01;1,5\n2020-02;2\n", Sales).Values);
        var tabs = Sales with { Separator = '\t' };
        Assert.Equal([1f, 2f], Parse("sep=,\nMonth\tSales\n2020-01\t1\n2020-02\t2\n", tabs).Values);
        // A first line that only starts like one is no separator line: here a line above the header.
        var like = Parse("sep=;x\nMonth;Sales\n2020-01;1\n", Sales);
        Assert.Equal(2, like.HeaderLine);
        Assert.Equal([1f], like.Values);
        Assert.Contains("no column 'Sales'", Fails("sep=;x\nMonth;Revenue\n2020-01;1\n", Sales).Message);
    }

    [Fact]
    public void AFileListingTheNewestRowFirstIsReadFromItsLastRowUp()
    {
        var table = Parse("Month,Sales\n2020-03,3\n2020-02,2\n2020-01,1\n", Sales);
        Assert.True(table.NewestFirst);
        Assert.Equal([1f, 2f, 3f], table.Values);
        Assert.Equal([new(2020, 1, 1), new(2020, 2, 1), new(2020, 3, 1)], table.Times!);
        Assert.Equal("1 month", table.Step);
        Assert.False(Parse("Month,Sales\n2020-01,1\n2020-02,2\n", Sales).NewestFirst);

        var index = Parse("t,x\n12,1\n11,2\n10,3\n", new() { TimeColumn = "t", ValueColumns = ["x"] });
        Assert.Equal([10L, 11L, 12L], index.Index!);
        Assert.Equal([3f, 2f, 1f], index.Values);

        // A gap is still a gap, named at its line in the file.
        var gap = Fails("Month,Sales\n2020-04,4\n2020-02,2\n2020-01,1\n", Sales);
        Assert.Equal((2, 1), (gap.Line, gap.Column));
        Assert.Contains("2020-02-01 is followed by 2020-04-01", gap.Message);
    }

    [Fact]
    public void RowsOutOfTimeOrderAreReadSortedUnlessATimeRepeats()
    {
        // Blocks of months in the wrong order, as some exports write them.
        var mixed = Parse("Month,Sales\n2020-03,3\n2020-04,4\n2020-01,1\n2020-02,2\n", Sales);
        Assert.True(mixed.SortedByTime);
        Assert.False(mixed.NewestFirst);
        Assert.Equal([1f, 2f, 3f, 4f], mixed.Values);
        Assert.Equal("1 month", mixed.Step);
        Assert.False(Parse("Month,Sales\n2020-01,1\n2020-02,2\n", Sales).SortedByTime);
        Assert.False(Parse("Month,Sales\n2020-02,2\n2020-01,1\n", Sales).SortedByTime);
        // A gap after sorting is named at its line in the file.
        var gap = Fails("Month,Sales\n2020-05,5\n2020-01,1\n2020-02,2\n", Sales);
        Assert.Equal((2, 1), (gap.Line, gap.Column));
        // A repeated time (another series' row, say) is refused where it stands, as before.
        var repeat = Fails("Month,Sales\n2020-02,2\n2020-01,1\n2020-02,3\n", Sales);
        Assert.Equal(3, repeat.Line);
        Assert.Contains("the time 2020-01-01 does not come after the previous row's 2020-02-01", repeat.Message);
    }

    [Fact]
    public void TradingDaysStepByWeekdaysAndAHolidayIsAGapWithAdviceToReadTheRowsAsSteps()
    {
        // Three weeks of weekdays from Wednesday 1 January 2020, New Year's Day itself left out as a market does.
        var weekdays = Enumerable
            .Range(1, 21)
            .Select(d => new DateTime(2020, 1, 1).AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .ToArray();
        string Text(IEnumerable<DateTime> days) =>
            "Date,Close\n" + string.Concat(days.Select((d, i) => $"{d:yyyy-MM-dd},{100 + i}\n"));
        var close = new TimeSeriesCsvOptions
        {
            TimeColumn = "Date",
            ValueColumns = ["Close"],
            OptionNames = new() { TimeColumn = "--time-column", FillGaps = "--fill-gaps" },
        };
        var table = Parse(Text(weekdays), close);
        Assert.Equal("1 weekday", table.Step);
        Assert.Equal(weekdays, table.Times);

        // Monday 20 January (Martin Luther King Day) missing: a gap, with the advice for a market's holidays.
        var holiday = weekdays.Where(d => d != new DateTime(2020, 1, 20)).ToArray();
        var e = Fails(Text(holiday), close);
        Assert.Contains("2020-01-17 is followed by 2020-01-21, but the series steps by 1 weekday", e.Message);
        Assert.Contains("(--fill-gaps)", e.Message);
        Assert.Contains("most likely holidays (a market closed)", e.Message);
        Assert.Contains("read the file without --time-column", e.Message);
        Assert.Equal(holiday.Length, Parse(Text(holiday), close with { TimeColumn = null }).Rows);
        // Filled, the holiday is the one step inserted; the weekends are not steps.
        var filled = Parse(Text(holiday), close with { FillGaps = true, Missing = MissingValuePolicy.Mask });
        Assert.Equal(1, filled.StepsInserted);
        Assert.Equal(weekdays, filled.Times);
        // A gap in dates of every day of the week gets no such advice.
        var everyDay = Fails("Date,v\n2020-01-04,1\n2020-01-05,2\n2020-01-07,3\n", close with { ValueColumns = ["v"] });
        Assert.DoesNotContain("weekdays", everyDay.Message);
    }

    [Fact]
    public void LinesAboveTheHeaderAreSkippedWhenALaterLineNamesTheColumns()
    {
        const string text = "\"Title\",\"Retail sales\"\n\"Unit\",\"Index\"\n\nMonth,Sales\n2020-01,1\n2020-02,2\n";
        var table = Parse(text, Sales);
        Assert.Equal([1f, 2f], table.Values);
        Assert.Equal(4, table.HeaderLine);
        Assert.Equal(1, Parse("Month,Sales\n2020-01,1\n", Sales).HeaderLine);
        // When no line names them, the first line is the header, and the message lists its columns.
        var missing = Fails(text, Sales with { ValueColumns = ["Revenue"] });
        Assert.Equal(1, missing.Line);
        Assert.Contains("no column 'Revenue' (value column); the columns are: Title, Retail sales.", missing.Message);
    }

    [Fact]
    public void ATitleAboveTheTableIsSkippedWhenTheColumnsAreListed()
    {
        // As Google Trends writes its download: a category, a blank line, then the table.
        const string trends = "Category: All categories\n\nMonth,bitcoin: (Worldwide)\n2010-01,50\n2010-02,<1\n";
        Assert.Equal(["Month", "bitcoin: (Worldwide)"], TimeSeriesCsv.ParseColumnNames(trends, "t.csv"));
        Assert.Equal(["Month,Sales"], TimeSeriesCsv.ParseColumnNames("\"Month,Sales\"\n2020-01,1,2\n", "q.csv"));
        var options = new TimeSeriesCsvOptions { TimeColumn = "Month", ValueColumns = ["bitcoin: (Worldwide)"] };
        // Its values under 1 are written '<1', a bound: refused with advice, or read as missing when asked.
        var bound = Fails(trends, options);
        Assert.Equal((5, 9), (bound.Line, bound.Column));
        Assert.Contains(
            "'<1' is a bound, not a value (below 1): write in the file the number to use for it (0 or half of 1, "
                + "say), or read it as a missing value to fill (TimeSeriesCsvOptions.MissingTokens '<1').",
            bound.Message
        );
        Assert.DoesNotContain("bound", Fails("Month,v\n2020-01,<a\n", options with { ValueColumns = ["v"] }).Message);
        var read = Parse(trends, options with { MissingTokens = ["<1"], Missing = MissingValuePolicy.Mask });
        Assert.Equal([true, false], read.Observed!);
        Assert.Equal(3, read.HeaderLine);
    }

    [Fact]
    public void LinesBelowTheTableAreSkippedWhereTheyHoldNoNumber()
    {
        const string table = "Month,Sales\n2020-01,1\n2020-02,2\n";
        var footed = Parse(table + ",\n\"Source: company accounts, 2021\"\nNote: in thousands, adjusted\n", Sales);
        Assert.Equal([1f, 2f], footed.Values);
        Assert.Equal(3, footed.LinesBelowSkipped);
        Assert.Equal(0, Parse(table, Sales).LinesBelowSkipped);
        // A missing value is a row's, also at the end of rows read as steps.
        var steps = Parse("Sales\n1\n2\nNA\n", Sales with { TimeColumn = null, Missing = MissingValuePolicy.Mask });
        Assert.Equal((3, 0), (steps.Rows, steps.LinesBelowSkipped));
        // A total holds a number: refused at its line, with advice.
        var total = Fails(table + "Total,3\n", Sales);
        Assert.Equal(4, total.Line);
        Assert.Contains("If the line is a total below the table, delete it", total.Message);
        // Between rows such lines are what they were: a row with a missing time, a line of too few fields.
        var empty = Fails("Month,Sales\n2020-01,1\n,\n2020-03,3\n", Sales);
        Assert.Contains("'' in column 'Month' is not a date", empty.Message);
        var between = Fails("Month,Sales\n2020-01,1\nNote\n2020-02,2\n", Sales);
        Assert.Equal(3, between.Line);
        Assert.Contains("1 fields, but the header has 2 columns", between.Message);
    }

    [Fact]
    public void GapsAreFilledWithMissingValuesWhenAsked()
    {
        const string text = "Month,Sales\n2020-01,1\n2020-02,2\n2020-05,5\n2020-06,6\n";
        var gap = Fails(text, Sales);
        Assert.Equal(4, gap.Line);
        Assert.Contains("rows are missing. Insert the missing steps as missing values to fill or mask "
            + "(TimeSeriesCsvOptions.FillGaps)", gap.Message);
        var filled = Parse(text, Sales with { FillGaps = true, Missing = MissingValuePolicy.Interpolate });
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], filled.Values);
        Assert.Equal(2, filled.StepsInserted);
        Assert.Equal("1 month", filled.Step);
        Assert.Equal(new DateTime(2020, 3, 1), filled.Times![2]);
        var masked = Parse(text, Sales with { FillGaps = true, Missing = MissingValuePolicy.Mask });
        Assert.Equal([true, true, false, false, true, true], masked.Observed!);
        var index = Parse("t,Sales\n10,1\n20,2\n50,5\n", Sales with
        {
            TimeColumn = "t",
            FillGaps = true,
            Missing = MissingValuePolicy.ForwardFill
        });
        Assert.Equal([10L, 20L, 30L, 40L, 50L], index.Index!);
        Assert.Equal([1f, 2f, 2f, 2f, 5f], index.Values);
        Assert.Equal(0, Parse("Month,Sales\n2020-01,1\n2020-02,2\n", Sales).StepsInserted);

        var refused = Assert.Throws<ArgumentException>(() => Parse(text, Sales with { FillGaps = true }));
        Assert.StartsWith("Filling the gaps inserts missing values: choose how to fill or mask them", refused.Message);
        // A row off the step makes the shortest step a minute: far more steps than rows would be inserted.
        var stray = Fails(
            "Time,Sales\n2020-01-01 00:00,1\n2020-01-01 00:01,2\n2020-01-01 01:00,3\n2020-01-01 02:00,4\n",
            Sales with { TimeColumn = "Time", FillGaps = true, Missing = MissingValuePolicy.Interpolate }
        );
        Assert.Contains("the gaps at a step of 1 minute would insert more than 3 times the 4 rows", stray.Message);
    }

    [Fact]
    public void OneSeriesOfAFileThatHoldsSeveralIsReadWithWhere()
    {
        const string text = "Month,Store,Sales\n2020-01,A,1\n2020-01,B,10\n2020-02,A,2\n2020-02,B,20\n";
        var a = Parse(text, Sales with { Where = [("Store", "A")] });
        Assert.Equal([1f, 2f], a.Values);
        Assert.Equal([10f, 20f], Parse(text, Sales with { Where = [("Store", " B ")] }).Values);
        // Without it the repeated month is refused, and the message says what to do.
        var repeated = Fails(text, Sales);
        Assert.Equal(3, repeated.Line);
        Assert.Contains("holds several series, read one of them with TimeSeriesCsvOptions.Where", repeated.Message);
        var none = Fails(text, Sales with { Where = [("Store", "C")] });
        Assert.Contains("no data rows with 'C' in column 'Store'", none.Message);
        Assert.Contains("no column 'Shop'", Fails(text, Sales with { Where = [("Shop", "A")] }).Message);
        // A series named by two columns: a product of a store.
        const string products = "Month,Store,Product,Sales\n2020-01,A,x,1\n2020-01,A,y,5\n2020-01,B,x,10\n"
            + "2020-02,A,x,2\n2020-02,A,y,6\n2020-02,B,x,20\n";
        Assert.Equal([5f, 6f], Parse(products, Sales with { Where = [("Store", "A"), ("Product", "y")] }).Values);
        var neither = Fails(products, Sales with { Where = [("Store", "B"), ("Product", "y")] });
        Assert.Contains("no data rows with 'B' in column 'Store' and 'y' in column 'Product'.", neither.Message);
    }
}
