namespace GapLab.Runtime;

/// <summary>Resolved execution environment, recorded with every result for provenance.</summary>
public sealed record RuntimeInfo(
    string RequestedDevice,
    string Device,
    int Threads,
    long Seed,
    string TorchSharpVersion,
    string LibTorchVersion,
    string LoadMode,
    string GapLabVersion,
    string Os,
    int ProcessorCount);
