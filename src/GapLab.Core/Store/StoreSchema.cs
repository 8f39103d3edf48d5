using GapLab.Testbed;

namespace GapLab.Store;

/// <summary>
/// The tables of schema <see cref="Version"/> of the result store. Changing a record type behind a table changes the schema:
/// bump <see cref="Version"/> (a store of another layout is refused with a clear message rather than written wrongly). Every
/// version so far only added tables and trailing columns, which <see cref="ResultStore"/> upgrades in place.
/// </summary>
public static class StoreSchema
{
    /// <summary>The layout this build writes and reads. 2: runs.kernel_check and sessions.kernel_check (the self-check of
    /// libtorch's CPU kernels) appended. 3: the benchmark tables (benchmarks over time) added. An older store is upgraded in
    /// place when opened.</summary>
    public const int Version = 3;

    /// <summary>Key/value facts about the store itself: <c>schema_version</c>, <c>created_by</c>, <c>created_utc</c>.</summary>
    public const string InfoTable = "gaplab_store";

    public static StoreTable Sessions { get; } = StoreTable.Of<StoreSession>("sessions", sessionColumn: false);
    public static StoreTable Runs { get; } = StoreTable.Of<RunRecord>("runs", sessionColumn: true);
    public static StoreTable Epochs { get; } = StoreTable.Of<EpochRow>("epochs", sessionColumn: true);
    public static StoreTable Measures { get; } = StoreTable.Of<MeasureRow>("measures", sessionColumn: true);
    public static StoreTable TestbedCells { get; } = StoreTable.Of<TestbedCell>("testbed_cells", sessionColumn: true);
    public static StoreTable Quality { get; } = StoreTable.Of<QualityRow>("quality", sessionColumn: true);

    // schema version 3: benchmarks over time
    public static StoreTable Benchmarks { get; } = StoreTable.Of<BenchmarkRow>("benchmarks", sessionColumn: true);
    public static StoreTable BenchmarkModels { get; } = StoreTable.Of<BenchmarkModelRow>("benchmark_models", sessionColumn: true);
    public static StoreTable BenchmarkEvaluations { get; } = StoreTable.Of<BenchmarkEvaluationRow>("benchmark_evaluations", sessionColumn: true);
    public static StoreTable BenchmarkPredictions { get; } = StoreTable.Of<BenchmarkPredictionRow>("benchmark_predictions", sessionColumn: true);
    public static StoreTable BenchmarkDataChecks { get; } = StoreTable.Of<BenchmarkDataCheckRow>("benchmark_data_checks", sessionColumn: true);
    public static StoreTable BenchmarkFlaggedImages { get; } = StoreTable.Of<BenchmarkFlaggedImageRow>("benchmark_flagged_images", sessionColumn: true);

    public static IReadOnlyList<StoreTable> Tables { get; } = [Sessions, Runs, Epochs, Measures, TestbedCells, Quality,
        Benchmarks, BenchmarkModels, BenchmarkEvaluations, BenchmarkPredictions, BenchmarkDataChecks, BenchmarkFlaggedImages];
}
