using System.Globalization;
using GapLab.Runtime;

namespace GapLab.Store;

/// <summary>
/// Provenance of one command that wrote to a <see cref="ResultStore"/> (a row of <c>sessions</c>): what ran (command and its
/// command line), with which build (GapLab version and git commit when the build recorded one, TorchSharp, libtorch, .NET),
/// where (device, threads, OS, processors), from which seeds and data (dataset fingerprints), and when (UTC start and end).
/// </summary>
public sealed record StoreSession
{
    public required string SessionId { get; init; }
    public required string Command { get; init; }
    public string? CommandLine { get; init; }
    public required string GaplabVersion { get; init; }
    public string? GitCommit { get; init; }
    public required string TorchsharpVersion { get; init; }
    public required string LibtorchVersion { get; init; }
    public required string DotnetVersion { get; init; }
    public required string Os { get; init; }
    public required int ProcessorCount { get; init; }
    public required string RequestedDevice { get; init; }
    public required string Device { get; init; }
    public required int Threads { get; init; }
    /// <summary>The torch seed and any other seeds the command used, e.g. <c>torch=0; runs=0,1</c>.</summary>
    public required string Seeds { get; init; }
    /// <summary>Datasets as <c>name:fingerprint</c> joined by <c>;</c> (train first, then test).</summary>
    public required string Datasets { get; init; }
    public required DateTime StartedUtc { get; init; }
    public DateTime? FinishedUtc { get; init; }
    /// <summary>What the start-up self-check of libtorch's CPU kernels did in this command (see <see cref="RuntimeInfo.KernelCheck"/>).</summary>
    public string KernelCheck { get; init; } = "";

    /// <summary>A new session (fresh id, started now) of <paramref name="command"/> on the resolved <paramref name="runtime"/>.</summary>
    public static StoreSession Start(string command, RuntimeInfo runtime, string? commandLine, string seeds, IEnumerable<(string Name, string Fingerprint)> datasets)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new StoreSession
        {
            SessionId = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
            Command = command,
            CommandLine = commandLine,
            GaplabVersion = runtime.GapLabVersion,
            GitCommit = TorchEnvironment.GapLabCommit(),
            TorchsharpVersion = runtime.TorchSharpVersion,
            LibtorchVersion = runtime.LibTorchVersion,
            DotnetVersion = Environment.Version.ToString(),
            Os = runtime.Os,
            ProcessorCount = runtime.ProcessorCount,
            RequestedDevice = runtime.RequestedDevice,
            Device = runtime.Device,
            Threads = runtime.Threads,
            Seeds = seeds,
            Datasets = string.Join(";", datasets.Distinct().Select(d => $"{d.Name}:{d.Fingerprint}")),
            StartedUtc = DateTime.UtcNow,
            KernelCheck = runtime.KernelCheck,
        };
    }
}
