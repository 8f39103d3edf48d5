using GapLab.IO;
using GapLab.Runtime;

namespace GapLab.Testbed;

/// <summary>Outcome of <see cref="Testbed.Run"/>: every cell, the marginals, the trade-off point and the provenance.</summary>
public sealed record TestbedResult(TestbedConfig Config, IReadOnlyList<TestbedCell> Cells, IReadOnlyList<TestbedMarginal> Marginals,
    TradeOffPoint TradeOff, TestbedProvenance Provenance)
{
    /// <summary>The configured complexity measures of each backbone (<see cref="TestbedConfig.Measures"/>).</summary>
    public IReadOnlyList<BackboneMeasure> BackboneMeasures { get; init; } = [];

    /// <summary>SE_g of each measure along the zero-shot and SSIM axes (<see cref="TestbedSignErrors"/>).</summary>
    public IReadOnlyList<TestbedSignError> SignErrors { get; init; } = [];
}

/// <summary>Where the numbers came from: runtime, data fingerprints and sizes, the distortion per level, each backbone and probe, timing.</summary>
public sealed record TestbedProvenance(RuntimeInfo Runtime, string Dataset, string TrainFingerprint, string TestFingerprint, int TrainCount, int TestCount,
    string SsimVariant, IReadOnlyList<DistortionRecord> Distortions, IReadOnlyList<BackboneRecord> Backbones, IReadOnlyList<ProbeRecord> Probes,
    DateTime StartedUtc, double WallSeconds);

/// <summary>One SSIM level over all test images of the testbed's classes: target, mean SSIM reached, route, severity, reached within tolerance.</summary>
public sealed record DistortionRecord(double Target, double AchievedSsim, DistortionRoute Route, double Severity, bool Reached, double Seconds)
{
    /// <summary>With ssim_per_cell, the k whose test images (seen + k unseen classes) this distortion covers; null when it covers every test image.</summary>
    public int? UnseenClasses { get; init; }
}

/// <summary>A backbone trained on the seen classes: spec, trainable parameters, feature size, training status, seen-class accuracies.</summary>
public sealed record BackboneRecord(string Model, long Parameters, int FeatureDimension, string Status, double TrainAccuracy, double TestAccuracy, double Seconds);

/// <summary>A linear probe on a frozen backbone: classes = seen + k unseen; accuracies on undistorted train and test images.</summary>
public sealed record ProbeRecord(string Model, int UnseenClasses, int ClassCount, string Status, double TrainAccuracy, double TestAccuracy, double Seconds);

/// <summary>Progress of a testbed run: its stage, step and total, and a message; <see cref="Stage"/> is the stage as users read it.</summary>
public sealed record TestbedProgress(TestbedStage Phase, int Step, int Total, string Message)
{
    /// <summary>The stage as text: "distort", "backbone", "probe" or "tradeoff".</summary>
    public string Stage => Phase.Text();
}
