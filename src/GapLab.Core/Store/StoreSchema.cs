using GapLab.Suites;
using GapLab.Testbed;

namespace GapLab.Store;

/// <summary>
/// The tables of schema <see cref="Version"/> of the result store. Changing a record type behind a table changes the schema:
/// bump <see cref="Version"/> (a store of another layout is refused with a clear message rather than written wrongly).
/// </summary>
public static class StoreSchema
{
    /// <summary>The layout this build writes and reads. 2: runs.kernel_check and sessions.kernel_check (the self-check of
    /// libtorch's CPU kernels) appended; a version-1 store is upgraded in place when opened.</summary>
    public const int Version = 2;

    /// <summary>Key/value facts about the store itself: <c>schema_version</c>, <c>created_by</c>, <c>created_utc</c>.</summary>
    public const string InfoTable = "gaplab_store";

    public static StoreTable Sessions { get; } = StoreTable.Of<StoreSession>("sessions", sessionColumn: false);
    public static StoreTable Runs { get; } = StoreTable.Of<RunRecord>("runs", sessionColumn: true);
    public static StoreTable Epochs { get; } = StoreTable.Of<RunStore.EpochRow>("epochs", sessionColumn: true);
    public static StoreTable Measures { get; } = StoreTable.Of<MeasureRow>("measures", sessionColumn: true);
    public static StoreTable TestbedCells { get; } = StoreTable.Of<TestbedCell>("testbed_cells", sessionColumn: true);
    public static StoreTable Quality { get; } = StoreTable.Of<QualityRow>("quality", sessionColumn: true);

    public static IReadOnlyList<StoreTable> Tables { get; } = [Sessions, Runs, Epochs, Measures, TestbedCells, Quality];
}
