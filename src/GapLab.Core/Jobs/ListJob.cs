using System.Globalization;
using GapLab.Data;
using GapLab.IO;
using GapLab.Metrics.Complexity;
using GapLab.Models;
using GapLab.Quality;
using GapLab.Suites;
using GapLab.Testbed;

namespace GapLab.Jobs;

/// <summary>
/// <c>gaplab list</c> / <c>#!gaplab list</c>: every registry GapLab has, listable by name the way timm lists its models: model
/// families with their parameters (defaults and ranges), complexity measures with cost class and formula, corruptions of a set with
/// their per-severity constants, datasets, built-in suites and testbeds.
/// </summary>
public static class ListJob
{
    /// <summary>What can be listed.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["models", "measures", "corruptions", "datasets", "suites", "testbeds"];

    /// <summary>The parameters of <c>gaplab list</c> and <c>#!gaplab list</c>.</summary>
    public static IReadOnlyList<JobParameter> Parameters { get; } =
    [
        JobParameter.Choice("--what", "models (families and their parameters) | measures (complexity measures: cost class, formula) | corruptions (of --corruption-set, constants per severity) | datasets | suites | testbeds.", Kinds, "models"),
        JobParameter.Choice("--corruption-set", "The corruption set --what corruptions lists: gaplab-monotone (default) or cifar10-c (make_cifar_c.py's constants).", CorruptionSet.Names, CorruptionSet.Default.Name),
    ];

    /// <summary>The entries of <c>--what</c> (for corruptions, of <c>--corruption-set</c>).</summary>
    public static IReadOnlyList<CatalogEntry> Run(IJobArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Entries(args.Text("--what")!, args.Text("--corruption-set")!);
    }

    /// <summary>The entries of <paramref name="what"/> (one of <see cref="Kinds"/>).</summary>
    public static IReadOnlyList<CatalogEntry> Entries(string what, string corruptionSet = CorruptionSet.MonotoneName) => what switch
    {
        "models" => ModelRegistry.Names.Select(m => new CatalogEntry(m.Name, "model family", m.Description, string.Join("; ", m.Parameters.Select(p => p.ToString().Replace("; ", ", ", StringComparison.Ordinal))))).ToArray(),
        "measures" => MeasureCatalog.All.Select(m => new CatalogEntry(m.Name, m.Cost, m.Formula, string.Join("; ", new[]
            {
                "family " + MeasureRegistry.FamilyOf(m.Name).GetType().Name,
                m.SizeAdjusted ? "dataset-size adjusted" : "not size adjusted",
                m.NeedsInit ? "needs the initial weights" : "",
                m.UsesMargin ? "uses the margin" : "",
            }.Where(s => s.Length > 0)))).ToArray(),
        "corruptions" => CorruptionCatalog.AllOf(corruptionSet).Select(c => new CatalogEntry(c.Name, c.Category.Text(), c.Summary,
            string.Join("; ", c.SeverityParameters.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}: {p}"))))).ToArray(),
        "datasets" => DatasetCatalog.Names.Select(d => new CatalogEntry(d.Name, d.NeedsDirectory ? "needs --data DIR" : "built in", d.Description, "")).ToArray(),
        "suites" => BuiltInSuites.All.Select(s => new CatalogEntry(s.Name, "suite", s.Description, "models: " + string.Join(", ", s.Models))).ToArray(),
        "testbeds" => BuiltInTestbeds.All.Select(t => new CatalogEntry(t.Name, "testbed", t.Description,
            string.Create(CultureInfo.InvariantCulture, $"models: {string.Join(", ", t.Models)}; SSIM levels {string.Join(", ", t.SsimLevels)}; unseen counts {string.Join(", ", t.UnseenCounts)}"))).ToArray(),
        _ => throw new ArgumentException($"--what '{what}': unknown list; accepted: {string.Join(", ", Kinds)}."),
    };
}
