namespace GapLab.Benchmarking;

/// <summary>
/// <c>gaplab benchmark create</c> / <c>#!gaplab benchmark --action create</c>: record a built-in or JSON protocol under <see cref="Name"/> as
/// the benchmark's first version, or its next version when the protocol changed, covering the protocol's suite runs and models.
/// </summary>
public sealed record BenchmarkCreateRequest
{
    public required string StoreDir { get; init; }
    public required string Name { get; init; }
    /// <summary>A built-in benchmark (<see cref="BuiltInBenchmarks.All"/>) or a protocol JSON file.</summary>
    public required string From { get; init; }
    /// <summary>Folder of the protocol's dataset when it is read from files (for its test fingerprint).</summary>
    public string? DataDir { get; init; }
    public string? CommandLine { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(StoreDir)) throw new ArgumentException("--store: give the folder holding gaplab.duckdb.");
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("give the benchmark's name.");
        if (string.IsNullOrWhiteSpace(From)) throw new ArgumentException("--from: give a built-in benchmark or a protocol JSON file.");
        if (DataDir is not null && !Directory.Exists(DataDir)) throw new DirectoryNotFoundException($"--data: folder '{DataDir}' does not exist.");
    }

    /// <summary>Resolves and validates the protocol, fills in its test fingerprint and records it in the store.</summary>
    public BenchmarkCreateResult Run()
    {
        Validate();
        var protocol = BuiltInBenchmarks.Resolve(From) with { Name = Name };
        protocol.Validate(From);
        if (protocol.TestFingerprint is null)
        {
            var d = BenchmarkData.Load(protocol.Dataset, DataDir, null, protocol.TestSize, protocol.Seeds[0]);
            protocol = protocol with { TestFingerprint = d.Test.Fingerprint };
        }
        var registry = new BenchmarkRegistry(Store.ResultStore.Open(StoreDir));
        var runtime = Runtime.TorchEnvironment.Current("cpu", 0);
        var session = Store.StoreSession.Start("benchmark create", runtime, CommandLine, "", [(protocol.Dataset, protocol.TestFingerprint!)]);
        return registry.Create(protocol, session);
    }
}
