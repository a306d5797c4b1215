using System.Text;

namespace Recurrent.Tests.Data;

/// <summary>
/// The bytes of a NumPy <c>.npy</c> file as <c>np.save</c> writes them (the magic, the version, the header length,
/// a Python dictionary padded with spaces to a multiple of 64 bytes and ended by a newline, then the values), so that
/// tests can write the arrays a Python user brings without NumPy.
/// </summary>
public static class NpyBytes
{
    /// <summary>An array of <paramref name="descr"/> (<c>'&lt;f4'</c>, ...) and <paramref name="shape"/>.</summary>
    public static byte[] Of(string descr, int[] shape, byte[] values, bool fortranOrder = false, int version = 1)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dictionary =
            $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        int lengthBytes = version == 1 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + dictionary.Length + 1;
        string header = dictionary + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([(byte)version, 0]);
        bytes.AddRange(
            version == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes(header.Length)
        );
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(values);
        return [.. bytes];
    }

    /// <summary>Little-endian float32 values, NumPy's <c>'&lt;f4'</c>.</summary>
    public static byte[] Singles(params float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    /// <summary>Little-endian int64 values, NumPy's <c>'&lt;i8'</c>.</summary>
    public static byte[] Longs(params long[] values) => [.. values.SelectMany(BitConverter.GetBytes)];
}
