using DuckDB.NET.Data;
using GapLab.Analysis;
using GapLab.Store;
using GapLab.Suites;
using Microsoft.Data.Analysis;
using GapLab.IO;

namespace GapLab.Core.Tests.Store;

public class ResultStoreTests
{
    internal static string TempDir() => Directory.CreateTempSubdirectory("gaplab-store-").FullName;

    internal static RunRecord Run(string id, string status = "completed", double testAcc = 0.75, int epochs = 2) => new()
    {
        RunId = id, Model = "mlp:width=8", Params = 1234, Seed = 1, Epochs = epochs, Steps = 10 * epochs, TrainAcc = 0.9, TestAcc = testAcc,
        TrainLoss = 0.25, TestLoss = 0.5, AccGap = 0.9 - testAcc, LossGap = 0.25, TestAccCiLow = testAcc - 0.05, TestAccCiHigh = testAcc + 0.05,
        Status = status, StepsToCe01 = null, StepsToCe001 = 7, WallSeconds = 1.5, TrainSize = 100, TestSize = 50, Optimizer = "sgd",
        LearningRate = 0.05, WeightDecay = 0, BatchSize = 10, LabelNoise = 0, GridValues = "", Suite = "t", Dataset = "d",
        DatasetFingerprint = "fp", Device = "cpu", Threads = 1, GaplabVersion = "0.1.0", TorchsharpVersion = "0.107.0",
        LibtorchVersion = "2.10.0", FinishedUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
    };

    internal static IReadOnlyList<EpochRow> Epochs(RunRecord r) => Enumerable.Range(1, r.Epochs)
        .Select(e => new EpochRow(r.RunId, r.Model, r.Seed, e, 10L * e, 1.0 / e, 0.5 + 0.1 * e, 1.2 / e, 0.4 + 0.1 * e, 0.1, 0.2 / e, null, null, 0.05, e)).ToList();

    internal static StoreSession Session(string command = "test") => new()
    {
        SessionId = Guid.NewGuid().ToString("N"), Command = command, CommandLine = "gaplab test", GaplabVersion = "0.1.0", GitCommit = null,
        TorchsharpVersion = "0.107.0", LibtorchVersion = "2.10.0", DotnetVersion = "10.0", Os = "Linux", ProcessorCount = 2,
        RequestedDevice = "cpu", Device = "cpu", Threads = 1, Seeds = "torch=0", Datasets = "d:fp", StartedUtc = DateTime.UtcNow,
    };

    static long Count(ResultStore store, string sql) => (long)store.Query(sql).Columns[0][0]!;

    [Fact]
    public void TypedReadsGiveBackTheRunRecordsAndEpochsWrittenIncludingNaNNullsHyperparametersAndProvenance()
    {
        var store = ResultStore.OpenOrCreate(TempDir());
        var session = Session("run");
        store.BeginSession(session);
        var diverged = Run("lr=1", "diverged", double.NaN, epochs: 1) with
        {
            TrainAcc = double.NaN, TrainLoss = double.PositiveInfinity, TestLoss = double.NaN, AccGap = double.NaN, LossGap = double.NaN,
            TestAccCiLow = double.NaN, TestAccCiHigh = double.NaN, StepsToCe001 = null, Message = "loss is NaN at step 3, epoch 1",
            GridValues = "learning_rate=1;weight_decay=0.0005", LearningRate = 1, WeightDecay = 5e-4, LabelNoise = 0.2, Optimizer = "sgd",
            FinishedUtc = new DateTime(2026, 1, 2, 3, 4, 6, 123, 456, DateTimeKind.Utc), KernelCheck = "work-around: aten (onednn failed conv2d backward-input)",
        };
        var completed = Run("lr=0.05", epochs: 3) with
        {
            GridValues = "learning_rate=0.05;weight_decay=0", WeightsFile = "/w/a.safetensors", InitWeightsFile = "/w/a.init.safetensors",
            Suite = "other", KernelCheck = "passed (onednn, 2 threads)", StepsToCe01 = 42,
        };
        var cancelled = Run("c", "cancelled", epochs: 2) with { FinishedUtc = new DateTime(2026, 1, 2, 3, 4, 7, DateTimeKind.Utc) };
        foreach (var r in new[] { diverged, completed, cancelled }) store.WriteRun(session.SessionId, r, Epochs(r));

        // in the order they finished (then by id), equal field by field, NaN, infinity and nulls included
        Assert.Equal(new[] { completed, diverged, cancelled }, store.Runs());
        var back = store.Runs(new RunFilter(RunIds: ["lr=1"])).Single();
        Assert.Equal(DateTimeKind.Utc, back.FinishedUtc.Kind);
        Assert.True(double.IsNaN(back.TestAcc) && double.IsPositiveInfinity(back.TrainLoss));
        Assert.Null(back.WeightsFile);
        Assert.Equal("work-around: aten (onednn failed conv2d backward-input)", back.KernelCheck);
        Assert.Equal(new[] { completed }, store.Runs(RunFilter.Completed));
        Assert.Equal(new[] { diverged, cancelled }, store.Runs(new RunFilter(Statuses: ["diverged", "cancelled"], Suite: "t")));
        Assert.Empty(store.Runs(new RunFilter(RunIds: [])));
        Assert.Empty(store.Runs(new RunFilter(Suite: "it's not there")));

        Assert.Equal(Epochs(completed).Concat(Epochs(diverged)).Concat(Epochs(cancelled)), store.Epochs());
        Assert.Equal(Epochs(cancelled), store.Epochs(new RunFilter(Statuses: ["cancelled"])));
    }

