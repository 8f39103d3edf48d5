using GapLab.Runtime;
using GapLab.Runtime.SelfCheck;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Runtime;

public class KernelSelfCheckTests
{
    /// <summary>A probe whose "kernel" is wrong (relative error 0.3, or NaN) unless the configuration in force is ATen's.</summary>
    static KernelProbe Injected(Func<KernelConfiguration?> current, double wrong) => new("conv2d", "2->2 ch, injected", () =>
        [new ProbeError("forward", 1e-7), new ProbeError("backward-input", current() == KernelConfiguration.AtenConvolutions ? 2e-7 : wrong)]);

    [Theory]
    [InlineData(0.3)]
    [InlineData(double.NaN)]
    public void AnInjectedWrongKernelIsDetectedAndTheNextConfigurationIsTaken(double wrong)
    {
        KernelConfiguration? applied = null;
        var probes = new[] { Injected(() => applied, wrong) };
        var result = KernelSelfCheck.Run(probes, KernelConfiguration.All, c => applied = c, threads: 2);

        Assert.Equal(KernelCheckOutcome.WorkedAround, result.Outcome);
        Assert.Equal("aten", result.Configuration);
        Assert.Same(KernelConfiguration.AtenConvolutions, applied);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("onednn", "conv2d", "backward-input"), (failure.Configuration, failure.Operation, failure.Part));
        Assert.True(double.IsNaN(wrong) ? double.IsNaN(failure.RelativeError) : failure.RelativeError == 0.3);
        Assert.Equal("work-around: aten (onednn failed conv2d backward-input)", result.Summary);
        Assert.Contains("wrong results on this CPU", result.Notice);
        Assert.Contains("conv2d backward-input (2->2 ch, injected) under onednn", result.Notice);
    }

    [Fact]
    public void CorrectKernelsPassUnderTheDefaultConfiguration()
    {
        KernelConfiguration? applied = null;
        var probes = new[] { new KernelProbe("linear", "ok", () => [new ProbeError("forward", 1e-7), new ProbeError("backward-input", 9.9e-5)]) };
        var result = KernelSelfCheck.Run(probes, KernelConfiguration.All, c => applied = c, threads: 1);
        Assert.Equal(KernelCheckOutcome.Passed, result.Outcome);
        Assert.Same(KernelConfiguration.OneDnnConvolutions, applied);
        Assert.Empty(result.Failures);
        Assert.Null(result.Notice);
        Assert.Equal("passed (onednn, 1 threads)", result.Summary);
    }

    [Fact]
    public void WhenNothingPassesTheErrorNamesTheOperationTheCpuAndTheOverrides()
    {
        var probes = new[] { new KernelProbe("batch_norm (training)", "8 ch", () => [new ProbeError("backward-weight", 0.5)]) };
        var e = Assert.Throws<KernelSelfCheckException>(() => KernelSelfCheck.Run(probes, KernelConfiguration.All, _ => { }, threads: 2));
        Assert.Contains("batch_norm (training) backward-weight (8 ch) under onednn: relative error 0.5", e.Message);
        Assert.Contains("and 1 more", e.Message);
        Assert.Contains(CpuFeatures.Current.Model, e.Message);
        Assert.Contains("GAPLAB_LIBTORCH_DIR", e.Message);
        Assert.Contains("GAPLAB_KERNELS=onednn|aten", e.Message);
        Assert.Contains("GAPLAB_SELF_CHECK=off", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void RelativeErrorIsTheL2RatioAndNaNForNonFiniteOutputs()
    {
        using var scope = NewDisposeScope();
        var reference = tensor(new double[] { 3, 4 });                 // ||r|| = 5
        var actual = tensor(new float[] { 3, 4 + 0.5f });              // ||a - r|| = 0.5
        Assert.Equal(0.1, BuiltInProbes.RelativeError(actual, reference), 12);
        Assert.True(double.IsNaN(BuiltInProbes.RelativeError(tensor(new float[] { 3, float.NaN }), reference)));
        Assert.True(double.IsNaN(BuiltInProbes.RelativeError(tensor(new float[] { float.PositiveInfinity, 4 }), reference)));
    }

    [Fact]
    public void EveryBuiltInProbePassesUnderTheConfigurationTheStartUpCheckChose()
    {
        var result = KernelSelfCheck.EnsureChecked();
        Assert.NotEqual(KernelCheckOutcome.Skipped, result.Outcome);
        Assert.Equal(result, KernelSelfCheck.Last);
        Assert.Same(result, KernelSelfCheck.EnsureChecked()); // once per process and thread count
        foreach (var probe in BuiltInProbes.All)
            foreach (var part in probe.Measure())
                Assert.True(part.RelativeError <= KernelSelfCheck.Tolerance, $"{probe} {part.Part}: {part.RelativeError} under {result.Configuration}");
        if (result.Outcome == KernelCheckOutcome.WorkedAround) Assert.False(LibTorchContext.OneDnnEnabled);
        Assert.False(LibTorchContext.NnpackEnabled);
    }

    [Fact]
    public void TheProbesCoverTheZoosKernelsAndShapes()
    {
        var probes = BuiltInProbes.All;
        foreach (var op in new[] { "conv2d", "linear", "batch_norm (training)", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d" })
            Assert.Contains(probes, p => p.Operation == op);
        Assert.Contains(probes, p => p.Operation == "conv2d" && p.Shape.Contains("2->2 ch") && p.Shape.Contains("batch 128"));
        Assert.Contains(probes, p => p.Operation == "conv2d" && p.Shape.EndsWith("batch 1", StringComparison.Ordinal));
        Assert.Contains(probes, p => p.Operation == "conv2d" && p.Shape.Contains("64->64 ch") && p.Shape.Contains("7x7"));
        Assert.Contains(probes, p => p.Operation == "conv2d" && p.Shape.Contains("stride 2"));
    }

    [Fact]
    public void ConfigurationsAreNamedAndUnknownNamesListTheAccepted()
    {
        Assert.Same(KernelConfiguration.AtenConvolutions, KernelConfiguration.Parse(" ATEN "));
        Assert.Same(KernelConfiguration.OneDnnConvolutions, KernelConfiguration.Parse("onednn"));
        var e = Assert.Throws<ArgumentException>(() => KernelConfiguration.Parse("mkl"));
        Assert.Contains("accepted onednn, aten", e.Message);
    }

    [Fact]
    public void CpuFeaturesParseTheModelAndTheVectorFlagsOfProcCpuinfo()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\nflags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512_vnni avx512_bf16 xsave\n\nprocessor\t: 1\nmodel name\t: other\nflags\t\t: fpu\n";
        var cpu = CpuFeatures.Parse(cpuinfo);
        Assert.Equal("AMD EPYC 9R14", cpu.Model);
        Assert.Equal(new[] { "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16" }, cpu.VectorFlags);
        Assert.Equal("none detected", CpuFeatures.Parse("model name : x\n").FlagsText);
    }

    [Fact]
    public void TheRuntimeInfoOfAppliedSettingsRecordsTheSelfCheck()
    {
        var info = TorchEnvironment.Apply(new TorchSettings("cpu", torch.get_num_threads(), 0));
        Assert.Equal(KernelSelfCheck.Last!.Summary, info.KernelCheck);
        Assert.Same(KernelSelfCheck.Last, info.KernelCheckResult);
        Assert.Matches("^(passed|work-around|forced|skipped)", info.KernelCheck);
    }
}
