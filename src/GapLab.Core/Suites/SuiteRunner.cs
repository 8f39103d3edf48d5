using GapLab.IO;
using GapLab.Data;
using GapLab.Metrics;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Training;
using GapLab.Weights;
using TorchSharp;
using DeviceType = TorchSharp.DeviceType;

namespace GapLab.Suites;

/// <summary>Where and how a suite runs: dataset override, device/threads/seed settings, output folder, epochs override.</summary>
public sealed record SuiteRunOptions
{
    public string? DataDir { get; init; }
    public string? DatasetOverride { get; init; }
    public TorchSettings Torch { get; init; } = new();
    /// <summary>Added to every run's seed (so <c>--seed 10</c> shifts the population's seeds reproducibly); the run ids name the shifted seeds.</summary>
    public int SeedOffset { get; init; }
    public int? EpochsOverride { get; init; }
    public string OutDir { get; init; } = "runs";
    public bool SaveWeights { get; init; } = true;
    /// <summary>Skip runs whose id is already in the store (resume after a kill).</summary>
    public bool Resume { get; init; } = true;
    /// <summary>Run only this shard of the suite, in the store folder <c>OutDir/shard-i-of-N</c> (null = every run, in OutDir).</summary>
    public SuiteShard? Shard { get; init; }
    /// <summary>Called with the suite's memory estimate before the first run (CPU only); the CLI prints it for large jobs.</summary>
    public Action<SuiteFootprint>? OnFootprint { get; init; }
    /// <summary>Gets the one-line notice when the runs of an older GapLab's runs.csv are imported into the store (see <see cref="LegacyRunsCsvImport"/>).</summary>
    public Action<string>? OnNotice { get; init; }
    /// <summary>The command line that started the suite, recorded in the result store's sessions table (null = not known).</summary>
    public string? CommandLine { get; init; }

    /// <summary>The store folder the runs are written to: <see cref="OutDir"/>, or its shard folder.</summary>
    public string StoreDir => Shard is null ? OutDir : Path.Combine(OutDir, Shard.FolderName);
}

