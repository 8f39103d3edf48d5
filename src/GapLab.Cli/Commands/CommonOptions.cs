using System.CommandLine;

namespace GapLab.Cli.Commands;

/// <summary>Options shared by the commands that train or evaluate: data, device, threads, seed, output folder.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Data { get; } = new("--data") { Description = "Dataset folder (Fashion-MNIST/MNIST IDX files, CIFAR binaries); default: the embedded subset or the Debian package path." };
    public Option<string?> Dataset { get; } = new("--dataset") { Description = "Dataset name (fashion-mnist-embedded, fashion-mnist, mnist, cifar10, cifar100, two-spirals, gaussian-mixture); overrides the suite's." };
    public Option<string> Device { get; } = new("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => "auto" };
    public Option<int> Threads { get; } = new("--threads") { Description = "Intra-op CPU threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
    public Option<int> Seed { get; } = new("--seed") { Description = "Offset added to every run's seed.", DefaultValueFactory = _ => 0 };
    public Option<string> Out { get; } = new("--out") { Description = "Output folder.", DefaultValueFactory = _ => "runs" };

    public void AddTo(Command c)
    {
        c.Options.Add(Data);
        c.Options.Add(Dataset);
        c.Options.Add(Device);
        c.Options.Add(Threads);
        c.Options.Add(Seed);
        c.Options.Add(Out);
    }
}
