namespace GapLab.Metrics.Correlation;

/// <summary>
/// One trained model of a population: its hyperparameter values (categorical ones encoded as numbers by the caller),
/// its generalization-measure value mu and its generalization gap g (e.g. train_acc - test_acc, as PGDL).
/// </summary>
public sealed record PopulationMember(IReadOnlyDictionary<string, double> Hyperparameters, double Measure, double Gap);
