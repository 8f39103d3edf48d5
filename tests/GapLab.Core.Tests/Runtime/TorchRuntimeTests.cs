using GapLab.Runtime;
using TorchSharp;

namespace GapLab.Core.Tests.Runtime;

public class TorchRuntimeTests
{
    static bool SystemLibStdCxxHas(string version)
    {
        foreach (var p in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6" })
            if (File.Exists(p))
                return System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(p)).Contains(version + "\0", StringComparison.Ordinal);
        return true;
    }

    [Fact]
    public void LoadsTorchAndTrainsALinearModel()
    {
        var report = TorchRuntime.EnsureLoaded();
        Assert.Same(report, TorchRuntime.EnsureLoaded());
        if (OperatingSystem.IsLinux() && !SystemLibStdCxxHas(TorchRuntime.WeakenedVersion))
        {
            Assert.Equal("patched-weak-glibcxx", report.Mode);
            Assert.NotNull(report.PatchedPath);
            Assert.StartsWith(TorchRuntime.CacheRoot(), report.PatchedPath);
            // the original file is untouched
            var orig = File.ReadAllBytes(report.OriginalPath!);
            Assert.Equal(0, ElfVersionNeedPatcher.ReadVersionNeeds(orig).Single(n => n.Version == TorchRuntime.WeakenedVersion).Flags);
        }
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        // least squares y = 2x + 1 by gradient descent: the weights must converge
        var x = torch.linspace(-1, 1, 32).reshape(32, 1);
        var y = 2 * x + 1;
        var lin = torch.nn.Linear(1, 1);
        var opt = torch.optim.SGD(lin.parameters(), 0.5);
        for (int i = 0; i < 200; i++)
        {
            using var inner = torch.NewDisposeScope();
            opt.zero_grad();
            var loss = torch.nn.functional.mse_loss(lin.call(x), y);
            loss.backward();
            opt.step();
        }
        Assert.Equal(2.0, lin.weight!.item<float>(), 3);
        Assert.Equal(1.0, lin.bias!.item<float>(), 3);
    }

    [Fact]
    public void PatchedCopyIsKeyedByHashAndReused()
    {
        var original = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var dir = Directory.CreateTempSubdirectory("gaplab-cache-");
        var old = Environment.GetEnvironmentVariable("GAPLAB_CACHE");
        try
        {
            Environment.SetEnvironmentVariable("GAPLAB_CACHE", dir.FullName);
            var first = TorchRuntime.WritePatchedCopy(original);
            var stamp = File.GetLastWriteTimeUtc(first);
            var second = TorchRuntime.WritePatchedCopy(original);
            Assert.Equal(first, second);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(second));
            Assert.StartsWith(dir.FullName, first);
            var needs = ElfVersionNeedPatcher.ReadVersionNeeds(File.ReadAllBytes(first));
            Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak, needs.Single(n => n.Version == TorchRuntime.WeakenedVersion).Flags);
            Assert.Equal(new FileInfo(original).Length, new FileInfo(first).Length);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GAPLAB_CACHE", old);
            dir.Delete(true);
        }
    }

    [Fact]
    public void ALibraryWithoutTheVersionToWeakenIsAClearError()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-elf-");
        var old = Environment.GetEnvironmentVariable("GAPLAB_CACHE");
        try
        {
            Environment.SetEnvironmentVariable("GAPLAB_CACHE", dir.FullName);
            var lib = Path.Combine(dir.FullName, "libOther.so");
            File.WriteAllBytes(lib, CraftedElf.Build(("libstdc++.so.6", new[] { ("GLIBCXX_3.4.19", (ushort)0) })));
            var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.WritePatchedCopy(lib));
            Assert.Contains(lib, e.Message);
            Assert.Contains(TorchRuntime.WeakenedVersion, e.Message);
            Assert.Empty(Directory.GetDirectories(Path.Combine(dir.FullName), "torchsharp-*", SearchOption.AllDirectories));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GAPLAB_CACHE", old);
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("CPU", "cpu")]
    [InlineData("auto", "cpu")]
    public void ResolvesCpuDevices(string spec, string expected)
    {
        if (torch.cuda.is_available() && spec == "auto") expected = "cuda:0"; // on a GPU machine auto picks the first GPU
        Assert.Equal(expected, TorchEnvironment.ResolveDevice(spec).ToString());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void RejectsUnknownDevicesWithTheAcceptedForms(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => TorchEnvironment.ResolveDevice(spec));
        Assert.Contains(spec, e.Message);
        Assert.Contains("cuda:N", e.Message);
    }

    [Fact]
    public void ApplyReportsProvenance()
    {
        var info = TorchEnvironment.Apply(new TorchSettings("cpu", Environment.ProcessorCount, 7));
        Assert.Equal("cpu", info.Device);
        Assert.Equal(Environment.ProcessorCount, info.Threads);
        Assert.Equal(7, info.Seed);
        Assert.Equal("0.107.0", info.TorchSharpVersion);
        Assert.StartsWith("2.10", info.LibTorchVersion);
        Assert.Throws<ArgumentException>(() => TorchEnvironment.Apply(new TorchSettings("cpu", -1, 0)));
    }
}
