using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Metrics.Complexity.Measures;
using GapLab.Models;
using TorchSharp;

namespace GapLab.Core.Tests.Complexity;

public class MeasureRegistryTests
{
    /// <summary>The report order of the catalogue before it was built from families (Fantastic numbering for the first 24).</summary>
    static readonly string[] ReportOrder =
    [
        "PARAMS", "INVERSE_MARGIN", "LOG_PROD_OF_SPEC", "LOG_PROD_OF_SPEC_OVER_MARGIN", "LOG_SPEC_INIT_MAIN", "LOG_SPEC_ORIG_MAIN", "FRO_OVER_SPEC",
        "LOG_SUM_OF_SPEC_OVER_MARGIN", "LOG_SUM_OF_SPEC", "LOG_PROD_OF_FRO_OVER_MARGIN", "LOG_PROD_OF_FRO", "LOG_SUM_OF_FRO_OVER_MARGIN", "LOG_SUM_OF_FRO",
        "FRO_DIST", "DIST_SPEC_INIT", "PARAM_NORM", "PATH_NORM_OVER_MARGIN", "PATH_NORM", "PACBAYES_INIT", "PACBAYES_ORIG", "PACBAYES_FLATNESS",
        "PACBAYES_MAG_INIT", "PACBAYES_MAG_ORIG", "PACBAYES_MAG_FLATNESS", "L2", "L2_DIST", "LOG_PROD_OF_SPEC_FFT", "LOG_PROD_OF_SPEC_OVER_MARGIN_FFT",
        "LOG_SPEC_INIT_MAIN_FFT", "LOG_SPEC_ORIG_MAIN_FFT", "FRO_OVER_SPEC_FFT", "LOG_SUM_OF_SPEC_OVER_MARGIN_FFT", "LOG_SUM_OF_SPEC_FFT",
        "DIST_SPEC_INIT_FFT", "SHARPNESS_FLATNESS", "SHARPNESS_MAG_FLATNESS", "SHARPNESS_INIT", "SHARPNESS_ORIG", "STEPS_TO_CE_01",
        "STEPS_CE_01_TO_001", "GRAD_NOISE_FINAL", "PGDL_DISTANCE_FROM_INIT", "PGDL_JACOBIAN_NORM", "PGDL_SHARPNESS", "PGDL_VC_DIMENSION",
    ];

    [Fact]
    public void The_catalogue_built_from_the_families_keeps_the_report_order()
    {
        Assert.Equal(ReportOrder, MeasureCatalog.Names);
        Assert.Equal(16, MeasureRegistry.Families.Count);
        // every measure has exactly one family, and families that run on the model as trained come first
        Assert.All(ReportOrder, name => Assert.Single(MeasureRegistry.Families, f => f.Measures.Any(m => m.Name == name)));
        int firstFolded = MeasureRegistry.Families.ToList().FindIndex(f => f.Phase == MeasurePhase.Folded);
        Assert.All(MeasureRegistry.Families.Skip(firstFolded), f => Assert.Equal(MeasurePhase.Folded, f.Phase));
        Assert.IsType<PacBayesMeasures>(MeasureRegistry.FamilyOf("PACBAYES_FLATNESS"));
        Assert.IsType<ExactSpectralMeasures>(MeasureRegistry.FamilyOf("DIST_SPEC_INIT_FFT"));
        // the measures whose value involves gamma: INVERSE_MARGIN, PATH_NORM_OVER_MARGIN and the W+F ones
        Assert.Equal(MeasureCatalog.All.Where(m => m.Cost == MeasureCatalog.WF || m.Name is "INVERSE_MARGIN" or "PATH_NORM_OVER_MARGIN").Select(m => m.Name),
            MeasureCatalog.All.Where(m => m.UsesMargin).Select(m => m.Name));
    }

    [Fact]
    public void A_selection_runs_only_the_shared_work_its_families_need()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        // 6 images 1x2x2 of 2 classes; mlp:depth=1,width=3 has weights 3x4 and 2x3: omega = 18, trainable parameters 18 + 3 + 2 = 23
        var train = new Dataset("tiny", [.. Enumerable.Range(0, 24).Select(i => (float)(i % 5) / 4)], [0, 1, 0, 1, 0, 1], [1, 2, 2], ["a", "b"]);
        torch.manual_seed(1);
        using var built = ModelRegistry.Create("mlp:depth=1,width=3", InputShape.Of(train));
        var stages = new List<MeasureStage>();
        var vc = ComplexityMeasures.Compute(built.Module, null, train, new MeasureOptions { Measures = "PGDL_VC_DIMENSION" }, new Recorder(p => stages.Add(p.Phase)));
        Assert.Equal(23, Assert.Single(vc).RawValue);
        Assert.Equal([MeasureStage.Done], stages); // no margin, no layer norms, no folding
        stages.Clear();
        var parameters = ComplexityMeasures.Compute(built.Module, null, train, new MeasureOptions { Measures = "PARAMS" }, new Recorder(p => stages.Add(p.Phase)));
        Assert.Equal(18, Assert.Single(parameters).RawValue);
        Assert.Equal(Math.Sqrt(18.0 / 6), parameters[0].Value, 12);
        Assert.Equal([MeasureStage.WeightNorms, MeasureStage.Done], stages); // layer norms, no margin
        stages.Clear();
        var margin = ComplexityMeasures.Compute(built.Module, null, train, new MeasureOptions { Measures = "INVERSE_MARGIN,FRO_DIST" }, new Recorder(p => stages.Add(p.Phase)));
        Assert.Equal([MeasureStage.Margin, MeasureStage.WeightNorms, MeasureStage.Done], stages);
        Assert.Contains("gamma=", margin[0].Notes);
        Assert.True(double.IsNaN(margin[1].Value));
        Assert.StartsWith(MeasureContext.NoInit, margin[1].Notes);
    }

    sealed class Recorder(Action<MeasureProgress> action) : IProgress<MeasureProgress>
    {
        public void Report(MeasureProgress value) => action(value);
    }
}
