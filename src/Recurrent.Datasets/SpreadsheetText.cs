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

    /// <summary>The text of <paramref name="path"/>, without a byte-order mark.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        return Decode(File.ReadAllBytes(path));
    }

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
