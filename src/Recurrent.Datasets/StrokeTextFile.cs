using System.IO.Compression;

namespace Recurrent.Datasets;

/// <summary>
/// The lines of a stroke data file, plain or gzip-compressed (told apart by the gzip magic bytes, not the name).
/// </summary>
public static class StrokeTextFile
{
    /// <summary>Every line of <paramref name="path"/>, decompressed when it is gzip.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The gzip data is damaged or the text is not UTF-8; the message names the
    /// file.</exception>
    public static string[] ReadLines(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The stroke data file '{path}' does not exist.", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            try
            {
                using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var output = new MemoryStream();
                input.CopyTo(output);
                bytes = output.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"'{path}' starts like gzip but cannot be decompressed: {e.Message}", e);
            }
        }
        return Utf8TextFile.Decode(bytes, path).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }
}
