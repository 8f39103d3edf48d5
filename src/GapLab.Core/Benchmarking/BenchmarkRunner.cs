using GapLab.IO;
using System.Globalization;
using GapLab.Data;
using GapLab.Models;
using GapLab.Quality;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Testbed;
using GapLab.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Benchmarking;

/// <summary>
/// Runs a <see cref="BenchmarkRunRequest"/>: loads the data version, evaluates every covered model on every test set of the protocol
/// (clean, corruptions x severities, domain shifts) and writes each (model, test set) as one transaction of per-image predictions, so a
/// cancel or kill keeps what is done and the next run on the same data resumes; then runs the data checks and marks the evaluation completed.
/// </summary>
public static class BenchmarkRunner
{
    public static BenchmarkRunResult Run(BenchmarkRunRequest request, IProgress<BenchmarkProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var registry = new BenchmarkRegistry(ResultStore.Open(request.StoreDir));
        var version = registry.Require(request.Benchmark);
        var protocol = version.Protocol;
        int seed = protocol.Seeds[0];
        var runtime = TorchEnvironment.Apply(request.Torch);
        var data = BenchmarkData.Load(request.Dataset ?? protocol.Dataset, request.DataDir, request.DataShift, protocol.TestSize, seed);
        var device = TorchEnvironment.ResolveDevice(request.Torch.Device);
        var session = StoreSession.Start("benchmark run", runtime, request.CommandLine, $"torch={runtime.Seed}; protocol={string.Join(",", protocol.Seeds)}",
            [(data.Train.Name, data.Train.Fingerprint), (data.Test.Name, data.Test.Fingerprint)]);
        if (request.AddModels.Count > 0) registry.AddModels(request.Benchmark, request.AddModels, session with { Command = "benchmark add-models" });
        var runIds = registry.Models(request.Benchmark);
        if (runIds.Count == 0) throw new ArgumentException($"benchmark '{request.Benchmark}' covers no model; add runs with --models RUN_ID,...");
        var weights = registry.RunWeights(runIds);
        foreach (var id in runIds)
            if (!weights.ContainsKey(id)) throw new InvalidDataException($"run '{id}' of benchmark '{request.Benchmark}' has no completed row with weights in {registry.Store.FilePath}.");

        var evaluations = registry.Evaluations(request.Benchmark);
        var mine = request.Shard is { } part ? runIds.Where((_, k) => part.Contains(k)).ToList() : runIds;
        string shard = request.Shard?.ToString() ?? "";
        string dataLabel = request.DataLabel ?? data.Label;
        string? evalId = request.EvalId ?? (request.Shard is { } sh ? ShardedEvalId(request.Benchmark, version.Row.Version, data.Test.Fingerprint, dataLabel, sh.Count) : null);
        var stored = registry.EvaluationRows(request.Benchmark);
        if (evalId is not null && stored.FirstOrDefault(e => e.EvalId == evalId) is { } other && (other.Version != version.Row.Version || other.TestFingerprint != data.Test.Fingerprint))
            throw new ArgumentException($"evaluation '{evalId}' of benchmark '{request.Benchmark}' was made under v{other.Version} on test data {other.TestFingerprint[..12]}, " +
                $"not v{version.Row.Version} on {data.Test.Fingerprint[..12]}; give another --eval-id.");
        var resume = evalId is not null
            ? stored.FirstOrDefault(e => e.EvalId == evalId && e.Shard == shard)
            : stored.LastOrDefault(e => e.Outcome() != BenchmarkStatus.Completed && e.Shard.Length == 0 && e.Version == version.Row.Version && e.TestFingerprint == data.Test.Fingerprint);
        if (resume?.Outcome() == BenchmarkStatus.Completed)
            return new BenchmarkRunResult(resume, true, 0, mine.Count * protocol.TestSets().Count, false, []);
        var evaluation = resume ?? new BenchmarkEvaluationRow
        {
            EvalId = evalId ?? DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6],
            Benchmark = request.Benchmark,
            Version = version.Row.Version,
            DataLabel = dataLabel,
            Dataset = data.Dataset,
            DataDir = data.DataDir,
            DataShift = data.DataShift,
            TestSize = protocol.TestSize,
            Seed = seed,
            TestFingerprint = data.Test.Fingerprint,
            StartedUtc = DateTime.UtcNow,
            Status = BenchmarkStatus.Running.Text(),
            Shard = shard,
        };
        var store = registry.Store;
        store.BeginSession(session);
        if (resume is null) store.Write(c => ResultStore.Insert(c, StoreSchema.BenchmarkEvaluations, new[] { evaluation }, session.SessionId));
        var done = resume is null ? [] : registry.DoneUnits(evaluation.EvalId);
        var testSets = protocol.TestSets();
        int total = mine.Count * testSets.Count, evaluated = 0, skipped = 0;
        double[,]? meanProbabilities = null;
        bool cancelled = false;
        var (x, y) = data.Test.ToTensors(device);
        var sets = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var runId in mine)
            {
                if (ct.IsCancellationRequested) { cancelled = true; break; }
                using var model = LoadModel(weights[runId], store.Folder, data.Test);
                model.Module.to(device).eval();
                foreach (var set in testSets)
                {
                    if (ct.IsCancellationRequested) { cancelled = true; break; }
                    bool isDone = done.Contains((runId, set));
                    // the clean set is predicted again when done, for the label-noise check's probabilities
                    if (isDone && set != BenchmarkTestSets.Clean) { skipped++; continue; }
                    progress?.Report(new BenchmarkProgress(evaluated + skipped, total, $"{runId} on {set}"));
                    double[,] probabilities;
                    if (BenchmarkTestSets.IsAdversarial(set))
                    {
                        // the attacked images are the model's own: made, predicted and dropped per model
                        using var attacked = Attacked(model.Module, set, x, y, protocol.Attack()!, request.BatchSize, ct);
                        probabilities = Predict(model.Module, attacked, request.BatchSize, ct);
                    }
                    else probabilities = Predict(model.Module, sets.TryGetValue(set, out var t) ? t : sets[set] = Images(set, x, seed), request.BatchSize, ct);
                    if (set == BenchmarkTestSets.Clean) meanProbabilities = Accumulate(meanProbabilities, probabilities, mine.Count);
                    if (isDone) { skipped++; continue; }
                    var rows = Rows(evaluation.EvalId, runId, set, probabilities, data.Test.Labels);
                    store.Write(c => BenchmarkRegistry.AppendPredictions(c, rows, session.SessionId));
                    evaluated++;
                }
                if (cancelled) break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            x.Dispose();
            y.Dispose();
            foreach (var t in sets.Values) t.Dispose();
        }

        var checks = new List<BenchmarkDataCheckRow>();
        var flagged = new List<BenchmarkFlaggedImageRow>();
        // the data checks are the evaluation's, not a shard's: shard 1 (which holds the first model, whose features the drift test uses) runs them
        if (!cancelled && request.Shard is not { Index: > 1 })
        {
            progress?.Report(new BenchmarkProgress(total, total, "data checks"));
            try
            {
                var referenceRow = request.ReferenceEvalId is { } rid
                    ? evaluations.FirstOrDefault(e => e.EvalId == rid) ?? throw new ArgumentException($"--reference: no evaluation '{rid}' of benchmark '{request.Benchmark}'.")
                    : evaluations.FirstOrDefault(e => e.Outcome() == BenchmarkStatus.Completed && e.EvalId != evaluation.EvalId);
                var reference = referenceRow is null ? null : BenchmarkData.Of(referenceRow);
                using var first = LoadModel(weights[runIds[0]], store.Folder, data.Test);
                first.Module.to(device).eval();
                Func<Dataset, double[][]>? features = HasLinearHead(first.Module) ? d => Features(first.Module, d, device) : null;
                checks = BenchmarkDataChecks.Compute(evaluation.EvalId, referenceRow?.EvalId, data, reference, features, meanProbabilities, protocol, ct, flagged);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                cancelled = true;
            }
        }
        var status = (cancelled ? BenchmarkStatus.Cancelled : BenchmarkStatus.Completed).Text();
        var finished = DateTime.UtcNow;
        store.Write(c =>
        {
            if (!cancelled)
            {
                ResultStore.Insert(c, StoreSchema.BenchmarkDataChecks, checks, session.SessionId);
                ResultStore.Insert(c, StoreSchema.BenchmarkFlaggedImages, flagged, session.SessionId);
            }
            ResultStore.Execute(c, "UPDATE benchmark_evaluations SET status = $1, finished_utc = $2 WHERE eval_id = $3 AND shard = $4",
                status, cancelled ? null : finished, evaluation.EvalId, shard);
        });
        store.EndSession(session.SessionId, finished);
        return new BenchmarkRunResult(evaluation with { Status = status, FinishedUtc = cancelled ? null : finished }, resume is not null, evaluated, skipped, cancelled, checks);
    }

    /// <summary>The evaluation id every shard of an N-way sharded run derives alike: the benchmark version, the test data and N.</summary>
    internal static string ShardedEvalId(string benchmark, int version, string testFingerprint, string dataLabel, int shards)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{benchmark}\n{version}\n{testFingerprint}\n{dataLabel}\n{shards}");
        return string.Create(CultureInfo.InvariantCulture, $"shards{shards}-") + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..12];
    }

    /// <summary>The images of a test set: clean, a corruption at a severity (seeded), or a domain shift.</summary>
    static Tensor Images(string set, Tensor clean, int seed)
    {
        if (set == BenchmarkTestSets.Clean) return clean.alias();
        if (BenchmarkTestSets.IsCorruption(set))
        {
            var (name, severity) = BenchmarkTestSets.ParseCorruption(set);
            return CorruptionCatalog.Apply(name, clean, severity, seed);
        }
        return DomainShift.Apply(set, clean);
    }

    /// <summary>
    /// FGSM or PGD images of <paramref name="model"/> for the clean images <paramref name="x"/> (labels <paramref name="y"/>) at the set's
    /// epsilon, in batches; batch b starts PGD with seed + b, as <see cref="Quality.AdversarialRobustness.Evaluate"/> does.
    /// </summary>
    static Tensor Attacked(nn.Module<Tensor, Tensor> model, string set, Tensor x, Tensor y, PgdOptions pgd, int batchSize, CancellationToken ct)
    {
        var (attack, epsilon) = BenchmarkTestSets.ParseAdversarial(set);
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0, batch = 0; start < x.shape[0]; start += batchSize, batch++)
        {
            ct.ThrowIfCancellationRequested();
            long len = Math.Min(batchSize, x.shape[0] - start);
            var (xb, yb) = (x.narrow(0, start, len), y.narrow(0, start, len));
            parts.Add(attack == BenchmarkTestSets.Fgsm ? Fgsm.Perturb(model, xb, yb, epsilon) : Pgd.Perturb(model, xb, yb, pgd with { Epsilon = epsilon, Seed = pgd.Seed + batch }));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    static BuiltModel LoadModel(string weightsFile, string storeFolder, Dataset test)
    {
        string path = weightsFile;
        if (!File.Exists(path)) path = Path.Combine(storeFolder, "models", Path.GetFileName(weightsFile));
        if (!File.Exists(path)) throw new FileNotFoundException($"weights '{weightsFile}' are gone (also not in {Path.Combine(storeFolder, "models")}); retrain the run or remove it from the benchmark.", weightsFile);
        return ModelWeights.LoadModel(path, InputShape.Of(test));
    }

    /// <summary>Softmax probabilities [N, K] in batches.</summary>
    static double[,] Predict(nn.Module<Tensor, Tensor> model, Tensor images, int batchSize, CancellationToken ct)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            using var batch = images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start));
            parts.Add(nn.functional.softmax(model.call(batch).to(ScalarType.Float64), 1).cpu());
        }
        return ClassificationInputs.ToMatrix(cat(parts, 0), "probabilities");
    }

    static List<BenchmarkPredictionRow> Rows(string evalId, string runId, string set, double[,] p, int[] labels)
    {
        var rows = new List<BenchmarkPredictionRow>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            var (pred, conf) = ClassificationInputs.ArgMax(p, i);
            rows.Add(new BenchmarkPredictionRow(evalId, runId, set, i, labels[i], pred, conf));
        }
        return rows;
    }

    static double[,] Accumulate(double[,]? sum, double[,] p, int models)
    {
        sum ??= new double[p.GetLength(0), p.GetLength(1)];
        for (int i = 0; i < p.GetLength(0); i++)
            for (int j = 0; j < p.GetLength(1); j++) sum[i, j] += p[i, j] / models;
        return sum;
    }

    static bool HasLinearHead(nn.Module<Tensor, Tensor> model)
    {
        try { PenultimateFeatures.FindClassifier(model); return true; }
        catch (ArgumentException) { return false; }
    }

    static double[][] Features(nn.Module<Tensor, Tensor> model, Dataset d, Device device)
    {
        var (x, y) = d.ToTensors(device);
        using (x) using (y)
        using (var f = PenultimateFeatures.Extract(model, x))
        {
            var m = ClassificationInputs.ToMatrix(f, "features");
            return Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();
        }
    }
}