/// <summary>
/// Trains every run of a <see cref="SuiteSpec"/> and writes one <see cref="RunRecord"/> per finished run, with its epochs,
/// to the folder's <see cref="ResultStore"/> (one transaction) as soon as it ends, then re-exports <c>runs.csv</c>/<c>epochs.csv</c>
/// from the store (never read back), so a killed process loses nothing completed; a rerun skips the runs the store holds.
/// A diverged run is recorded with status <c>diverged</c>; a cancel stops at the next batch and keeps finished runs.
/// </summary>
public static class SuiteRunner
{
    public static SuiteResult Run(SuiteSpec suite, SuiteRunOptions options, IProgress<SuiteProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        suite.Validate(suite.Name);
        var runtime = TorchEnvironment.Apply(options.Torch);
        var device = TorchEnvironment.ResolveDevice(options.Torch.Device);
        var split = DatasetCatalog.Load(ResolveDatasetName(suite, options), options.DataDir);
        var runs = options.Shard is { } shard ? shard.Select(suite.Expand(options.SeedOffset, options.EpochsOverride)) : suite.Expand(options.SeedOffset, options.EpochsOverride);
        // a bad model spec fails here, before any store file is created
        foreach (var model in runs.Select(r => r.Model).Distinct()) ModelRegistry.Canonicalize(model);
        // a model that cannot fit in memory fails here too, before anything is built or written (CPU: the host's memory; CUDA: the
        // device's free memory as its driver reports it, or a notice that it could not be checked)
        if (device.type == DeviceType.CPU)
            options.OnFootprint?.Invoke(SuiteFootprint.Check(runs, InputShape.Of(split.Train), MachineMemory.AvailableBytes()));
        else if (device.type == DeviceType.CUDA)
        {
            string where = $"free on cuda:{Math.Max(0, (int)device.index)}";
            if (GpuMemory.FreeBytes(Math.Max(0, (int)device.index)) is { } free)
                options.OnFootprint?.Invoke(SuiteFootprint.Check(runs, InputShape.Of(split.Train), free, where));
            else
                options.OnNotice?.Invoke($"GPU memory not checked before the suite (nvidia-smi could not report what is {where}); a model too large for it fails when it is built.");
        }
        // Ctrl+C / SIGTERM during the data load, the self-check or the estimate: stop before the store is created or locked
        // (the CLI says "cancelled; nothing written" in one line, exit 1)
        ct.ThrowIfCancellationRequested();
        using var writer = StoreLock.Acquire(options.StoreDir, options.CommandLine ?? "run");
        var store = new RunCsvExport(options.StoreDir);
        // a folder of an older GapLab (runs.csv only) has its runs imported into the store first; the store is all that is read
        var results = LegacyRunsCsvImport.Open(options.StoreDir, options.OnNotice, lockHeld: true) ?? ResultStore.OpenOrCreate(options.StoreDir);
        if (options.Resume) store.ExportFrom(results); // a run the store committed but the files missed, or a cancelled attempt they still list, is set right
        var done = options.Resume ? results.CompletedRunIds() : new HashSet<string>();
        var session = StoreSession.Start("run", runtime, options.CommandLine,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"torch={runtime.Seed}; offset={options.SeedOffset}"),
            [(split.Train.Name, split.Train.Fingerprint), (split.Test.Name, split.Test.Fingerprint)]);
        var records = new List<RunRecord>();
        var skipped = new List<string>();
        results.BeginSession(session);
        try
        {
            for (int i = 0; i < runs.Count; i++)
            {
                var run = runs[i];
                if (done.Contains(run.RunId)) { skipped.Add(run.RunId); continue; }
                if (ct.IsCancellationRequested) break;
                progress?.Report(new SuiteProgress(i, runs.Count, run.RunId, null, null));
                var record = RunOne(suite, run, split, options, runtime, device, store, results, session.SessionId,
                    p => progress?.Report(new SuiteProgress(i, runs.Count, run.RunId, p, null)), ct);
                records.Add(record);
                progress?.Report(new SuiteProgress(i, runs.Count, run.RunId, null, record));
                if (record.Outcome() == TrainStatus.Cancelled) break;
            }
        }
        finally
        {
            results.EndSession(session.SessionId, DateTime.UtcNow);
        }
        return new SuiteResult(suite, runtime, records, skipped, store.RunsPath, store.EpochsPath, results.FilePath);
    }

    /// <summary>
    /// The dataset to load: the explicit override, else the suite's; a folder given for the embedded default means the
    /// full Fashion-MNIST in that folder (the embedded set has no folder).
    /// </summary>
    public static string ResolveDatasetName(SuiteSpec suite, SuiteRunOptions options)
    {
        if (options.DatasetOverride is { Length: > 0 } name) return name;
        if (!string.IsNullOrEmpty(options.DataDir) && suite.Dataset == EmbeddedFashionMnist.Name) return "fashion-mnist";
        return suite.Dataset;
    }

    static RunRecord RunOne(SuiteSpec suite, SuiteRun run, DatasetSplit split, SuiteRunOptions options, RuntimeInfo runtime,
        torch.Device device, RunCsvExport store, ResultStore results, string sessionId, Action<TrainProgress> onProgress, CancellationToken ct)
    {
        var s = run.Settings;
        int seed = run.Seed;
        int epochs = options.EpochsOverride ?? s.Epochs;
        var train = split.Train;
        if (s.TrainSize is { } n && n < train.Count) train = Subsample.Stratified(train, n, seed);
        if (s.LabelNoise > 0) train = LabelNoise.Apply(train, s.LabelNoise, seed).Dataset;
        var test = split.Test;

        torch.manual_seed(seed);
        var built = ModelRegistry.Create(run.Model, InputShape.Of(train));
        using var module = built.Module;
        module.to(device);
        var trainOptions = new TrainOptions
        {
            Optimizer = s.Optimizer,
            LearningRate = s.LearningRate,
            Momentum = s.Momentum,
            Nesterov = s.Nesterov,
            WeightDecay = s.WeightDecay,
            Schedule = s.Schedule,
            BatchSize = s.BatchSize,
            Epochs = epochs,
            LabelSmoothing = s.LabelSmoothing,
            Seed = seed,
            Device = device.ToString(),
            Augment = s.Augment,
            Augmentation = s.Augment ? Augmentation.CropFlip(train.SampleShape) : null,
        };
        using var result = Trainer.Train(module, train, test, trainOptions, new Progress(onProgress), ct);

        string? weightsFile = null, initFile = null;
        var safeId = RunCsvExport.FileSafe(run.RunId);
        if (options.SaveWeights && result.Epochs.Count > 0)
        {
            var dir = Path.Combine(options.StoreDir, "models");
            Directory.CreateDirectory(dir);
            weightsFile = Path.Combine(dir, safeId + ".safetensors");
            initFile = Path.Combine(dir, safeId + ".init.safetensors");
            var meta = new Dictionary<string, string> { ["gaplab.spec"] = built.Spec, ["gaplab.input"] = built.Input.ToString(), ["gaplab.run_id"] = run.RunId, ["gaplab.dataset"] = train.Name };
            if (s.TrainSize is { } subsetSize && subsetSize < split.Train.Count)
                foreach (var (k, v) in new TrainingSubset(subsetSize, seed).ToMetadata()) meta[k] = v;
            ModelWeights.Save(built, weightsFile, meta);
            Safetensors.Save(initFile, result.InitialState, meta);
        }
        // a run that diverged or was cancelled before finishing one epoch has no metrics: NaN, with its status
        var final = result.Final ?? new FinalMetrics(double.NaN, double.NaN, double.NaN, double.NaN);
        var gap = new GeneralizationGap(final.TrainAccuracy, final.TestAccuracy, final.TrainLoss, final.TestLoss);
        var (ciLow, ciHigh) = double.IsNaN(final.TestAccuracy)
            ? (double.NaN, double.NaN)
            : WilsonInterval.Compute((int)Math.Round(final.TestAccuracy * test.Count), test.Count);
        var record = new RunRecord
        {
            RunId = run.RunId,
            Model = built.Spec,
            Params = built.ParameterCount,
            Seed = seed,
            Epochs = result.Epochs.Count,
            Steps = result.TotalSteps,
            TrainAcc = final.TrainAccuracy,
            TestAcc = final.TestAccuracy,
            TrainLoss = final.TrainLoss,
            TestLoss = final.TestLoss,
            AccGap = gap.AccuracyGap,
            LossGap = gap.LossGap,
            TestAccCiLow = ciLow,
            TestAccCiHigh = ciHigh,
            Status = result.Status.Text(),
            StepsToCe01 = result.StepsToCe01,
            StepsToCe001 = result.StepsToCe001,
            WallSeconds = result.WallSeconds,
            TrainSize = train.Count,
            TestSize = test.Count,
            Optimizer = s.Optimizer,
            LearningRate = s.LearningRate,
            WeightDecay = s.WeightDecay,
            BatchSize = s.BatchSize,
            LabelNoise = s.LabelNoise,
            GridValues = string.Join(";", run.GridValues.Select(kv => $"{kv.Key}={kv.Value}")),
            WeightsFile = weightsFile,
            InitWeightsFile = initFile,
            Message = result.Message ?? "",
            Suite = suite.Name,
            Dataset = train.Name,
            DatasetFingerprint = train.Fingerprint,
            Device = runtime.Device,
            Threads = runtime.Threads,
            GaplabVersion = runtime.GapLabVersion,
            TorchsharpVersion = runtime.TorchSharpVersion,
            LibtorchVersion = runtime.LibTorchVersion,
            FinishedUtc = DateTime.UtcNow,
            KernelCheck = runtime.KernelCheck,
        };
        var epochRows = RunCsvExport.EpochRows(record, result.Epochs);
        results.WriteRun(sessionId, record, epochRows); // the store is authoritative; the CSV files are its export
        store.ExportFrom(results);
        return record;
    }

    sealed class Progress(Action<TrainProgress> action) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => action(value);
    }
}

/// <summary>What a suite run produced: the new records, the ids skipped because the store already had them, and the files.</summary>
public sealed record SuiteResult(SuiteSpec Suite, RuntimeInfo Runtime, IReadOnlyList<RunRecord> Runs, IReadOnlyList<string> Skipped, string RunsCsv, string EpochsCsv,
    string StorePath);
