using System.Globalization;
using GapLab.Analysis;
using GapLab.Core.Tests.Science;
using GapLab.Testbed;
using GapLab.IO;

namespace GapLab.Core.Tests.Testbed;

public class TestbedSignErrorsTests
{
    static TestbedCell Cell(int model, int k, double f1, double f5) => TradeOffTests.Cell(1.0, k, model, 100 * (model + 1), f1, 0, 0, 0, f5, 0);

    static BackboneMeasure Measure(int model, string name, double value) => new(model, $"m{model}", 100 * (model + 1), name, value, "");

    [Fact]
    public void Sign_errors_along_each_axis_match_a_hand_worked_case()
    {
        // measure c = 1, 2, 3 for models 0, 1, 2; k = 0 (zero-shot 0) and k = 5 (zero-shot 0.5); one SSIM level
        // k = 0: f1 0.1/0.2/0.3 (same order as c: SE 0 for all 3 pairs), f5 0.5/0.5/0.6 (pair 0-1 tied: 1/2; others 0)
        // k = 5: f1 0.3/0.2/0.1 (opposite: SE 1 for all 3 pairs), f5 0.1/0.2/0.3 (SE 0)
        TestbedCell[] cells =
        [
            Cell(0, 0, 0.1, 0.5), Cell(1, 0, 0.2, 0.5), Cell(2, 0, 0.3, 0.6),
            Cell(0, 5, 0.3, 0.1), Cell(1, 5, 0.2, 0.2), Cell(2, 5, 0.1, 0.3),
        ];
        BackboneMeasure[] measures = [Measure(0, "PARAM_NORM", 1), Measure(1, "PARAM_NORM", 2), Measure(2, "PARAM_NORM", 3)];
        var rows = TestbedSignErrors.Compute(cells, measures);
        Assert.Equal(2, rows.Count);
        var zeroShot = rows[0];
        Assert.Equal(("zero_shot", "PARAM_NORM", 2, 6), (zeroShot.Axis, zeroShot.Measure, zeroShot.Levels, zeroShot.Pairs));
        Assert.Equal(3.0 / 6, zeroShot.GeneralizationBound, 15);   // (0 + 0 + 0 + 1 + 1 + 1) / 6
        Assert.Equal(0.5 / 6, zeroShot.P10, 15);                    // (1/2 + 0 + 0 + 0 + 0 + 0) / 6
        // the SSIM axis has one level: g is the mean over k; f1 0.2/0.2/0.2 (all tied: 1/2 each), f5 0.30/0.35/0.45 (same order: 0)
        var ssim = rows[1];
        Assert.Equal(("ssim", 1, 3), (ssim.Axis, ssim.Levels, ssim.Pairs));
        Assert.Equal(0.5, ssim.GeneralizationBound, 15);
        Assert.Equal(0.0, ssim.P10, 15);
    }

    [Fact]
    public void A_measure_finite_on_fewer_than_two_backbones_or_a_single_backbone_gives_NaN_with_the_reason()
    {
        TestbedCell[] cells = [Cell(0, 0, 0.1, 0.5), Cell(1, 0, 0.2, 0.5), Cell(2, 0, 0.3, 0.6)];
        var rows = TestbedSignErrors.Compute(cells, [Measure(0, "INVERSE_MARGIN", 1), Measure(1, "INVERSE_MARGIN", double.NaN), Measure(2, "INVERSE_MARGIN", double.NaN)]);
        Assert.All(rows, r => Assert.True(double.IsNaN(r.GeneralizationBound) && double.IsNaN(r.P10) && r.Pairs == 0));
        Assert.Equal("INVERSE_MARGIN is finite for 1 of 3 backbones", rows[0].Note);
        // two finite of three: compared over the pair that has it, the other one named
        rows = TestbedSignErrors.Compute(cells, [Measure(0, "INVERSE_MARGIN", 1), Measure(1, "INVERSE_MARGIN", 2), Measure(2, "INVERSE_MARGIN", double.NaN)]);
        Assert.Equal((0.0, 1), (rows[0].GeneralizationBound, rows[0].Pairs));
        Assert.Equal("1 backbone(s) left out: INVERSE_MARGIN is not finite there", rows[0].Note);
        rows = TestbedSignErrors.Compute([cells[0]], [Measure(0, "PARAM_NORM", 1)]);
        Assert.Equal("needs at least two backbones", rows[0].Note);
    }

    [Fact]
    public void Configured_measures_are_checked_against_the_catalogue()
    {
        var e = Assert.Throws<ArgumentException>(() => new TestbedConfig { Models = ["mlp:depth=1,width=8"], Measures = ["PARAM_NORM", "NOPE"] }.Validate("t.json"));
        Assert.StartsWith("t.json: 'measures' ", e.Message);
        Assert.Contains("NOPE", e.Message);
        Assert.Equal(["INVERSE_MARGIN", "LOG_SUM_OF_FRO", "PARAM_NORM"], new TestbedConfig().Measures);
    }

    [Fact]
    public void The_committed_SE_g_table_follows_from_its_committed_cells_and_measures()
    {
        string dir = Path.Combine(CommittedTablesTests.Repo(), "docs", "testbed");
        var csv = CsvTable.Read(Path.Combine(dir, "testbed-cells.csv"));
        double D(string[] r, string c) => double.Parse(r[csv.Column(c)], CultureInfo.InvariantCulture);
        int I(string[] r, string c) => int.Parse(r[csv.Column(c)], CultureInfo.InvariantCulture);
        var cells = csv.Rows.Select(r => TradeOffTests.Cell(D(r, "ssim_target"), I(r, "unseen_classes"), I(r, "model_index"), I(r, "parameters"),
            D(r, "f1_mean_error"), 0, 0, 0, D(r, "f5_p10_error"), 0)).ToList();
        var m = CsvTable.Read(Path.Combine(dir, "testbed-measures.csv"));
        var measures = m.Rows.Select(r => new BackboneMeasure(int.Parse(r[m.Column("model_index")], CultureInfo.InvariantCulture), r[m.Column("model")],
            long.Parse(r[m.Column("parameters")], CultureInfo.InvariantCulture), r[m.Column("measure")],
            double.Parse(r[m.Column("value")], CultureInfo.InvariantCulture), r[m.Column("notes")])).ToList();
        var table = CsvTable.Read(Path.Combine(dir, "testbed-sign-errors.csv"));
        var rows = TestbedSignErrors.Compute(cells, measures);
        Assert.Equal(table.Rows.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var t = table.Rows[i];
            Assert.Equal((t[table.Column("axis")], t[table.Column("measure")]), (rows[i].Axis, rows[i].Measure));
            Assert.Equal(double.Parse(t[table.Column("generalization_bound")], CultureInfo.InvariantCulture), rows[i].GeneralizationBound, 12);
            Assert.Equal(double.Parse(t[table.Column("p10")], CultureInfo.InvariantCulture), rows[i].P10, 12);
        }
        // what docs/testbed.md says of it
        Assert.All(rows.Where(r => r.Measure == "INVERSE_MARGIN"), r => Assert.Equal(0, r.GeneralizationBound));
        Assert.All(rows.Where(r => r.Measure != "INVERSE_MARGIN"), r => Assert.Equal(1, r.GeneralizationBound));
    }
}
