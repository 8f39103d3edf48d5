using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using GapLab.Data;
using GapLab.Runtime;

namespace GapLab.Interactive.Reports;

/// <summary>
/// Where a report's numbers come from: GapLab version and git commit, TorchSharp / libtorch / .NET versions, OS, processors,
/// device and threads, seeds, dataset fingerprints (SHA-256 of features and labels), command line and start / end time.
/// <see cref="Note"/> picks device, threads, seed and fingerprints up from the values added to a report
/// (<see cref="RuntimeInfo"/>, <see cref="Dataset"/>, <see cref="DatasetSplit"/>); the setters and <see cref="Set"/> record the rest.
/// </summary>
public sealed class ReportProvenance
{
    readonly List<(string Key, string Value)> _leading = [];
    readonly List<(string Name, long Seed)> _seeds = [];
    readonly List<(string Name, string Fingerprint)> _datasets = [];

    /// <param name="commandLine">The command that made the report; null = this process's command line.</param>
    /// <param name="startedUtc">When the work began; null = now.</param>
    public ReportProvenance(string? commandLine = null, DateTime? startedUtc = null)
    {
        CommandLine = commandLine ?? Environment.CommandLine;
        StartedUtc = startedUtc ?? DateTime.UtcNow;
    }

    public string CommandLine { get; set; }
    public DateTime StartedUtc { get; set; }

    /// <summary>When the work ended; null until set (saving a report sets it to the time of saving).</summary>
    public DateTime? FinishedUtc { get; set; }

    /// <summary>The torch device used, e.g. "cpu" or "cuda:0"; null = not recorded.</summary>
    public string? Device { get; set; }

    /// <summary>libtorch intra-op threads; null = read from libtorch when the block is written.</summary>
    public int? Threads { get; set; }

    /// <summary>Seeds in the order recorded, e.g. ("torch", 0), ("model", 1).</summary>
    public IReadOnlyList<(string Name, long Seed)> Seeds => _seeds;

    /// <summary>Datasets used and their fingerprints, in the order recorded (one entry per distinct pair).</summary>
    public IReadOnlyList<(string Name, string Fingerprint)> Datasets => _datasets;

    /// <summary>Records a seed; a second seed under the same name replaces the first.</summary>
    public ReportProvenance AddSeed(string name, long seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _seeds.RemoveAll(s => s.Name == name);
        _seeds.Add((name, seed));
        return this;
    }

    /// <summary>Records <paramref name="dataset"/>'s name and fingerprint.</summary>
    public ReportProvenance AddDataset(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return AddDataset(dataset.Name, dataset.Fingerprint);
    }

    public ReportProvenance AddDataset(string name, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        if (!_datasets.Contains((name, fingerprint))) _datasets.Add((name, fingerprint));
        return this;
    }

    /// <summary>Adds (or replaces) a field shown first, e.g. the notebook a report was run from.</summary>
    public ReportProvenance Set(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        int i = _leading.FindIndex(f => f.Key == key);
        if (i >= 0) _leading[i] = (key, value);
        else _leading.Add((key, value));
        return this;
    }

    /// <summary>Takes device, threads and seed from a <see cref="RuntimeInfo"/> and fingerprints from datasets; ignores other values.</summary>
    public void Note(object value)
    {
        switch (value)
        {
            case RuntimeInfo runtime:
                Device = runtime.Device;
                Threads = runtime.Threads;
                AddSeed("torch", runtime.Seed);
                break;
            case DatasetSplit split:
                AddDataset(split.Train.Name + " (train)", split.Train.Fingerprint);
                AddDataset(split.Test.Name + " (test)", split.Test.Fingerprint);
                break;
            case Dataset dataset:
                AddDataset(dataset);
                break;
        }
    }

    /// <summary>The git commit GapLab was built from (recorded by the SDK in the assembly's informational version), or "unknown".</summary>
    public static string GitCommit()
    {
        var version = typeof(TorchEnvironment).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+') ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : "unknown";
    }

    /// <summary>The provenance fields in display order; <paramref name="plotly"/> says where the report's charts get plotly.js from.</summary>
    public IReadOnlyList<(string Key, string Value)> Fields(PlotlyScript plotly)
    {
        ArgumentNullException.ThrowIfNull(plotly);
        TorchRuntime.EnsureLoaded();
        var fields = new List<(string, string)>(_leading)
        {
            ("GapLab", TorchEnvironment.GapLabVersion()),
            ("git commit", GitCommit()),
            ("TorchSharp", TorchRuntime.TorchSharpVersion()),
            ("libtorch", TorchEnvironment.LibTorchVersion()),
            ("kernel self-check", Runtime.SelfCheck.KernelSelfCheck.Last?.Summary ?? "not run (no training or evaluation in this session)"),
            ("CPU", $"{CpuFeatures.Current.Model} ({CpuFeatures.Current.FlagsText})"),
            (".NET", Environment.Version.ToString()),
            ("OS", RuntimeInformation.OSDescription),
            ("processors", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)),
            ("device", Device ?? "not recorded (add the RuntimeInfo of #!gaplab device / TorchEnvironment.Apply, or set Device)"),
            ("threads", (Threads ?? TorchSharp.torch.get_num_threads()).ToString(CultureInfo.InvariantCulture)),
            ("seeds", _seeds.Count == 0 ? "not recorded" : string.Join(", ", _seeds.Select(s => $"{s.Name}={s.Seed.ToString(CultureInfo.InvariantCulture)}"))),
        };
        if (_datasets.Count == 0) fields.Add(("datasets", "not recorded"));
        foreach (var (name, fingerprint) in _datasets) fields.Add(("dataset " + name, "SHA-256 " + fingerprint));
        fields.Add(("command", CommandLine));
        fields.Add(("started (UTC)", Time(StartedUtc)));
        if (FinishedUtc is { } end)
        {
            fields.Add(("finished (UTC)", Time(end)));
            fields.Add(("duration", (end - StartedUtc).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"));
        }
        fields.Add(("plotly.js", plotly.Origin));
        return fields;
    }

    static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
