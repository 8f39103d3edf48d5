using GapLab.Data;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// What the <c>data</c> magic and the dataset card show: size, sample shape, classes with their counts, feature
/// min/max/mean/population std over all values, and the provenance fingerprint.
/// </summary>
public sealed record DatasetSummary(
    string Name, int Count, int[] SampleShape, IReadOnlyList<string> ClassNames, int[] ClassCounts,
    double FeatureMin, double FeatureMax, double FeatureMean, double FeatureStd, string Fingerprint)
{
    public static DatasetSummary Of(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var f = dataset.Features;
        double min = double.NaN, max = double.NaN, mean = double.NaN, std = double.NaN;
        if (f.Length > 0)
        {
            min = double.PositiveInfinity; max = double.NegativeInfinity;
            double sum = 0;
            foreach (var v in f) { min = Math.Min(min, v); max = Math.Max(max, v); sum += v; }
            mean = sum / f.Length;
            double sq = 0;
            foreach (var v in f) sq += (v - mean) * (v - mean);
            std = Math.Sqrt(sq / f.Length);
        }
        return new DatasetSummary(dataset.Name, dataset.Count, dataset.SampleShape, dataset.ClassNames, dataset.ClassCounts(),
            min, max, mean, std, dataset.Fingerprint);
    }

    public string ShapeText => "[" + string.Join(", ", SampleShape) + "]";
}

/// <summary>Summaries of both halves of a <see cref="DatasetSplit"/>.</summary>
public sealed record DatasetSplitSummary(DatasetSummary Train, DatasetSummary Test)
{
    public static DatasetSplitSummary Of(DatasetSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new(DatasetSummary.Of(split.Train), DatasetSummary.Of(split.Test));
    }
}
