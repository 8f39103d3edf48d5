using GapLab.Runtime;

namespace GapLab.Core.Tests.Runtime;

public class ElfVersionNeedPatcherTests
{
    static byte[] Sample() => CraftedElf.Build(
        ("libstdc++.so.6", new[] { ("GLIBCXX_3.4.19", (ushort)0), ("GLIBCXX_3.4.32", (ushort)0), ("CXXABI_1.3.5", (ushort)0) }),
        ("libc.so.6", new[] { ("GLIBC_2.2.5", (ushort)0) }));

    [Fact]
    public void ReadsEveryRequirementOfACraftedElf()
    {
        var needs = ElfVersionNeedPatcher.ReadVersionNeeds(Sample());
        Assert.Equal(new[] { "GLIBCXX_3.4.19", "GLIBCXX_3.4.32", "CXXABI_1.3.5", "GLIBC_2.2.5" }, needs.Select(n => n.Version));
        Assert.Equal(new[] { "libstdc++.so.6", "libstdc++.so.6", "libstdc++.so.6", "libc.so.6" }, needs.Select(n => n.File));
        Assert.All(needs, n => Assert.Equal(0, n.Flags));
    }

    [Fact]
    public void MarkWeakSetsOnlyTheNamedVersionsFlagAndNoOtherByte()
    {
        var original = Sample();
        var patched = (byte[])original.Clone();
        int changed = ElfVersionNeedPatcher.MarkWeak(patched, "GLIBCXX_3.4.32");
        Assert.Equal(1, changed);
        var target = ElfVersionNeedPatcher.ReadVersionNeeds(patched).Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak, target.Flags);
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.Equal(new[] { target.FlagsOffset }, differing); // 0x0000 -> 0x0002 changes the low byte only
        Assert.Equal(0, ElfVersionNeedPatcher.MarkWeak(patched, "GLIBCXX_3.4.32")); // idempotent
    }

    [Fact]
    public void KeepsOtherFlagsWhenMarkingWeak()
    {
        var elf = CraftedElf.Build(("libstdc++.so.6", new[] { ("GLIBCXX_3.4.32", (ushort)0x1) }));
        ElfVersionNeedPatcher.MarkWeak(elf, "GLIBCXX_3.4.32");
        Assert.Equal(0x3, ElfVersionNeedPatcher.ReadVersionNeeds(elf).Single().Flags);
    }

    [Fact]
    public void RejectsNonElfAndTruncatedInputWithOffsets()
    {
        var bad = new byte[100];
        var e1 = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadVersionNeeds(bad, "x.so"));
        Assert.Contains("x.so", e1.Message);
        Assert.Contains("byte offset 0", e1.Message);
        var truncated = Sample()[..200];
        var e2 = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadVersionNeeds(truncated, "t.so"));
        Assert.Contains("byte offset", e2.Message);
        var elf32 = Sample(); elf32[4] = 1;
        Assert.Contains("64-bit", Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadVersionNeeds(elf32)).Message);
    }

    [Fact]
    public void RealLibTorchSharpRequiresGlibcxx3432AndThePatchWeakensIt()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"expected TorchSharp's native library at {path}");
        var bytes = File.ReadAllBytes(path);
        var need = ElfVersionNeedPatcher.ReadVersionNeeds(bytes, path).Single(n => n.Version == TorchRuntime.WeakenedVersion);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.Equal(1, ElfVersionNeedPatcher.MarkWeak(bytes, TorchRuntime.WeakenedVersion, path));
        Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak,
            ElfVersionNeedPatcher.ReadVersionNeeds(bytes, path).Single(n => n.Version == TorchRuntime.WeakenedVersion).Flags & ElfVersionNeedPatcher.VerFlagWeak);
    }
}
