using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Recurrent.IO;

/// <summary>The element types of the safetensors format that Recurrent reads (all converted to float32).</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE 754 single precision, the type Recurrent writes.</summary>
    F32,

    /// <summary>IEEE 754 half precision.</summary>
    F16,

    /// <summary>bfloat16: the upper 16 bits of a float32.</summary>
    BF16,

    /// <summary>IEEE 754 double precision.</summary>
    F64,

    /// <summary>Signed 32-bit integers.</summary>
    I32,

    /// <summary>Signed 64-bit integers.</summary>
    I64,
}

/// <summary>Sizes, names and conversions of <see cref="SafeTensorsDType"/>.</summary>
public static class SafeTensorsDTypes
{
    /// <summary>The size of one element in bytes.</summary>
    public static int SizeOf(SafeTensorsDType dtype) =>
        dtype switch
        {
            SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
            SafeTensorsDType.F32 or SafeTensorsDType.I32 => 4,
            _ => 8,
        };

    /// <summary>Parses a header's dtype string (<c>"F32"</c>, ...); false for any other.</summary>
    public static bool TryParse(string text, out SafeTensorsDType dtype) =>
        Enum.TryParse(text, ignoreCase: false, out dtype) && Enum.IsDefined(dtype) && text == dtype.ToString();

    /// <summary>Converts little-endian elements of type <paramref name="dtype"/> into floats.</summary>
    public static void ToFloat(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        int size = SizeOf(dtype);
        if (source.Length != destination.Length * size)
            throw new ArgumentException($"{source.Length} bytes of {dtype} do not make {destination.Length} elements.");
        switch (dtype)
        {
            case SafeTensorsDType.F32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case SafeTensorsDType.F32:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                break;
            case SafeTensorsDType.F16:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
                break;
            case SafeTensorsDType.BF16:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(
                        BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]) << 16
                    );
                break;
            case SafeTensorsDType.F64:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                break;
            case SafeTensorsDType.I32:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]);
                break;
            case SafeTensorsDType.I64:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(8 * i)..]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null);
        }
    }
}
