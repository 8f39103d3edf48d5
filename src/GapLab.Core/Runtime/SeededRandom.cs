using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Runtime;

/// <summary>
/// Seeded draws that are the same on every device: numbers come from a CPU <see cref="Generator"/> and are then moved to the
/// target device. GapLab never seeds a CUDA generator, so a corruption, an attack start or a noise draw is identical on CPU and
/// CUDA for the same seed (and no CUDA generator state is needed).
/// </summary>
public static class SeededRandom
{
    /// <summary>A CPU generator seeded with <paramref name="seed"/> (reinterpreted as unsigned).</summary>
    public static Generator Create(long seed) => new(unchecked((ulong)seed), CPU);

    /// <summary>Uniform [0,1) of <paramref name="shape"/> on <paramref name="device"/>.</summary>
    public static Tensor Rand(long[] shape, ScalarType dtype, Device device, Generator generator) =>
        OnDevice(rand(shape, dtype, CPU, generator: Check(generator)), device);

    /// <summary>Standard normal of <paramref name="shape"/> on <paramref name="device"/>.</summary>
    public static Tensor Randn(long[] shape, ScalarType dtype, Device device, Generator generator) =>
        OnDevice(randn(shape, dtype, CPU, generator: Check(generator)), device);

    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>) of <paramref name="shape"/> on <paramref name="device"/>.</summary>
    public static Tensor RandInt(long low, long high, long[] shape, ScalarType dtype, Device device, Generator generator) =>
        OnDevice(randint(low, high, shape, dtype, CPU, generator: Check(generator)), device);

    static Generator Check(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (generator.device.type != DeviceType.CPU)
            throw new ArgumentException($"SeededRandom draws from a CPU generator (got one on {generator.device}); create it with SeededRandom.Create.", nameof(generator));
        return generator;
    }

    static Tensor OnDevice(Tensor t, Device device)
    {
        if (device.type == DeviceType.CPU) return t;
        var moved = t.to(device);
        t.Dispose();
        return moved;
    }
}
