using GapLab.Interactive.Magic;
using GapLab.Runtime;

namespace GapLab.Interactive.Commands;

/// <summary><c>#!gaplab device [--device auto|cpu|cuda|cuda:N] [--threads N] [--seed N] [--as NAME]</c>: applies the torch settings and shows the resolved runtime.</summary>
public static class DeviceCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "device",
        "Loads TorchSharp, selects the device, sets intra-op threads and seeds torch; shows the resolved runtime.",
        [
            new("--device", "auto (CUDA when available), cpu, cuda or cuda:N.", DefaultValue: "auto", Completions: () => ["auto", "cpu", "cuda", "cuda:0"]),
            new("--threads", "Intra-op threads; 0 keeps libtorch's default.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            new("--seed", "Global torch seed.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.As("the RuntimeInfo"),
        ]);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        long threads = args.GetInt64("--threads") ?? 0;
        if (threads is < 0 or > int.MaxValue) throw new ArgumentException($"--threads {threads} must be between 0 and {int.MaxValue} (0 = libtorch default).");
        var settings = new TorchSettings(args.GetRequiredString("--device"), (int)threads, args.GetInt64("--seed") ?? 0);
        return Task.FromResult<object?>(TorchEnvironment.Apply(settings));
    }
}
