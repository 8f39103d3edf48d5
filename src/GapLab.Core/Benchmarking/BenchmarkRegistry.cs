using GapLab.IO;
using DuckDB.NET.Data;
using GapLab.Store;
using GapLab.Suites;
using Microsoft.Data.Analysis;

namespace GapLab.Benchmarking;

/// <summary>A benchmark version as stored: its row and the parsed protocol.</summary>
public sealed record BenchmarkVersion(BenchmarkRow Row, BenchmarkProtocol Protocol);

/// <summary>What <see cref="BenchmarkRegistry.Create"/> did: the version now current, whether it is new, the run ids added, the models covered now and the store.</summary>
public sealed record BenchmarkCreateResult(BenchmarkVersion Version, bool NewVersion, IReadOnlyList<string> ModelsAdded, int Models, string StorePath);

/// <summary>
/// The benchmarks of a result store: versions (a protocol with another hash is a new version), the models each covers, its evaluations,
/// their predictions and data checks. Every write is one transaction with its session row.
/// </summary>
public sealed class BenchmarkRegistry(ResultStore store)
{
    public ResultStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>
    /// Records <paramref name="protocol"/> (its test fingerprint filled in) as the benchmark's first or next version (unchanged protocol: the
    /// current version stays) and covers the suite's completed runs and the listed run ids.
    /// </summary>
    public BenchmarkCreateResult Create(BenchmarkProtocol protocol, StoreSession session)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        protocol.Validate(protocol.Name);
        if (protocol.TestFingerprint is null) throw new ArgumentException($"benchmark '{protocol.Name}': the protocol's test fingerprint must be filled in before it is stored.");
        var latest = Latest(protocol.Name);
        string hash = protocol.Hash();
        var runIds = ResolveModels(protocol);
        var known = latest is null ? new HashSet<string>() : Models(protocol.Name).ToHashSet();
        var added = runIds.Where(id => !known.Contains(id)).ToList();
        bool isNew = latest is null || latest.Row.ProtocolHash != hash;
        var row = isNew ? new BenchmarkRow(protocol.Name, (latest?.Row.Version ?? 0) + 1, hash, protocol.ToJson(), DateTime.UtcNow) : latest!.Row;
        Store.Write(c =>
        {
            ResultStore.Insert(c, StoreSchema.Sessions, new[] { session with { FinishedUtc = DateTime.UtcNow } }, null);
            if (isNew) ResultStore.Insert(c, StoreSchema.Benchmarks, new[] { row }, session.SessionId);
            ResultStore.Insert(c, StoreSchema.BenchmarkModels, added.Select(id => new BenchmarkModelRow(protocol.Name, id, DateTime.UtcNow)).ToList(), session.SessionId);
        });
        return new BenchmarkCreateResult(new BenchmarkVersion(row, protocol), isNew, added, known.Count + added.Count, Store.FilePath);
    }

    /// <summary>Adds run ids (completed runs of the store with weights) to a benchmark; returns those not covered before.</summary>
    public IReadOnlyList<string> AddModels(string benchmark, IReadOnlyList<string> runIds, StoreSession session)
    {
        var known = Models(benchmark).ToHashSet();
        var added = runIds.Where(id => !known.Contains(id)).Distinct().ToList();
        RequireRuns(added, $"--models of benchmark '{benchmark}'");
        if (added.Count > 0)
            Store.Write(c =>
            {
                ResultStore.Insert(c, StoreSchema.Sessions, new[] { session with { FinishedUtc = DateTime.UtcNow } }, null);
                ResultStore.Insert(c, StoreSchema.BenchmarkModels, added.Select(id => new BenchmarkModelRow(benchmark, id, DateTime.UtcNow)).ToList(), session.SessionId);
            });
        return added;
    }

    /// <summary>Latest version of every benchmark: name, version, created, models, evaluations.</summary>
    public DataFrame List() => Store.Query(
        "SELECT b.benchmark, b.version, b.created_utc, " +
        "(SELECT count(*) FROM benchmark_models m WHERE m.benchmark = b.benchmark) AS models, " +
        "(SELECT count(*) FROM benchmark_evaluations e WHERE e.benchmark = b.benchmark) AS evaluations, " +
        "(SELECT max(e.started_utc) FROM benchmark_evaluations e WHERE e.benchmark = b.benchmark) AS last_evaluation " +
        "FROM benchmarks b WHERE b.version = (SELECT max(version) FROM benchmarks c WHERE c.benchmark = b.benchmark) ORDER BY b.benchmark");

    /// <summary>The latest version of <paramref name="benchmark"/>, or null when there is none.</summary>
    public BenchmarkVersion? Latest(string benchmark) => Versions(benchmark).LastOrDefault();

    /// <summary>The latest version; throws a message listing the store's benchmarks when there is none.</summary>
    public BenchmarkVersion Require(string benchmark) => Latest(benchmark) ?? throw new ArgumentException(
        $"no benchmark '{benchmark}' in {Store.FilePath} (known: {(Names() is { Count: > 0 } k ? string.Join(", ", k) : "none")}); create it with 'gaplab benchmark create {benchmark} --from FILE.json'.");

    public IReadOnlyList<string> Names() => Strings(Store.Query("SELECT DISTINCT benchmark FROM benchmarks ORDER BY benchmark"), "benchmark");

    /// <summary>Every version of <paramref name="benchmark"/>, oldest first.</summary>
    public IReadOnlyList<BenchmarkVersion> Versions(string benchmark)
    {
        var f = Store.Query("SELECT benchmark, version, protocol_hash, protocol, created_utc FROM benchmarks WHERE benchmark = $1 ORDER BY version", benchmark);
        return Enumerable.Range(0, (int)f.Rows.Count).Select(r =>
        {
            var row = new BenchmarkRow((string)f.Columns["benchmark"][r], (int)f.Columns["version"][r], (string)f.Columns["protocol_hash"][r],
                (string)f.Columns["protocol"][r], (DateTime)f.Columns["created_utc"][r]);
            return new BenchmarkVersion(row, BenchmarkProtocol.FromJson(row.Protocol, $"stored benchmark '{benchmark}' v{row.Version}"));
        }).ToList();
    }

    /// <summary>Run ids the benchmark covers, in the order they were added.</summary>
    public IReadOnlyList<string> Models(string benchmark) =>
        Strings(Store.Query("SELECT run_id FROM benchmark_models WHERE benchmark = $1 ORDER BY added_utc, run_id", benchmark), "run_id");

    /// <summary>
    /// Evaluations of the benchmark, oldest first, one per evaluation id: a sharded one (one row per shard) is completed when all its
    /// shards are, running while any shard runs, else partial; it finished when its last shard did; its shard lists the shards stored.
    /// </summary>
    public IReadOnlyList<BenchmarkEvaluationRow> Evaluations(string benchmark) => EvaluationRows(benchmark)
        .GroupBy(e => e.EvalId, StringComparer.Ordinal)
        .Select(g =>
        {
            var first = g.First();
            if (first.Shard.Length == 0) return first;
            bool all = g.Select(e => e.Shard).Distinct().Count() == SuiteShard.Parse(first.Shard).Count && g.All(e => e.Outcome() == BenchmarkStatus.Completed);
            string status = (all ? BenchmarkStatus.Completed : g.Any(e => e.Outcome() == BenchmarkStatus.Running) ? BenchmarkStatus.Running : BenchmarkStatus.Partial).Text();
            return first with { Status = status, FinishedUtc = all ? g.Max(e => e.FinishedUtc) : null, Shard = string.Join(",", g.Select(e => e.Shard)) };
        }).ToList();

    /// <summary>The stored evaluation rows of the benchmark (one per shard of a sharded evaluation), oldest first.</summary>
    public IReadOnlyList<BenchmarkEvaluationRow> EvaluationRows(string benchmark)
    {
        var f = Store.Query("SELECT * FROM benchmark_evaluations WHERE benchmark = $1 ORDER BY started_utc, eval_id, shard", benchmark);
        return Enumerable.Range(0, (int)f.Rows.Count).Select(r => new BenchmarkEvaluationRow
        {
            EvalId = (string)f.Columns["eval_id"][r],
            Benchmark = (string)f.Columns["benchmark"][r],
            Version = (int)f.Columns["version"][r],
            DataLabel = (string)f.Columns["data_label"][r],
            Dataset = (string)f.Columns["dataset"][r],
            DataDir = (string?)f.Columns["data_dir"][r],
            DataShift = (string?)f.Columns["data_shift"][r],
            TestSize = (int)f.Columns["test_size"][r],
            Seed = (int)f.Columns["seed"][r],
            TestFingerprint = (string)f.Columns["test_fingerprint"][r],
            StartedUtc = (DateTime)f.Columns["started_utc"][r],
            FinishedUtc = (DateTime?)f.Columns["finished_utc"][r],
            Status = (string)f.Columns["status"][r],
            Shard = (string?)f.Columns["shard"][r] ?? "",
        }).ToList();
    }

    /// <summary>(run id, test set) pairs the evaluation already holds predictions for (what a resumed run skips).</summary>
    public HashSet<(string RunId, string TestSet)> DoneUnits(string evalId)
    {
        var f = Store.Query("SELECT DISTINCT run_id, test_set FROM benchmark_predictions WHERE eval_id = $1", evalId);
        return Enumerable.Range(0, (int)f.Rows.Count).Select(r => ((string)f.Columns["run_id"][r], (string)f.Columns["test_set"][r])).ToHashSet();
    }

    /// <summary>Every model's predictions in an evaluation, with its run's facts (model, seed, train accuracy).</summary>
    public IReadOnlyList<ModelEvaluation> Load(string evalId, int classes)
    {
        var f = Store.Query(
            "SELECT p.run_id, p.test_set, p.sample, p.label, p.predicted, p.confidence, r.model, r.seed, r.grid_values, r.train_acc " +
            "FROM benchmark_predictions p JOIN runs r USING (run_id) WHERE p.eval_id = $1 ORDER BY p.run_id, p.test_set, p.sample", evalId);
        var result = new List<ModelEvaluation>();
        int n = (int)f.Rows.Count, r = 0;
        while (r < n)
        {
            string run = (string)f.Columns["run_id"][r];
            var sets = new Dictionary<string, TestSetPredictions>(StringComparer.Ordinal);
            int first = r;
            while (r < n && (string)f.Columns["run_id"][r] == run)
            {
                string set = (string)f.Columns["test_set"][r];
                var (labels, predicted, confidence) = (new List<int>(), new List<int>(), new List<double>());
                while (r < n && (string)f.Columns["run_id"][r] == run && (string)f.Columns["test_set"][r] == set)
                {
                    labels.Add((int)f.Columns["label"][r]);
                    predicted.Add((int)f.Columns["predicted"][r]);
                    confidence.Add((double)f.Columns["confidence"][r]);
                    r++;
                }
                sets[set] = new TestSetPredictions(labels.ToArray(), predicted.ToArray(), confidence.ToArray());
            }
            result.Add(new ModelEvaluation(run, (string)f.Columns["model"][first], (int)f.Columns["seed"][first], (string?)f.Columns["grid_values"][first] ?? "",
                (double)f.Columns["train_acc"][first], classes, sets));
        }
        return result;
    }

    /// <summary>The data checks recorded for an evaluation.</summary>
    public DataFrame DataChecks(string evalId) => Store.Query("SELECT * EXCLUDE (session_id) FROM benchmark_data_checks WHERE eval_id = $1 ORDER BY check_name, scope", evalId);

    /// <summary>The images behind a data check of an evaluation (<see cref="BenchmarkFlaggedImageRow"/>), by scope and test image.</summary>
    public DataFrame FlaggedImages(string evalId, string check) => Store.Query(
        "SELECT * EXCLUDE (session_id) FROM benchmark_flagged_images WHERE eval_id = $1 AND check_name = $2 " +
        "ORDER BY scope, CASE WHEN check_name = 'feature_drift' THEN -distance END, sample, other", evalId, check);

    /// <summary>Completed runs of the store with a weights file: run id -> weights path.</summary>
    public Dictionary<string, string> RunWeights(IEnumerable<string> runIds)
    {
        var ids = runIds.ToHashSet();
        var f = Store.Query("SELECT run_id, weights_file FROM runs WHERE status = 'completed'");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (long r = 0; r < f.Rows.Count; r++)
            if (ids.Contains((string)f.Columns["run_id"][r]) && f.Columns["weights_file"][r] is string w && w.Length > 0) map[(string)f.Columns["run_id"][r]] = w;
        return map;
    }

    IReadOnlyList<string> ResolveModels(BenchmarkProtocol protocol)
    {
        var ids = new List<string>();
        if (protocol.Suite is { } suite)
        {
            ids.AddRange(Strings(Store.Query("SELECT run_id FROM runs WHERE suite = $1 AND status = 'completed' ORDER BY finished_utc, run_id", suite), "run_id"));
            if (ids.Count == 0)
                throw new ArgumentException($"benchmark '{protocol.Name}': the store {Store.FilePath} holds no completed run of suite '{suite}'; run 'gaplab run --suite {suite} --out {Store.Folder}' first.");
        }
        RequireRuns(protocol.Models, $"benchmark '{protocol.Name}' 'models'");
        ids.AddRange(protocol.Models);
        return ids.Distinct().ToList();
    }

    void RequireRuns(IReadOnlyList<string> runIds, string what)
    {
        if (runIds.Count == 0) return;
        var weights = RunWeights(runIds);
        var missing = runIds.Where(id => !weights.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{what}: {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not a completed run with weights in {Store.FilePath}; list them with 'gaplab store sql \"SELECT run_id, status, weights_file FROM runs\" --store {Store.Folder}'.");
    }

    /// <summary>Writes prediction rows with DuckDB's appender (thousands per test set; row-by-row INSERTs take seconds), inside the caller's transaction.</summary>
    internal static void AppendPredictions(DuckDBConnection connection, IReadOnlyList<BenchmarkPredictionRow> rows, string sessionId)
    {
        using var appender = connection.CreateAppender(StoreSchema.BenchmarkPredictions.Name);
        foreach (var p in rows)
            appender.CreateRow().AppendValue(sessionId).AppendValue(p.EvalId).AppendValue(p.RunId).AppendValue(p.TestSet)
                .AppendValue(p.Sample).AppendValue(p.Label).AppendValue(p.Predicted).AppendValue(p.Confidence).EndRow();
    }

    static List<string> Strings(DataFrame f, string column) => Enumerable.Range(0, (int)f.Rows.Count).Select(r => (string)f.Columns[column][r]).ToList();
}
