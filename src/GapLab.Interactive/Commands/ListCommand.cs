using GapLab.Interactive.Magic;
using GapLab.IO;
using GapLab.Jobs;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab list [--what models|measures|corruptions|datasets|suites|testbeds] [--corruption-set S] [--as NAME]</c> (the parameters of
/// <see cref="ListJob"/>, as <c>gaplab list</c>): what GapLab can build and compute, as a DataFrame (name, category, summary, details).
/// </summary>
public static class ListCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "list",
        "Lists model families (with their parameters), complexity measures, corruptions, datasets, built-in suites or testbeds; returns a DataFrame.",
        [
            .. MagicParameterDescriptor.From(ListJob.Parameters),
            MagicParameterDescriptor.As("the DataFrame"),
        ]);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context) =>
        Task.FromResult<object?>(RecordFrame.ToDataFrame(ListJob.Run(args)));
}
