using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Recurrent.Datasets;

/// <summary>
/// An array read from NumPy's <c>.npy</c> file, as <c>np.save</c> writes it (format versions 1, 2 and 3: the magic
/// <c>\x93NUMPY</c>, the version, the length of a header that is a Python dictionary of <c>descr</c>,
/// <c>fortran_order</c> and <c>shape</c>, then the values): its shape, and its values in C order (the last axis
/// fastest) whichever order the file keeps them in, as numbers (floats, signed and unsigned integers and booleans of
/// any width NumPy writes, little- or big-endian) or as text (fixed-width strings, <c>&lt;U</c> and <c>|S</c>).
/// Arrays of Python objects (pickled) are refused.
/// </summary>
public sealed partial class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private NpyArray(int[] shape, double[]? numbers, string[]? texts)
    {
        Shape = shape;
        Numbers = numbers;
        Texts = texts;
    }

    /// <summary>The length of each axis; empty for a single value.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values of an array of numbers, in C order; null for an array of text.</summary>
    public double[]? Numbers { get; }

    /// <summary>The values of an array of text, in C order, without NumPy's trailing NULs; null for numbers.</summary>
    public string[]? Texts { get; }

    /// <summary>The shape as NumPy prints it: <c>(3, 128, 9)</c>.</summary>
    public string ShapeText => Shape.Count == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>Whether <paramref name="path"/> names a <c>.npy</c> file.</summary>
    public static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the <c>.npy</c> file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a <c>.npy</c> file, or holds what is not read.</exception>
    public static NpyArray Read(string path) =>
        File.Exists(path)
            ? Parse(File.ReadAllBytes(path), path)
            : throw new FileNotFoundException($"The file '{path}' does not exist.", path);

    /// <summary>Reads the bytes of a <c>.npy</c> file; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="DataFormatException">The bytes are not a <c>.npy</c> file, or hold what is not
    /// read.</exception>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw Problem(source, "not a NumPy .npy file (it does not open with \\x93NUMPY).");
        int major = bytes[6];
        if (major is < 1 or > 3)
            throw Problem(source, $"format version {major}.{bytes[7]} of .npy, where 1 to 3 are read.");
        int lengthBytes = major == 1 ? 2 : 4;
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        int start = 8 + lengthBytes;
        if (start + headerLength > bytes.Length)
            throw Problem(source, "the header runs past the end of the file.");
        string header = Encoding.UTF8.GetString(bytes.Slice(start, (int)headerLength));
        var data = bytes[(start + (int)headerLength)..];

        string descr = Entry(DescrEntry(), header, source, "descr");
        bool fortran = Entry(FortranEntry(), header, source, "fortran_order") == "True";
        int[] shape = ParseShape(Entry(ShapeEntry(), header, source, "shape"), source);
        var type = TypeOf(descr, source);
        long count = shape.Aggregate(1L, (product, n) => product * n);
        if (count * type.Size > data.Length)
            throw Problem(
                source,
                $"the shape ({string.Join(", ", shape)}) needs {count * type.Size} bytes of values, but the file "
                    + $"holds {data.Length}."
            );
        int[] order = fortran ? FortranOffsets(shape) : [];
        int Offset(int i) => fortran ? order[i] : i;
        if (type.Kind is 'U' or 'S')
        {
            var texts = new string[count];
            for (int i = 0; i < count; i++)
                texts[i] = Text(data.Slice(Offset(i) * type.Size, type.Size), type);
            return new NpyArray(shape, null, texts);
        }
        var numbers = new double[count];
        for (int i = 0; i < count; i++)
            numbers[i] = Number(data.Slice(Offset(i) * type.Size, type.Size), type);
        return new NpyArray(shape, numbers, null);
    }

    private readonly record struct ElementType(char Kind, int Size, bool BigEndian);

    // '<f4', '>i8', '|u1', '|b1', '<U7', '|S3'.
    private static ElementType TypeOf(string descr, string source)
    {
        var match = Descr().Match(descr);
        if (!match.Success)
            throw Problem(
                source,
                $"the values are of NumPy's type '{descr}'; numbers (float, int, uint, bool) and strings are read, "
                    + "not Python objects or records."
            );
        char kind = match.Groups[2].Value[0];
        int size = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        bool known = kind switch
        {
            'f' => size is 2 or 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'b' => size == 1,
            _ => size > 0,
        };
        if (!known)
            throw Problem(source, $"the values are of NumPy's type '{descr}', of a width that is not read.");
        return new ElementType(kind, kind == 'U' ? size * 4 : size, match.Groups[1].Value == ">");
    }

    private static double Number(ReadOnlySpan<byte> bytes, ElementType type)
    {
        Span<byte> value = stackalloc byte[type.Size];
        bytes.CopyTo(value);
        if (type.BigEndian != !BitConverter.IsLittleEndian)
            value.Reverse();
        return (type.Kind, type.Size) switch
        {
            ('f', 2) => (double)BitConverter.ToHalf(value),
            ('f', 4) => BitConverter.ToSingle(value),
            ('f', _) => BitConverter.ToDouble(value),
            ('i', 1) => (sbyte)value[0],
            ('i', 2) => BitConverter.ToInt16(value),
            ('i', 4) => BitConverter.ToInt32(value),
            ('i', _) => BitConverter.ToInt64(value),
            ('u', 1) or ('b', _) => value[0],
            ('u', 2) => BitConverter.ToUInt16(value),
            ('u', 4) => BitConverter.ToUInt32(value),
            _ => BitConverter.ToUInt64(value),
        };
    }

    private static string Text(ReadOnlySpan<byte> bytes, ElementType type)
    {
        string text = type.Kind == 'S'
            ? Encoding.Latin1.GetString(bytes)
            : (type.BigEndian ? new UTF32Encoding(bigEndian: true, false) : Encoding.UTF32).GetString(bytes);
        return text.TrimEnd('\0');
    }

    // The position in the file of each value in C order, for an array the file keeps in Fortran order (the first
    // axis fastest).
    private static int[] FortranOffsets(int[] shape)
    {
        int count = shape.Aggregate(1, (product, n) => product * n);
        var offsets = new int[count];
        var index = new int[shape.Length];
        for (int c = 0; c < count; c++)
        {
            int offset = 0,
                stride = 1;
            for (int axis = 0; axis < shape.Length; axis++)
            {
                offset += index[axis] * stride;
                stride *= shape[axis];
            }
            offsets[c] = offset;
            for (int axis = shape.Length - 1; axis >= 0 && ++index[axis] == shape[axis]; axis--)
                index[axis] = 0;
        }
        return offsets;
    }

    private static int[] ParseShape(string text, string source)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw Problem(source, $"the shape '({text})' in the header is not a list of lengths.");
        return shape;
    }

    private static string Entry(Regex entry, string header, string source, string key) =>
        entry.Match(header) is { Success: true } match
            ? match.Groups[1].Value
            : throw Problem(source, $"the header '{header.Trim()}' has no '{key}'.");

    private static DataFormatException Problem(string source, string message) => new(source, 1, 1, message);

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex DescrEntry();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)", RegexOptions.CultureInvariant)]
    private static partial Regex FortranEntry();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex ShapeEntry();

    [GeneratedRegex(@"^([<>|=])([fiubUS])(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Descr();
}
