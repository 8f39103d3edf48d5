using GapLab.Data;
using GapLab.Interactive.Formatting;
using GapLab.Interactive.Magic;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab data --from VARIABLE [--split train|test|both] [--as NAME]</c>: describes a <see cref="Dataset"/> or
/// <see cref="DatasetSplit"/> held in a notebook variable (size, shape, class balance, feature statistics, fingerprint).
/// </summary>
public static class DataCommand
{
    public static readonly IReadOnlyList<string> Splits = ["both", "train", "test"];

    public static MagicCommandDescriptor Descriptor { get; } = new(
        "data",
        "Describes a Dataset or DatasetSplit variable: samples, shape, class counts, feature statistics, fingerprint.",
        [
            new("--from", "Name of the C# variable holding a GapLab.Data.Dataset or DatasetSplit.", Required: true, Kind: MagicParameterKind.Identifier),
            MagicParameterDescriptor.Choice("--split", "For a DatasetSplit: which part to describe.", Splits, defaultValue: "both"),
            MagicParameterDescriptor.As("the DatasetSummary (or DatasetSplitSummary for both parts)"),
        ]);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var name = args.GetRequiredString("--from");
        var split = args.GetRequiredString("--split");
        var value = NotebookVariables.Get(context, "--from", name, $"e.g. var {name} = ...Dataset...");
        object result = value switch
        {
            Dataset d when split == "both" => DatasetSummary.Of(d),
            Dataset => throw new ArgumentException($"--split '{split}' applies to a DatasetSplit, but '{name}' is a single Dataset; omit --split."),
            DatasetSplit s => split switch
            {
                "train" => DatasetSummary.Of(s.Train),
                "test" => DatasetSummary.Of(s.Test),
                _ => DatasetSplitSummary.Of(s),
            },
            _ => throw NotebookVariables.WrongType("--from", name, value, "a GapLab.Data.Dataset or DatasetSplit"),
        };
        return Task.FromResult<object?>(result);
    }
}
