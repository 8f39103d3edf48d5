using GapLab.Runtime;
using GapLab.Suites;

namespace GapLab.Core.Tests.Training;

/// <summary>
/// The check that would have caught libtorch 2.10's wrong oneDNN conv2d input gradients on AVX-512 VNNI/BF16 CPUs (every CNN of
/// the default suite diverged to NaN there): the default suite's two larger CNNs, one epoch on the embedded Fashion-MNIST
/// subset, must finish and be well above chance (0.1). Runs on every machine, whatever its CPU.
/// </summary>
public class CnnTrainsOnEveryCpuTests
{
    [Fact]
    public void TheDefaultSuitesLargerCnnsLearnInOneEpoch()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-cnn-").FullName;
        try
        {
            var suite = BuiltInSuites.Default with
            {
                Name = "cnn-check",
                Models = ["cnn:blocks=2,bn=true,width=0.25", "cnn:blocks=2,bn=true,width=0.5"],
                Seeds = [0],
                Epochs = 1,
            };
            var result = SuiteRunner.Run(suite, new SuiteRunOptions { OutDir = dir, Torch = new TorchSettings("cpu", 0, 0), SaveWeights = false });
            Assert.Equal(2, result.Runs.Count);
            foreach (var run in result.Runs)
            {
                Assert.Equal("completed", run.Status);
                Assert.True(run.TestAcc > 0.5, $"{run.Model}: test accuracy {run.TestAcc} after one epoch ({run.Message}); kernel check: {run.KernelCheck}");
                Assert.True(double.IsFinite(run.TrainLoss) && double.IsFinite(run.TestLoss), run.Model);
                Assert.Matches("^(passed|work-around|forced)", run.KernelCheck);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
