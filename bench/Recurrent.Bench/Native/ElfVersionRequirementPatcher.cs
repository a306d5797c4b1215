using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Bench.Native;

/// <summary>
/// Makes one symbol-version requirement of a 64-bit little-endian ELF shared library optional, so that the
/// dynamic loader accepts the library on a system whose libraries lack that version.
/// </summary>
/// <remarks>
/// Two edits, both in place and of the same size: the requirement's entry in <c>.gnu.version_r</c> gets the
/// <c>VER_FLG_WEAK</c> flag (glibc then only warns, under <c>LD_DEBUG</c>, that the version is missing), and every
/// undefined dynamic symbol bound to that version becomes <c>STB_WEAK</c> (a weak undefined symbol that cannot be
/// found resolves to null instead of stopping the load). That is only sound when nothing calls those symbols,
/// which the caller has to know.
/// </remarks>
internal static class ElfVersionRequirementPatcher
{
    private const uint SectionTypeDynamicSymbols = 11;
    private const uint SectionTypeVersionNeeds = 0x6ffffffe;
    private const uint SectionTypeVersionSymbols = 0x6fffffff;
    private const ushort VersionFlagWeak = 0x2;
    private const byte BindingWeak = 2;
    private const int SymbolEntrySize = 24;

    /// <summary>
    /// Patches <paramref name="image"/> so that requirement <paramref name="versionName"/> is weak, and returns how
    /// many bytes changed (0 when it was already weak, which makes the patch idempotent).
    /// </summary>
    /// <exception cref="InvalidDataException">The image is not a 64-bit little-endian ELF file with section
    /// headers, or it does not require <paramref name="versionName"/>.</exception>
    public static int MakeRequirementWeak(Span<byte> image, string versionName)
    {
        var sections = ReadSections(image);
        var needs = sections.FirstOrDefault(s => s.Type == SectionTypeVersionNeeds);
        if (needs.Type == 0)
            throw new InvalidDataException("it has no .gnu.version_r section (no version requirements)");
        var strings = sections[(int)needs.Link];

        int changed = 0;
        ushort versionIndex = 0;
        int needOffset = checked((int)needs.Offset);
        for (uint n = 0; n < needs.Info; n++)
        {
            ushort auxCount = BinaryPrimitives.ReadUInt16LittleEndian(image[(needOffset + 2)..]);
            int auxOffset = needOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(image[(needOffset + 8)..]);
            for (int a = 0; a < auxCount; a++)
            {
                uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(image[(auxOffset + 8)..]);
                if (ReadString(image, strings.Offset + nameOffset) == versionName)
                {
                    var flags = image.Slice(auxOffset + 4, 2);
                    ushort old = BinaryPrimitives.ReadUInt16LittleEndian(flags);
                    if ((old & VersionFlagWeak) == 0)
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(old | VersionFlagWeak));
                        changed++;
                    }
                    versionIndex = BinaryPrimitives.ReadUInt16LittleEndian(image[(auxOffset + 6)..]);
                }
                auxOffset += (int)BinaryPrimitives.ReadUInt32LittleEndian(image[(auxOffset + 12)..]);
            }
            needOffset += (int)BinaryPrimitives.ReadUInt32LittleEndian(image[(needOffset + 12)..]);
        }
        if (versionIndex == 0)
            throw new InvalidDataException($"it does not require version {versionName}");

        var symbols = sections.FirstOrDefault(s => s.Type == SectionTypeDynamicSymbols);
        var versions = sections.FirstOrDefault(s => s.Type == SectionTypeVersionSymbols);
        if (symbols.Type == 0 || versions.Type == 0)
            return changed;
        long count = (long)symbols.Size / SymbolEntrySize;
        for (long i = 0; i < count; i++)
        {
            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(
                image[checked((int)versions.Offset + 2 * (int)i)..]
            );
            if ((version & 0x7fff) != versionIndex)
                continue;
            int symbol = checked((int)symbols.Offset + SymbolEntrySize * (int)i);
            bool undefined = BinaryPrimitives.ReadUInt16LittleEndian(image[(symbol + 6)..]) == 0;
            byte info = image[symbol + 4];
            if (undefined && info >> 4 != BindingWeak)
            {
                image[symbol + 4] = (byte)((BindingWeak << 4) | (info & 0xf));
                changed++;
            }
        }
        return changed;
    }

    private readonly record struct Section(uint Type, ulong Offset, ulong Size, uint Link, uint Info);

    private static Section[] ReadSections(ReadOnlySpan<byte> image)
    {
        if (
            image.Length < 64
            || image[0] != 0x7f
            || image[1] != (byte)'E'
            || image[2] != (byte)'L'
            || image[3] != (byte)'F'
        )
            throw new InvalidDataException("it is not an ELF file");
        if (image[4] != 2 || image[5] != 1)
            throw new InvalidDataException("it is not a 64-bit little-endian ELF file");
        ulong headerOffset = BinaryPrimitives.ReadUInt64LittleEndian(image[0x28..]);
        ushort headerSize = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3a..]);
        ushort headerCount = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3c..]);
        if (
            headerOffset == 0
            || headerCount == 0
            || headerSize < 64
            || (long)headerOffset + (long)headerSize * headerCount > image.Length
        )
            throw new InvalidDataException("it has no readable section headers");

        var sections = new Section[headerCount];
        for (int i = 0; i < headerCount; i++)
        {
            var h = image[checked((int)headerOffset + i * headerSize)..];
            sections[i] = new Section(
                Type: BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
                Offset: BinaryPrimitives.ReadUInt64LittleEndian(h[24..]),
                Size: BinaryPrimitives.ReadUInt64LittleEndian(h[32..]),
                Link: BinaryPrimitives.ReadUInt32LittleEndian(h[40..]),
                Info: BinaryPrimitives.ReadUInt32LittleEndian(h[44..])
            );
        }
        return sections;
    }

    private static string ReadString(ReadOnlySpan<byte> image, ulong offset)
    {
        var rest = image[checked((int)offset)..];
        int end = rest.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
    }
}
