namespace GapLab.Jobs;

/// <summary>
/// One named thing GapLab can build or compute (a model family, a complexity measure, a corruption, a dataset, a built-in suite or
/// testbed): its name, its category (model family, cost class, corruption category, ...), what it is, and its parameters or details.
/// </summary>
public sealed record CatalogEntry(string Name, string Category, string Summary, string Details);
