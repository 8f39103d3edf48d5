using System.Buffers.Binary;
using System.Text;

namespace GapLab.Runtime;

/// <summary>
/// Marks a version requirement in an ELF64 little-endian shared object's <c>.gnu.version_r</c> section as weak
/// (VER_FLG_WEAK = 0x2), so that the dynamic loader accepts a library whose only use of that version is an
/// unrelocated symbol. Operates on bytes: the caller decides where the patched copy lives.
/// </summary>
public static class ElfVersionNeedPatcher
{
    public const ushort VerFlagWeak = 0x2;
    const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>One version requirement: the library that provides it, the version name and its flags.</summary>
    public sealed record VersionNeed(string File, string Version, ushort Flags, int FlagsOffset);

    /// <summary>Lists every (file, version) requirement of the object with the byte offset of its flags field.</summary>
    public static IReadOnlyList<VersionNeed> ReadVersionNeeds(ReadOnlySpan<byte> elf, string what = "ELF file")
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{what}: not an ELF file (bad magic at byte offset 0).");
        if (elf[4] != 2) throw new InvalidDataException($"{what}: only 64-bit ELF is supported (EI_CLASS at byte offset 4 is {elf[4]}).");
        if (elf[5] != 1) throw new InvalidDataException($"{what}: only little-endian ELF is supported (EI_DATA at byte offset 5 is {elf[5]}).");
        long shoff = (long)ReadU64(elf, 0x28, what);
        int shentsize = ReadU16(elf, 0x3A, what);
        int shnum = ReadU16(elf, 0x3C, what);
        if (shoff == 0 || shnum == 0) throw new InvalidDataException($"{what}: no section header table (e_shoff at byte offset 0x28 is 0).");
        if (shentsize < 64) throw new InvalidDataException($"{what}: section header entry size {shentsize} at byte offset 0x3A is too small.");
        var result = new List<VersionNeed>();
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            uint type = ReadU32(elf, sh + 4, what);
            if (type != ShtGnuVerneed) continue;
            long off = (long)ReadU64(elf, sh + 0x18, what);
            uint link = ReadU32(elf, sh + 0x28, what);
            long strSh = shoff + (long)link * shentsize;
            long strOff = (long)ReadU64(elf, strSh + 0x18, what);
            long strSize = (long)ReadU64(elf, strSh + 0x20, what);
            long vn = off;
            for (int guard = 0; guard < 4096; guard++)
            {
                int cnt = ReadU16(elf, vn + 2, what);
                string file = ReadString(elf, strOff, strSize, ReadU32(elf, vn + 4, what), what);
                long aux = vn + ReadU32(elf, vn + 8, what);
                for (int j = 0; j < cnt; j++)
                {
                    ushort flags = ReadU16(elf, aux + 4, what);
                    string name = ReadString(elf, strOff, strSize, ReadU32(elf, aux + 8, what), what);
                    result.Add(new VersionNeed(file, name, flags, checked((int)(aux + 4))));
                    uint nextAux = ReadU32(elf, aux + 12, what);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = ReadU32(elf, vn + 12, what);
                if (next == 0) break;
                vn += next;
            }
        }
        return result;
    }

    /// <summary>Sets VER_FLG_WEAK on every requirement named <paramref name="version"/>. Returns how many entries changed.</summary>
    public static int MarkWeak(byte[] elf, string version, string what = "ELF file")
    {
        int changed = 0;
        foreach (var need in ReadVersionNeeds(elf, what))
        {
            if (need.Version != version || (need.Flags & VerFlagWeak) != 0) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(need.FlagsOffset, 2), (ushort)(need.Flags | VerFlagWeak));
            changed++;
        }
        return changed;
    }

    static void Check(ReadOnlySpan<byte> elf, long offset, int size, string what)
    {
        if (offset < 0 || offset + size > elf.Length)
            throw new InvalidDataException($"{what}: truncated or corrupt ELF (read of {size} bytes at byte offset {offset} past end {elf.Length}).");
    }
    static ushort ReadU16(ReadOnlySpan<byte> b, long o, string w) { Check(b, o, 2, w); return BinaryPrimitives.ReadUInt16LittleEndian(b.Slice((int)o, 2)); }
    static uint ReadU32(ReadOnlySpan<byte> b, long o, string w) { Check(b, o, 4, w); return BinaryPrimitives.ReadUInt32LittleEndian(b.Slice((int)o, 4)); }
    static ulong ReadU64(ReadOnlySpan<byte> b, long o, string w) { Check(b, o, 8, w); return BinaryPrimitives.ReadUInt64LittleEndian(b.Slice((int)o, 8)); }
    static string ReadString(ReadOnlySpan<byte> b, long tableOff, long tableSize, uint index, string w)
    {
        if (index >= tableSize) throw new InvalidDataException($"{w}: string index {index} outside .dynstr (size {tableSize}) at byte offset {tableOff}.");
        long start = tableOff + index;
        Check(b, start, 1, w);
        int end = b.Slice((int)start).IndexOf((byte)0);
        if (end < 0) throw new InvalidDataException($"{w}: unterminated string at byte offset {start}.");
        return Encoding.ASCII.GetString(b.Slice((int)start, end));
    }
}