    [Fact]
    public void TypedReadsOfAnUpgradedStoreGiveEmptyKernelCheckForOldRows()
    {
        var store = ResultStore.OpenOrCreate(TempDir());
        var session = Session();
        store.BeginSession(session);
        store.WriteRun(session.SessionId, Run("a"), Epochs(Run("a")));
        store.Write(c => ResultStore.Execute(c, "UPDATE runs SET kernel_check = NULL"));
        Assert.Equal(Run("a"), store.Runs().Single());
    }

    [Fact]
    public void ARunAndItsEpochsRoundTripWithTypedColumns()
    {
        var store = ResultStore.OpenOrCreate(TempDir());
        var session = Session();
        store.BeginSession(session);
        var run = Run("a", epochs: 3);
        store.WriteRun(session.SessionId, run, Epochs(run));
        store.EndSession(session.SessionId, new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc));

        var runs = store.Query("SELECT * FROM runs");
        Assert.Equal(1, runs.Rows.Count);
        Assert.Equal(session.SessionId, runs["session_id"][0]);
        Assert.Equal(0.75, (double)runs["test_acc"][0]!);
        Assert.Equal(1234L, runs["params"][0]);
        Assert.Equal(2, runs["epochs"].DataType == typeof(int) ? 2 : -1);
        Assert.Null(runs["steps_to_ce01"][0]);
        Assert.Equal(7L, runs["steps_to_ce001"][0]);
        Assert.Equal(run.FinishedUtc, (DateTime)runs["finished_utc"][0]!);
        // the columns are the runs.csv columns, after session_id
        var csvColumns = RecordFrame.ToDataFrame(new[] { run }).Columns.Select(c => c.Name);
        Assert.Equal(csvColumns.Prepend("session_id"), runs.Columns.Select(c => c.Name));

