using GapLab.Interactive.Magic;

namespace GapLab.Interactive.Commands;

/// <summary>
/// Every built-in <c>#!gaplab</c> subcommand: one file per subcommand in this folder, each exposing <c>Descriptor</c> and
/// <c>HandleAsync</c>. Add new subcommands to <see cref="All"/>.
/// </summary>
public static class BuiltInCommands
{
    public static IReadOnlyList<(MagicCommandDescriptor Descriptor, MagicHandler Handler)> All { get; } =
    [
        (DeviceCommand.Descriptor, DeviceCommand.HandleAsync),
        (DataCommand.Descriptor, DataCommand.HandleAsync),
        (LoadCommand.Descriptor, LoadCommand.HandleAsync),
        (ModelCommand.Descriptor, ModelCommand.HandleAsync),
        (TrainCommand.Descriptor, TrainCommand.HandleAsync),
        (RunCommand.Descriptor, RunCommand.HandleAsync),
        (GapCommand.Descriptor, GapCommand.HandleAsync),
        (ReportCommand.Descriptor, ReportCommand.HandleAsync),
        (QualityCommand.Descriptor, QualityCommand.HandleAsync),
        (StoreCommand.Descriptor, StoreCommand.HandleAsync),
        (TestbedCommand.Descriptor, TestbedCommand.HandleAsync),
        (DiversityCommand.Descriptor, DiversityCommand.HandleAsync),
        (MeasuresCommand.Descriptor, MeasuresCommand.HandleAsync),
        (CorrelateCommand.Descriptor, CorrelateCommand.HandleAsync),
        (BenchmarkCommand.Descriptor, BenchmarkCommand.HandleAsync),
        (ListCommand.Descriptor, ListCommand.HandleAsync),
    ];

    /// <summary>A new registry holding <see cref="All"/>.</summary>
    public static MagicCommandRegistry CreateRegistry()
    {
        var registry = new MagicCommandRegistry();
        foreach (var (descriptor, handler) in All) registry.Register(descriptor, handler);
        return registry;
    }
}
