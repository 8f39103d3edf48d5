using GapLab.Benchmarking;
using GapLab.Suites;
using GapLab.Testbed;

namespace GapLab.Store;

/// <summary>
/// The tables of schema <see cref="Version"/> of the result store. Changing a record type behind a table changes the schema:
/// bump <see cref="Version"/> (a store of another layout is refused with a clear message rather than written wrongly).
/// </summary>
public static class StoreSchema
{
    /// <summary>The layout this build writes and reads.</summary>
    public const int Version = 2;

    /// <summary>Key/value facts about the store itself: <c>schema_version</c>, <c>created_by</c>, <c>created_utc</c>.</summary>
    public const string InfoTable = "gaplab_store";

    public static StoreTable Sessions { get; } = StoreTable.Of<StoreSession>("sessions", sessionColumn: false);
    public static StoreTable Runs { get; } = StoreTable.Of<RunRecord>("runs", sessionColumn: true);
    public static StoreTable Epochs { get; } = StoreTable.Of<RunStore.EpochRow>("epochs", sessionColumn: true);
    public static StoreTable Measures { get; } = StoreTable.Of<MeasureRow>("measures", sessionColumn: true);
    public static StoreTable TestbedCells { get; } = StoreTable.Of<TestbedCell>("testbed_cells", sessionColumn: true);
    public static StoreTable Quality { get; } = StoreTable.Of<QualityRow>("quality", sessionColumn: true);

    // schema version 2 (additive; a version-1 store gains these tables when opened, see StoreMigration)
    public static StoreTable Benchmarks { get; } = StoreTable.Of<BenchmarkRow>("benchmarks", sessionColumn: true);
    public static StoreTable BenchmarkModels { get; } = StoreTable.Of<BenchmarkModelRow>("benchmark_models", sessionColumn: true);
    public static StoreTable BenchmarkEvaluations { get; } = StoreTable.Of<BenchmarkEvaluationRow>("benchmark_evaluations", sessionColumn: true);
    public static StoreTable BenchmarkPredictions { get; } = StoreTable.Of<BenchmarkPredictionRow>("benchmark_predictions", sessionColumn: true);
    public static StoreTable BenchmarkDataChecks { get; } = StoreTable.Of<BenchmarkDataCheckRow>("benchmark_data_checks", sessionColumn: true);

    public static IReadOnlyList<StoreTable> Tables { get; } = [Sessions, Runs, Epochs, Measures, TestbedCells, Quality,
        Benchmarks, BenchmarkModels, BenchmarkEvaluations, BenchmarkPredictions, BenchmarkDataChecks];

    /// <summary>The tables each schema version added, for <see cref="StoreMigration"/>.</summary>
    internal static IReadOnlyList<StoreTable> AddedIn(int version) => version == 2
        ? [Benchmarks, BenchmarkModels, BenchmarkEvaluations, BenchmarkPredictions, BenchmarkDataChecks] : [];
}
