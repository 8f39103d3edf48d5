using System.Globalization;
using GapLab.Models;

namespace GapLab.Suites;

/// <summary>
/// The memory cost of a suite before it starts: the <see cref="ModelFootprint"/> of each distinct model at the largest batch
/// size it runs with, against the memory available. A model that cannot fit stops the suite before anything is built.
/// </summary>
public sealed record SuiteFootprint(IReadOnlyList<(ModelFootprint Model, int BatchSize)> Models, int Runs, long AvailableBytes)
{
    /// <summary>What <see cref="AvailableBytes"/> is: "available" (the host's memory) or e.g. "free on cuda:0".</summary>
    public string MemoryKind { get; init; } = "available";

    /// <summary>A job is "large" (its cost is printed before it starts) from this training footprint or parameter count of one model.</summary>
    public const long LargeBytes = 1L << 30, LargeParameters = 10_000_000;

    /// <summary>The model with the largest training footprint.</summary>
    public (ModelFootprint Model, int BatchSize) Largest => Models.MaxBy(m => m.Model.TrainingBytes(m.BatchSize));

    public bool IsLarge => Models.Count > 0 &&
        (Largest.Model.TrainingBytes(Largest.BatchSize) >= LargeBytes || Models.Any(m => m.Model.Parameters >= LargeParameters));

    /// <summary>Estimates every model of <paramref name="runs"/> for <paramref name="input"/> against <paramref name="availableBytes"/> (<paramref name="memoryKind"/> says whose).</summary>
    /// <exception cref="ModelTooLargeException">A model needs more than <paramref name="availableBytes"/> to train.</exception>
    public static SuiteFootprint Check(IReadOnlyList<SuiteRun> runs, InputShape input, long availableBytes, string memoryKind = "available")
    {
        ArgumentNullException.ThrowIfNull(runs);
        var models = new List<(ModelFootprint, int)>();
        foreach (var group in runs.GroupBy(r => r.Model, StringComparer.Ordinal))
        {
            int batch = group.Max(r => r.Settings.BatchSize);
            var f = ModelFootprint.Estimate(group.Key, input, availableBytes);
            if (f.TrainingBytes(batch) > availableBytes) throw new ModelTooLargeException(f, batch, availableBytes, memoryKind);
            models.Add((f, batch));
        }
        return new SuiteFootprint(models, runs.Count, availableBytes) { MemoryKind = memoryKind };
    }

    /// <summary>One line: runs, the largest model's parameters and approximate training memory, the memory available.</summary>
    public override string ToString()
    {
        var (m, batch) = Largest;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Runs} runs; largest model {m.Spec}: {m.Parameters:N0} parameters, ~{Gb(m.TrainingBytes(batch))} GB to train at batch {batch}" +
            $"{(m.ActivationsCounted ? "" : " (weights, gradients and optimizer state; activations not counted)")}; {Gb(AvailableBytes)} GB {MemoryKind}");
    }

    internal static string Gb(long bytes) => (bytes / 1e9).ToString(bytes >= 10e9 ? "F0" : "F1", CultureInfo.InvariantCulture);
}
