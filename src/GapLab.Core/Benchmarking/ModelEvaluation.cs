namespace GapLab.Benchmarking;

/// <summary>
/// Everything a benchmark metric needs about one model in one evaluation: its run (model spec, seed, train accuracy from training)
/// and its predictions on every test set of the evaluation.
/// </summary>
public sealed record ModelEvaluation(string RunId, string Model, int Seed, string GridValues, double TrainAccuracy, int Classes,
    IReadOnlyDictionary<string, TestSetPredictions> TestSets)
{
    public TestSetPredictions Clean => TestSets.TryGetValue(BenchmarkTestSets.Clean, out var c) ? c
        : throw new InvalidDataException($"run '{RunId}' has no predictions on the clean test set in this evaluation.");

    /// <summary>Model spec and grid values without the seed: the configuration whose seeds are compared.</summary>
    public string Configuration => GridValues.Length == 0 ? Model : $"{Model} {GridValues}";
}