        var epochs = store.Query("SELECT epoch, train_loss FROM epochs WHERE run_id = $1 ORDER BY epoch", "a");
        Assert.Equal(new int?[] { 1, 2, 3 }, epochs["epoch"].Cast<int?>());
        Assert.Equal(1.0 / 3, (double)epochs["train_loss"][2]!, 15);
        Assert.Equal(new DateTime(2026, 5, 6, 7, 8, 9), (DateTime)store.Query("SELECT finished_utc FROM sessions")["finished_utc"][0]!);
    }

    [Fact]
    public void CompletedRunIdsSkipCancelledRunsAndARewriteReplacesTheRunAndItsEpochs()
    {
        var store = ResultStore.OpenOrCreate(TempDir());
        var s = Session();
        store.BeginSession(s);
        store.WriteRun(s.SessionId, Run("a"), Epochs(Run("a")));
        var cancelled = Run("b", "cancelled", double.NaN, epochs: 1);
        store.WriteRun(s.SessionId, cancelled, Epochs(cancelled));
        store.WriteRun(s.SessionId, Run("c", "diverged"), []);
        Assert.Equal(new HashSet<string> { "a", "c" }, store.CompletedRunIds());
        Assert.True(double.IsNaN((double)store.Query("SELECT test_acc FROM runs WHERE run_id = 'b'")["test_acc"][0]!));

        var retried = Run("b", testAcc: 0.6, epochs: 2);
        store.WriteRun(s.SessionId, retried, Epochs(retried));
        Assert.Equal(new HashSet<string> { "a", "b", "c" }, store.CompletedRunIds());
        Assert.Equal(3, Count(store, "SELECT count(*) FROM runs"));
        Assert.Equal(2, Count(store, "SELECT count(*) FROM epochs WHERE run_id = 'b'"));
    }

    [Fact]
    public void AFailedWriteLeavesNothingOfTheRun()
    {
        var store = ResultStore.OpenOrCreate(TempDir());
        var run = Run("a");
        Assert.Throws<InvalidOperationException>(() => store.Write(c =>
        {
            ResultStore.Insert(c, StoreSchema.Runs, new[] { run }, "s");
            ResultStore.Insert(c, StoreSchema.Epochs, Epochs(run), "s");
            throw new InvalidOperationException("killed mid-write");
        }));
        Assert.Equal(0, Count(store, "SELECT count(*) FROM runs"));
        Assert.Equal(0, Count(store, "SELECT count(*) FROM epochs"));
    }

    [Fact]
    public void MeasuresQualityAndTestbedRowsCarryTheirSession()
    {
        var store = ResultStore.OpenOrCreate(TempDir());
        var s = Session("measure");
        store.Append(s, new[]
        {
            new MeasureRow("a", "mlp", "w.safetensors", "d", "fp", 100, "L2", 3.5, 12.25, "cheap", ""),
            new MeasureRow("a", "mlp", "w.safetensors", "d", "fp", 100, "PACBAYES_SIGMA", double.NaN, double.NaN, "expensive", "n/a"),
        });
        var q = Session("quality");
        store.Append(q, new[]
        {
            new QualityRow(null, "mlp", "w.safetensors", "d", "fp", 50, "Accuracy", 0.8, true, 0.1, 1, 0.1, "top-1"),
            new QualityRow(null, "mlp", "w.safetensors", "d", "fp", 50, QualityRow.Quba, 0.1, true, null, null, null, "weights default"),
        });
        var sessions = store.Query("SELECT command, finished_utc FROM sessions ORDER BY command");
        Assert.Equal(new[] { "measure", "quality" }, sessions["command"].Cast<string>());
        Assert.All(sessions["finished_utc"].Cast<DateTime?>(), t => Assert.NotNull(t));
        var joined = store.Query("SELECT m.measure, m.value, s.command FROM measures m JOIN sessions s USING (session_id) ORDER BY m.measure");
        Assert.Equal(new[] { "L2", "PACBAYES_SIGMA" }, joined["measure"].Cast<string>());
        Assert.Equal(3.5, (double)joined["value"][0]!);
        Assert.Equal(0.1, (double)store.Query("SELECT value FROM quality WHERE dimension = 'QUBA'")["value"][0]!);
        Assert.Null(store.Query("SELECT z_score FROM quality WHERE dimension = 'QUBA'")["z_score"][0]);
    }

    [Fact]
    public void ExportWritesEveryTableAsCsvAndParquet()
    {
        var dir = TempDir();
        var store = ResultStore.OpenOrCreate(dir);
        var s = Session();
        store.BeginSession(s);
        foreach (var id in new[] { "a", "b" }) store.WriteRun(s.SessionId, Run(id), Epochs(Run(id)));
        var csv = store.Export(Path.Combine(dir, "csv"), ExportFormat.Csv);
        Assert.Equal(StoreSchema.Tables.Select(t => t.Name + ".csv"), csv.Select(Path.GetFileName));
        var runs = CsvTable.Read(Path.Combine(dir, "csv", "runs.csv"));
        Assert.Equal(new[] { "a", "b" }, runs.Values("run_id").Order());
        Assert.Equal(4, CsvTable.Read(Path.Combine(dir, "csv", "epochs.csv")).Rows.Count);

        var parquet = store.Export(Path.Combine(dir, "pq"), ExportFormat.Parquet);
        Assert.Equal(StoreSchema.Tables.Count, parquet.Count);
        var back = store.Query($"SELECT count(*) AS n, sum(test_acc) AS s FROM read_parquet({ResultStore.Literal(parquet[1])})");
        Assert.Equal(2L, back["n"][0]);
        Assert.Equal(1.5, (double)back["s"][0]!, 12);
        Assert.Throws<ArgumentException>(() => ExportFormats.Parse("xlsx"));
    }

    [Fact]
    public void QueryReturnsTypedColumnsAndExplainsBadSql()
    {
        var store = ResultStore.OpenOrCreate(TempDir());
        DataFrame f = store.Query("SELECT 1 AS i, 2::BIGINT AS l, sum(x) AS h, 0.5 AS dec, true AS b, 'x' AS s, DATE '2026-01-02' AS d FROM range(3) t(x)");
        Assert.Equal(typeof(int), f["i"].DataType);
        Assert.Equal(typeof(long), f["l"].DataType);
        Assert.Equal(3L, f["h"][0]); // HUGEINT 0 + 1 + 2
        Assert.Equal(0.5, f["dec"][0]);
        Assert.Equal(true, f["b"][0]);
        Assert.Equal("x", f["s"][0]);
        Assert.Equal(new DateTime(2026, 1, 2), f["d"][0]);
        var e = Assert.Throws<ArgumentException>(() => store.Query("SELECT nope FROM runs"));
        Assert.Contains("nope", e.Message);
        Assert.Contains("Tables: sessions, runs, epochs", e.Message);
    }

    [Fact]
    public void ANewerSchemaACorruptFileAndAMissingStoreAreRefusedClearly()
    {
        var dir = TempDir();
        var store = ResultStore.OpenOrCreate(dir);
        using (var c = new DuckDBConnection($"DataSource={store.FilePath}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE gaplab_store SET value = '99' WHERE key = 'schema_version'";
            cmd.ExecuteNonQuery();
        }
        var newer = Assert.Throws<InvalidDataException>(() => ResultStore.Open(dir));
        Assert.Contains("schema version 99, newer than this GapLab's 3", newer.Message);
        Assert.Throws<InvalidDataException>(() => ResultStore.OpenOrCreate(dir));

        var corrupt = TempDir();
        File.WriteAllBytes(Path.Combine(corrupt, ResultStore.FileName), Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        var bad = Assert.Throws<InvalidDataException>(() => ResultStore.OpenOrCreate(corrupt));
        Assert.Contains("not a readable GapLab result store", bad.Message);
        Assert.Contains(ResultStore.FileName, bad.Message);

        var missing = Assert.Throws<FileNotFoundException>(() => ResultStore.Open(TempDir()));
        Assert.Contains("No result store", missing.Message);
    }

    /// <summary>The statements that turn a store of this build back into the layout GapLab wrote at <paramref name="version"/>.</summary>
    internal static string DowngradeSql(int version) =>
        "DROP TABLE benchmark_flagged_images; DROP TABLE benchmark_data_checks; DROP TABLE benchmark_predictions; DROP TABLE benchmark_evaluations; DROP TABLE benchmark_models; DROP TABLE benchmarks; " +
        (version == 1 ? "ALTER TABLE runs DROP COLUMN kernel_check; ALTER TABLE sessions DROP COLUMN kernel_check; " : "") +
        $"UPDATE gaplab_store SET value = '{version}' WHERE key = 'schema_version'";

    internal static void Downgrade(string file, int version)
    {
        using var c = new DuckDBConnection($"DataSource={file}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = DowngradeSql(version);
        cmd.ExecuteNonQuery();
    }

    [Theory]
    [InlineData(1)] // before the kernel self-check: no kernel_check columns, no benchmark tables
    [InlineData(2)] // before benchmarks over time: no benchmark tables
    public void AnOlderStoreIsUpgradedInPlaceKeepingItsRows(int version)
    {
        var dir = TempDir();
        var store = ResultStore.OpenOrCreate(dir);
        string check = version == 2 ? "passed (aten, 2 threads)" : "";
        var session = Session() with { KernelCheck = check };
        store.BeginSession(session);
        var run = Run("old", epochs: 2) with { KernelCheck = check };
        store.WriteRun(session.SessionId, run, Epochs(run));
        store.Append(Session("measure"), new[] { new MeasureRow("old", "mlp:width=8", "old.safetensors", "d", "fp", 100, "L2", 3.5, 12.25, "cheap", "") });
        Downgrade(store.FilePath, version);
        Assert.Throws<StoreUpgradeNeededException>(() =>
        {
            using var c = StoreConnection.Open(store.FilePath, readOnly: true);
            ResultStore.CheckSchema(c, ResultStore.MainCatalog(c), store.FilePath);
        });

        var reopened = ResultStore.Open(dir); // read access: upgrades once, then reads
        Assert.Equal("3", reopened.Query("SELECT value FROM gaplab_store WHERE key = 'schema_version'").Columns[0][0]);
        var rows = reopened.Query("SELECT run_id, test_acc, kernel_check FROM runs");
        Assert.Equal(1, rows.Rows.Count);
        Assert.Equal(("old", 0.75, version == 2 ? check : null), ((string)rows.Columns[0][0]!, (double)rows.Columns[1][0]!, (string?)rows.Columns[2][0]));
        Assert.Equal(version == 2 ? check : null, (string?)reopened.Query("SELECT kernel_check FROM sessions WHERE command = 'test'").Columns[0][0]);
        Assert.Equal(2L, Count(reopened, "SELECT count(*) FROM epochs"));
        Assert.Equal(2L, Count(reopened, "SELECT count(*) FROM sessions"));
        Assert.Equal(3.5, (double)reopened.Query("SELECT value FROM measures WHERE run_id = 'old'").Columns[0][0]!);
        foreach (var table in new[] { "benchmarks", "benchmark_models", "benchmark_evaluations", "benchmark_predictions", "benchmark_data_checks", "benchmark_flagged_images" })
            Assert.Equal(0L, Count(reopened, $"SELECT count(*) FROM {table}"));

        var writer = ResultStore.OpenOrCreate(dir); // and it takes new rows in the new columns and tables
        var next = Run("new") with { KernelCheck = "passed (onednn, 2 threads)" };
        writer.WriteRun(session.SessionId, next, Epochs(next));
        Assert.Equal("passed (onednn, 2 threads)", writer.Query("SELECT kernel_check FROM runs WHERE run_id = 'new'").Columns[0][0]);
        writer.Write(c => ResultStore.Insert(c, StoreSchema.BenchmarkModels, new[] { new GapLab.Store.BenchmarkModelRow("b", "old", DateTime.UtcNow) }, session.SessionId));
        Assert.Equal("old", writer.Query("SELECT run_id FROM benchmark_models WHERE benchmark = 'b'").Columns[0][0]);
    }

    [Fact]
    public void TheSchemaIsPinned()
    {
        // a change to a record behind a table changes the store layout: bump StoreSchema.Version with it
        Assert.Equal(3, StoreSchema.Version);
        Assert.Equal(new[] { "sessions", "runs", "epochs", "measures", "testbed_cells", "quality", "benchmarks", "benchmark_models", "benchmark_evaluations",
            "benchmark_predictions", "benchmark_data_checks", "benchmark_flagged_images" }, StoreSchema.Tables.Select(t => t.Name));
        Assert.Equal(40, StoreSchema.Runs.Columns.Count); // session_id + the 39 runs.csv columns
        Assert.Equal("kernel_check", StoreSchema.Runs.Columns[^1].Name);
        Assert.Equal("kernel_check", StoreSchema.Sessions.Columns[^1].Name);
        Assert.Equal("session_id,run_id,model,seed,epoch,steps,train_loss,train_acc,test_loss,test_acc,acc_gap,loss_gap,val_loss,val_acc,learning_rate,wall_seconds",
            string.Join(",", StoreSchema.Epochs.Columns.Select(c => c.Name)));
        Assert.Equal("session_id,run_id,model,weights_file,dataset,dataset_fingerprint,train_size,measure,value,raw_value,cost,notes",
            string.Join(",", StoreSchema.Measures.Columns.Select(c => c.Name)));
        Assert.Equal("DOUBLE", StoreSchema.Measures.Columns.Single(c => c.Name == "value").SqlType);
    }
}

public class ResultStoreLogReplayTests
{
    [Fact]
    public void ACommittedRunLeftOnlyInTheWriteAheadLogIsReadBack()
    {
        // what a kill -9 after a commit leaves: the run in gaplab.duckdb.wal, not yet checkpointed into the file
        var dir = ResultStoreTests.TempDir();
        var store = ResultStore.OpenOrCreate(dir);
        using (var held = new DuckDBConnection($"DataSource={store.FilePath}"))
        {
            held.Open(); // keeps the database instance (and its settings) alive across the store's own connections
            using (var cmd = held.CreateCommand())
            {
                cmd.CommandText = "PRAGMA disable_checkpoint_on_shutdown; SET wal_autocheckpoint = '1TB'";
                cmd.ExecuteNonQuery();
            }
            var run = ResultStoreTests.Run("in-the-log");
            store.WriteRun("s", run, ResultStoreTests.Epochs(run));
        }
        Assert.True(File.Exists(store.FilePath + ".wal"));
        var reopened = ResultStore.Open(dir);
        Assert.Equal(new HashSet<string> { "in-the-log" }, reopened.CompletedRunIds());
        Assert.Equal(2L, reopened.Query("SELECT count(*) FROM epochs").Columns[0][0]);
    }
}
