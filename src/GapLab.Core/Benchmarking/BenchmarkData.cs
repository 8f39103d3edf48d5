using GapLab.Data;
using GapLab.Quality;
using GapLab.Store;

namespace GapLab.Benchmarking;

/// <summary>
/// One data version an evaluation runs on: a dataset (optionally from a folder), its test split subsampled (class-balanced, seeded) and
/// optionally moved by a domain shift; the train split is kept for the leakage check. Rebuilt from an evaluation row for the data checks.
/// </summary>
public sealed record BenchmarkData(string Dataset, string? DataDir, string? DataShift, int TestSize, int Seed, Dataset Train, Dataset Test)
{
    public static BenchmarkData Load(string dataset, string? dataDir, string? dataShift, int testSize, int seed)
    {
        var split = DatasetCatalog.Load(dataset, dataDir);
        var test = split.Test;
        if (testSize > 0 && testSize < test.Count) test = Subsample.Stratified(test, testSize, seed);
        string? shift = null;
        if (dataShift is not null)
        {
            shift = DomainShift.Validate(dataShift);
            test = OodTestSets.Resolve(shift, test);
        }
        return new BenchmarkData(dataset, dataDir is null ? null : Path.GetFullPath(dataDir), shift, testSize, seed, split.Train, test);
    }

    /// <summary>The data of a stored evaluation; fails when it no longer has the fingerprint recorded then.</summary>
    public static BenchmarkData Of(BenchmarkEvaluationRow row)
    {
        var data = Load(row.Dataset, row.DataDir, row.DataShift, row.TestSize, row.Seed);
        if (data.Test.Fingerprint != row.TestFingerprint)
            throw new InvalidDataException($"the data of evaluation {row.EvalId} ({row.DataLabel}) changed since it was evaluated: test fingerprint {data.Test.Fingerprint[..12]}... instead of {row.TestFingerprint[..12]}...; pick another reference with --reference.");
        return data;
    }

    /// <summary>A short name of this data version: the shift, the folder or the dataset.</summary>
    public string Label => DataShift is not null ? $"{Dataset} {DataShift}" : DataDir is not null ? $"{Dataset} ({DataDir})" : Dataset;
}
