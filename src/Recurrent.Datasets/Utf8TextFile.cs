using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Recurrent.Datasets;

/// <summary>
/// Reads a text file that must be valid UTF-8, refusing anything else rather than replacing bad bytes.
/// </summary>
public static class Utf8TextFile
{
    /// <summary>
    /// The text of <paramref name="path"/>. A leading byte-order mark is dropped (it is not part of the text).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not valid UTF-8; the message names the file and the byte
    /// offset.</exception>
    public static string Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The text file '{path}' does not exist.", path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/> strictly as UTF-8; <paramref name="source"/> names them in the error.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not valid UTF-8; the message names the source and the byte
    /// offset.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        int start = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        var body = bytes[start..];
        var chars = new char[body.Length];
        var status = Utf8.ToUtf16(body, chars, out int bytesRead, out int charsWritten, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            long offset = start + bytesRead;
            int line = 1 + body[..bytesRead].Count((byte)'\n');
            throw new InvalidDataException(
                $"'{source}' is not valid UTF-8: byte 0x{bytes[(int)offset]:X2} at byte offset {offset} (line {line}) "
                    + $"does not "
                    + "belong to a UTF-8 sequence. Convert the file to UTF-8 (for example with iconv -f LATIN1 -t "
                        + "UTF-8)."
            );
        }
        return new string(chars, 0, charsWritten);
    }
}
