using System.Buffers.Binary;
using System.IO.Compression;

namespace Recurrent.Datasets;

/// <summary>
/// Reads LeCun's IDX format (MNIST): a big-endian header (two zero bytes, the type code 0x08 for unsigned bytes, the
/// number of dimensions, then each dimension as an int32) followed by the values. Files may be gzip-compressed
/// (detected from the content, not the name).
/// </summary>
public static class IdxFile
{
    /// <summary>Reads an IDX file of unsigned bytes.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not IDX, not of bytes, or shorter than its header says; the
    /// message names the file.</exception>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The IDX file '{path}' does not exist.", path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
            if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
            {
                using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var output = new MemoryStream();
                input.CopyTo(output);
                bytes = output.ToArray();
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is a damaged gzip file: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Reads the uncompressed bytes of an IDX file; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are not IDX, not of bytes, or shorter than the header
    /// says.</exception>
    public static IdxArray Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException(
                $"'{source}' is not an IDX file: it does not start with two zero bytes (magic 0x0000TTDD)."
            );
        if (bytes[2] != 0x08)
            throw new InvalidDataException(
                $"'{source}' holds IDX values of type 0x{bytes[2]:X2}; only unsigned bytes (0x08, as MNIST) are "
                    + $"supported."
            );
        int rank = bytes[3];
        int headerLength = 4 + 4 * rank;
        if (rank == 0 || bytes.Length < headerLength)
            throw new InvalidDataException(
                $"'{source}' has a truncated IDX header ({bytes.Length} bytes for {rank} dimension(s))."
            );
        var shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(4 + 4 * d));
            if (shape[d] < 0)
                throw new InvalidDataException($"'{source}': IDX dimension {d} is negative ({shape[d]}).");
            count *= shape[d];
        }
        long available = bytes.Length - headerLength;
        if (available != count)
            throw new InvalidDataException(
                $"'{source}': the IDX header says [{string.Join(", ", shape)}] = {count:N0} values, but {available:N0} "
                    + $"bytes follow it"
                    + (available < count ? " (the file is truncated)." : ".")
            );
        return new IdxArray(shape, bytes[headerLength..].ToArray());
    }
}
