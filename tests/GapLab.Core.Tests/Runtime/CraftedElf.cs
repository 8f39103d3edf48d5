using System.Buffers.Binary;
using System.Text;

namespace GapLab.Core.Tests.Runtime;

/// <summary>Builds a minimal ELF64 LE image with .dynstr and .gnu.version_r sections for the patcher tests.</summary>
internal static class CraftedElf
{
    /// <summary>needs: (file, [(version, flags)]).</summary>
    public static byte[] Build(params (string File, (string Version, ushort Flags)[] Versions)[] needs)
    {
        // .dynstr: "\0" + names
        var strtab = new List<byte> { 0 };
        int AddString(string s) { int at = strtab.Count; strtab.AddRange(Encoding.ASCII.GetBytes(s)); strtab.Add(0); return at; }
        var verneed = new List<byte>();
        for (int i = 0; i < needs.Length; i++)
        {
            var (file, versions) = needs[i];
            int fileIdx = AddString(file);
            var vn = new byte[16];
            BinaryPrimitives.WriteUInt16LittleEndian(vn.AsSpan(0), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(vn.AsSpan(2), (ushort)versions.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(vn.AsSpan(4), (uint)fileIdx);
            BinaryPrimitives.WriteUInt32LittleEndian(vn.AsSpan(8), 16);
            uint size = (uint)(16 + 16 * versions.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(vn.AsSpan(12), i == needs.Length - 1 ? 0u : size);
            verneed.AddRange(vn);
            for (int j = 0; j < versions.Length; j++)
            {
                var aux = new byte[16];
                BinaryPrimitives.WriteUInt32LittleEndian(aux.AsSpan(0), 0x1234u + (uint)j);
                BinaryPrimitives.WriteUInt16LittleEndian(aux.AsSpan(4), versions[j].Flags);
                BinaryPrimitives.WriteUInt16LittleEndian(aux.AsSpan(6), (ushort)(10 + j));
                BinaryPrimitives.WriteUInt32LittleEndian(aux.AsSpan(8), (uint)AddString(versions[j].Version));
                BinaryPrimitives.WriteUInt32LittleEndian(aux.AsSpan(12), j == versions.Length - 1 ? 0u : 16u);
                verneed.AddRange(aux);
            }
        }
        int strOff = 64, verOff = strOff + strtab.Count;
        verOff = (verOff + 7) & ~7;
        int shOff = (verOff + verneed.Count + 7) & ~7;
        var elf = new byte[shOff + 3 * 64];
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F'; elf[4] = 2; elf[5] = 1; elf[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x10), 3); // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x12), 62); // x86-64
        BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(0x28), (ulong)shOff);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3A), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3C), 3);
        strtab.CopyTo(elf, strOff);
        verneed.CopyTo(elf, verOff);
        // section 1: .dynstr (SHT_STRTAB = 3)
        var s1 = elf.AsSpan(shOff + 64);
        BinaryPrimitives.WriteUInt32LittleEndian(s1[4..], 3);
        BinaryPrimitives.WriteUInt64LittleEndian(s1[0x18..], (ulong)strOff);
        BinaryPrimitives.WriteUInt64LittleEndian(s1[0x20..], (ulong)strtab.Count);
        // section 2: .gnu.version_r (SHT_GNU_verneed), sh_link = 1
        var s2 = elf.AsSpan(shOff + 128);
        BinaryPrimitives.WriteUInt32LittleEndian(s2[4..], 0x6ffffffe);
        BinaryPrimitives.WriteUInt64LittleEndian(s2[0x18..], (ulong)verOff);
        BinaryPrimitives.WriteUInt64LittleEndian(s2[0x20..], (ulong)verneed.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(s2[0x28..], 1);
        return elf;
    }
}
