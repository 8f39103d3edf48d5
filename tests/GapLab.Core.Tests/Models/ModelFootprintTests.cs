using GapLab.Models;

namespace GapLab.Core.Tests.Models;

public class ModelFootprintTests
{
    static readonly InputShape Fashion = InputShape.Parse("1x28x28->10");

    [Fact]
    public void An_mlp_is_counted_by_hand_without_allocating()
    {
        // mlp depth 2 width 100 on 784 inputs: 784*100+100 + 100*100+100 + 100*10+10 = 89,610 parameters
        var f = ModelFootprint.Estimate("mlp:depth=2,width=100", Fashion);
        Assert.Equal(89_610, f.Parameters);
        // leaf outputs of one example: Linear 100, ReLU 100, Dropout 100, twice, then Linear 10 (the flatten is no module)
        Assert.Equal(2 * 300 + 10, f.ActivationsPerExample);
        Assert.Equal(4L * (4 * 89_610 + 2 * 610 * 128), f.TrainingBytes(128));
    }

    [Fact]
    public void A_huge_mlp_is_estimated_in_memory_it_would_not_fit()
    {
        // width 2^20: the hidden layer alone is 2^20 x 2^20 = 1.1e12 weights (4.4 TB) -- counted on the meta device
        var f = ModelFootprint.Estimate("mlp:depth=2,width=1048576", Fashion, availableBytes: 24L << 30);
        Assert.True(f.Parameters > 1_000_000_000_000L);
        Assert.True(f.TrainingBytes(128) > 16_000_000_000_000L);
    }

    [Fact]
    public void A_large_cnn_is_counted_on_the_meta_device_and_flagged_as_a_large_job()
    {
        var f = ModelFootprint.Estimate("cnn:width=64", Fashion);
        Assert.True(f.Parameters > ModelFootprint.CountedActivationsUpTo, f.ToString());
        Assert.False(f.ActivationsCounted); // too large to build once more just to count activations
        var suite = GapLab.Suites.SuiteSpec.FromJson("""{ "name": "w", "models": ["cnn:width=64", "mlp:width=8"], "seeds": [0] }""");
        var footprint = GapLab.Suites.SuiteFootprint.Check(suite.Expand(), Fashion, availableBytes: 1L << 50);
        Assert.True(footprint.IsLarge);
        Assert.Contains($"largest model {f.Spec}: {f.Parameters:N0} parameters", footprint.ToString());
        Assert.Contains("activations not counted", footprint.ToString());
        var ex = Assert.Throws<GapLab.Suites.ModelTooLargeException>(() => GapLab.Suites.SuiteFootprint.Check(suite.Expand(), Fashion, availableBytes: 1L << 30));
        Assert.StartsWith("this model needs ~", ex.Message);
        Assert.Contains("; the machine has 1.1 GB available (", ex.Message);
        // on CUDA the check is against the device's free memory, and says so
        ex = Assert.Throws<GapLab.Suites.ModelTooLargeException>(() => GapLab.Suites.SuiteFootprint.Check(suite.Expand(), Fashion, 1L << 30, "free on cuda:1"));
        Assert.Contains("; the GPU has 1.1 GB free on cuda:1 (", ex.Message);
        Assert.EndsWith("GB free on cuda:0", GapLab.Suites.SuiteFootprint.Check(suite.Expand(), Fashion, 1L << 50, "free on cuda:0").ToString());
    }

    [Fact]
    public void Gpu_free_memory_is_read_from_nvidia_smi_output_in_MiB()
    {
        Assert.Equal(80614L * 1024 * 1024, GapLab.Runtime.GpuMemory.ParseFreeMib("80614\n"));
        Assert.Equal(512L * 1024 * 1024, GapLab.Runtime.GpuMemory.ParseFreeMib(" 512 \n 80000\n")); // the first line: the device asked for
        Assert.Null(GapLab.Runtime.GpuMemory.ParseFreeMib("[N/A]"));
        Assert.Null(GapLab.Runtime.GpuMemory.ParseFreeMib(""));
        // a machine without the NVIDIA driver has no nvidia-smi: unknown, not an error
        if (!File.Exists("/usr/bin/nvidia-smi")) Assert.Null(GapLab.Runtime.GpuMemory.FreeBytes(0));
    }
}
