namespace GapLab.Metrics.Complexity;

/// <summary>
/// Every <see cref="MeasureFamily"/> of GapLab.Core (each non-abstract subclass with a public parameterless constructor, found
/// once), in the order they run: as-trained families first, then the folded ones, each phase by its first measure's order.
/// </summary>
public static class MeasureRegistry
{
    /// <summary>The registered families in run order.</summary>
    public static IReadOnlyList<MeasureFamily> Families { get; } = Discover();

    /// <summary>The family that computes <paramref name="measure"/> (a catalogue name, exact case).</summary>
    public static MeasureFamily FamilyOf(string measure) =>
        Families.FirstOrDefault(f => f.Measures.Any(m => m.Name == measure)) ?? throw new ArgumentException($"No registered family computes '{measure}'.", nameof(measure));

    static MeasureFamily[] Discover()
    {
        var families = typeof(MeasureFamily).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(MeasureFamily)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (MeasureFamily)Activator.CreateInstance(t)!)
            .OrderBy(f => f.Phase).ThenBy(f => f.Measures.Min(m => m.Order)).ToArray();
        var measures = families.SelectMany(f => f.Measures).ToArray();
        var duplicateName = measures.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicateName is not null) throw new InvalidOperationException($"Two measure families define {duplicateName.Key}.");
        var duplicateOrder = measures.GroupBy(m => m.Order).FirstOrDefault(g => g.Count() > 1);
        if (duplicateOrder is not null) throw new InvalidOperationException($"Measures {string.Join(", ", duplicateOrder.Select(m => m.Name))} share the catalogue order {duplicateOrder.Key}.");
        return families;
    }
}
