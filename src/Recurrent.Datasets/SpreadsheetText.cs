using System.IO.Compression;
using System.Text;

namespace Recurrent.Datasets;

/// <summary>
/// The text of a table file in the encodings spreadsheets save it in: UTF-8, with or without a byte-order mark;
/// UTF-16 with its byte-order mark (Excel's "Unicode text"); else Windows-1252, the code page of Excel's plain "CSV"
/// on a Western European or American Windows, where a column named <c>Umsatz (€)</c> or a label <c>Müller</c> is
/// not UTF-8. Read as UTF-8, such bytes would become replacement characters, and a column name typed correctly would
/// match nothing.
/// </summary>
internal static class SpreadsheetText
{
    private static readonly UTF8Encoding StrictUtf8 = new(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true
    );

    /// <summary>
    /// The text of <paramref name="path"/>, without a byte-order mark; a file compressed with gzip (<c>.csv.gz</c>) or
    /// a zip archive of one file is read as the file inside, as pandas' <c>read_csv</c> reads them.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is a workbook, a Parquet file or a zip archive of several files,
    /// not text; the message says how to save it as CSV.</exception>
    public static string Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        return Decode(Unpacked(File.ReadAllBytes(path), path));
    }

    // The bytes of a text file, taken out of gzip or a zip archive of one file; other binary formats a user may pass
    // for a CSV file are refused with advice, where read as text they would give a header of noise.
    private static byte[] Unpacked(byte[] bytes, string path)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var text = new MemoryStream();
            gzip.CopyTo(text);
            return text.ToArray();
        }
        if (span.StartsWith("PK\u0003\u0004"u8))
        {
            using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var files = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToArray();
            if (files.Any(e => e.FullName == "[Content_Types].xml"))
                throw NotText(path, "an Excel workbook (.xlsx)", "in Excel: File > Save As > CSV UTF-8");
            if (files.Length != 1)
                throw NotText(path, $"a zip archive of {files.Length} files", "unzip the one to read");
            using var entry = files[0].Open();
            using var inside = new MemoryStream();
            entry.CopyTo(inside);
            return inside.ToArray();
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
            throw NotText(path, "an Excel 97-2003 workbook (.xls)", "in Excel: File > Save As > CSV UTF-8");
        if (span.StartsWith("PAR1"u8))
            throw NotText(path, "a Parquet file", "in pandas: pd.read_parquet(path).to_csv(csv_path)");
        return bytes;
    }

    private static DataFormatException NotText(string path, string what, string how) =>
        new(path, 1, 1, $"the file is {what}, not text; save it as CSV ({how}).");

    /// <summary>The text of <paramref name="bytes"/>, without a byte-order mark.</summary>
    public static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith("\uFEFF"u8))
            return StrictOrWindows1252(span[3..]);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return Encoding.Unicode.GetString(span[2..]);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Encoding.BigEndianUnicode.GetString(span[2..]);
        return StrictOrWindows1252(span);
    }

    /// <summary>
    /// The lines of <paramref name="path"/>, split at CRLF, LF or CR as <see cref="File.ReadAllLines(string)"/> splits
    /// them.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string[] ReadLines(string path)
    {
        using var reader = new StringReader(Read(path));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            lines.Add(line);
        return [.. lines];
    }

    private static string StrictOrWindows1252(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);
        }
    }
}
