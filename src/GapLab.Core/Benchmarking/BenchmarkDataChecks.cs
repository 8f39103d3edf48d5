using GapLab.Benchmarking.Statistics;
using GapLab.Data;
using GapLab.Store;

namespace GapLab.Benchmarking;

/// <summary>
/// The data checks of an evaluation: label shift (χ²) and feature drift (MMD with a permutation test, overall and per class) against a
/// reference evaluation's data; exact and near duplicates between the train and test split, and across versions; a confident-learning
/// estimate of label noise from the models' held-out probabilities. Each gives a statistic and a p-value or a count.
/// </summary>
public static class BenchmarkDataChecks
{
    /// <summary>Feature-drift samples per side: overall and per class (random, seeded subsamples keep the permutation test fast).</summary>
    public const int DriftSamples = 300, DriftSamplesPerClass = 60;

    /// <summary>The most drifted current images kept per evaluation: the largest MMD witness values of the overall feature-drift sample.</summary>
    public const int DriftedImages = 16;

    /// <summary>
    /// Checks of <paramref name="current"/> (against <paramref name="reference"/> when given). <paramref name="features"/> gives penultimate
    /// features [N][D] of a test set (null skips feature drift); <paramref name="probabilities"/> are the models' mean softmax on the current
    /// clean test set (null skips label noise). The images behind the duplicate and label-noise counts are added to <paramref name="flagged"/> when given.
    /// </summary>
    public static List<BenchmarkDataCheckRow> Compute(string evalId, string? referenceEvalId, BenchmarkData current, BenchmarkData? reference,
        Func<Dataset, double[][]>? features, double[,]? probabilities, BenchmarkProtocol protocol, CancellationToken ct = default,
        List<BenchmarkFlaggedImageRow>? flagged = null)
    {
        var rows = new List<BenchmarkDataCheckRow>();
        var test = current.Test;
        int seed = protocol.Seeds[0];
        if (reference is not null)
        {
            var ls = LabelShiftTest.Compute(reference.Test.ClassCounts(), test.ClassCounts());
            rows.Add(new(evalId, referenceEvalId, "label_shift", "all", ls.Statistic, ls.PValue, null, $"Pearson chi-square, df = {ls.DegreesOfFreedom}"));
            if (features is not null && protocol.Permutations > 0)
            {
                ct.ThrowIfCancellationRequested();
                var fr = features(reference.Test);
                var fc = features(test);
                var (referenceSample, currentSample) = (Sample(fr, DriftSamples, seed), SampleIndices(fc.Length, DriftSamples, seed + 1));
                var currentFeatures = currentSample.Select(i => fc[i]).ToArray();
                var all = MaximumMeanDiscrepancy.Test(referenceSample, currentFeatures, protocol.Permutations, seed);
                rows.Add(new(evalId, referenceEvalId, "feature_drift", "all", all.Mmd2, all.PValue, null, Mmd(all, Math.Min(DriftSamples, fr.Length), Math.Min(DriftSamples, fc.Length))));
                // the images behind it: the current sample's largest witness values (where the current features have mass the reference lacks)
                var witness = MaximumMeanDiscrepancy.Witness(referenceSample, currentFeatures, all.Bandwidth);
                flagged?.AddRange(Enumerable.Range(0, witness.Length).OrderByDescending(i => witness[i]).ThenBy(i => currentSample[i]).Take(DriftedImages)
                    .Select(i => new BenchmarkFlaggedImageRow(evalId, "feature_drift", "all", currentSample[i], test.Labels[currentSample[i]], null, null, witness[i])));
                for (int k = 0; k < test.NumClasses; k++)
                {
                    ct.ThrowIfCancellationRequested();
                    var rk = fr.Where((_, i) => reference.Test.Labels[i] == k).ToArray();
                    var ck = fc.Where((_, i) => test.Labels[i] == k).ToArray();
                    if (rk.Length < 2 || ck.Length < 2) continue;
                    var r = MaximumMeanDiscrepancy.Test(Sample(rk, DriftSamplesPerClass, seed + 2 + k), Sample(ck, DriftSamplesPerClass, seed + 3 + k), protocol.Permutations, seed + k);
                    rows.Add(new(evalId, referenceEvalId, "feature_drift", test.ClassNames[k], r.Mmd2, r.PValue, null,
                        Mmd(r, Math.Min(DriftSamplesPerClass, rk.Length), Math.Min(DriftSamplesPerClass, ck.Length))));
                }
            }
        }
        ct.ThrowIfCancellationRequested();
        rows.AddRange(Duplicates(evalId, referenceEvalId, "train_test", test, current.Train, protocol.NearDuplicateThreshold, flagged, ct));
        if (reference is not null && reference.Test.Fingerprint != test.Fingerprint)
            rows.AddRange(Duplicates(evalId, referenceEvalId, "across_versions", test, reference.Test, protocol.NearDuplicateThreshold, flagged, ct));
        if (probabilities is not null)
        {
            var noise = ConfidentLearningNoise.Estimate(probabilities, test.Labels);
            rows.Add(new(evalId, null, "label_noise", "all", noise.Rate, null, noise.Issues.Count,
                "confident learning (Northcutt et al. 2021): off-diagonal of the confident joint of the models' mean softmax"));
            flagged?.AddRange(noise.Issues.Select(i => new BenchmarkFlaggedImageRow(evalId, "label_noise", "all", i.Index, i.Given, null, i.Likely, null)));
        }
        return rows;
    }

    static IEnumerable<BenchmarkDataCheckRow> Duplicates(string evalId, string? referenceEvalId, string scope, Dataset probe, Dataset against, double threshold,
        List<BenchmarkFlaggedImageRow>? flagged, CancellationToken ct)
    {
        if (probe.SampleSize != against.SampleSize) yield break;
        var d = DuplicateFinder.Find(probe.Features, against.Features, probe.SampleSize, threshold, ct);
        flagged?.AddRange(d.Exact.Select(e => new BenchmarkFlaggedImageRow(evalId, "exact_duplicates", scope, e.Probe, probe.Labels[e.Probe], e.Reference, null, 0.0)));
        flagged?.AddRange(d.Near.Select(e => new BenchmarkFlaggedImageRow(evalId, "near_duplicates", scope, e.Probe, probe.Labels[e.Probe], e.Reference, null, e.Rms)));
        string other = scope == "train_test" ? "the train split" : "the reference test set";
        yield return new(evalId, referenceEvalId, "exact_duplicates", scope, (double)d.Exact.Count / probe.Count, null, d.Exact.Count,
            $"test images with an identical copy in {other} (SHA-256 of pixels); statistic = fraction of test images");
        yield return new(evalId, referenceEvalId, "near_duplicates", scope, (double)d.Near.Count / probe.Count, null, d.Near.Count,
            $"test images within RMS pixel distance {threshold} of an image of {other} (exact included); statistic = fraction");
    }

    static string Mmd(MmdResult r, int m, int n) =>
        $"MMD^2_u, Gaussian kernel sigma = {r.Bandwidth:G4} (median heuristic), {m} vs {n} images, {r.Permutations} permutations";

    static double[][] Sample(double[][] x, int max, int seed) => SampleIndices(x.Length, max, seed).Select(i => x[i]).ToArray();

    /// <summary>The indices of a seeded random subsample of at most <paramref name="max"/> of <paramref name="n"/> items (all, in order, when n ≤ max).</summary>
    static int[] SampleIndices(int n, int max, int seed)
    {
        var idx = Enumerable.Range(0, n).ToArray();
        if (n <= max) return idx;
        new Random(seed).Shuffle(idx);
        return idx.Take(max).ToArray();
    }
}
