using GapLab.Metrics.WeightWatcher;
using TorchSharp;

namespace GapLab.Core.Tests.Science;

public class WeightWatcherMeasuresTests
{
    [Fact]
    public void SummaryRowsEqualTheAnalysisSummary()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        torch.manual_seed(3);
        using var model = torch.nn.Sequential(("0", torch.nn.Linear(200, 120)), ("1", torch.nn.ReLU()), ("2", torch.nn.Linear(120, 100)));
        var rows = WeightWatcherMeasures.Compute(model);
        var summary = WeightWatcherAnalysis.Analyze(model).Summary;
        Assert.Equal(WeightWatcherMeasures.Names, rows.Select(r => r.Name));
        Assert.Equal(summary.Alpha, rows[0].Value);
        Assert.Equal(summary.AlphaWeighted, rows[1].Value);
        Assert.Equal(summary.LogAlphaNorm, rows[2].Value);
        Assert.Equal(summary.StableRank, rows[3].Value);
        Assert.Equal(2, summary.Layers);
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Value), r.Name));
        Assert.Contains("2 layer(s)", rows[0].Notes);
    }
}
