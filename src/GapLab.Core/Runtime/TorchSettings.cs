namespace GapLab.Runtime;

/// <summary>
/// The documented global settings: device (<c>auto|cpu|cuda|cuda:N</c>), intra-op thread count (0 = leave libtorch's
/// default) and the global seed used for torch, data order and augmentation. Applied by <see cref="TorchEnvironment.Apply"/>.
/// </summary>
public sealed record TorchSettings(string Device = "auto", int Threads = 0, long Seed = 0);
