using GapLab.Metrics.Correlation;

namespace GapLab.Testbed;

/// <summary>
/// What one testbed cell measures from its predictions (spec metrics.md 1.5): the confusion matrix C (rows = truth), accuracy,
/// per-class error err_c = 1 - C[c,c]/row_c, per-class d_c = 1 - one-vs-rest kappa_c, and f1..f6 of <see cref="PerClassStatistics"/>.
/// </summary>
public sealed record CellStatistics(int ClassCount, int TestCount, double Accuracy, PerClassStatistics PerClass, long[,] Confusion)
{
    /// <summary>Builds the cell's statistics from predicted and true labels in [0, <paramref name="classCount"/>).</summary>
    public static CellStatistics FromPredictions(IReadOnlyList<long> predictions, IReadOnlyList<long> labels, int classCount, PerClassStatisticsOptions? options = null)
    {
        var matrix = ConfusionMatrix.FromPredictions(predictions, labels, classCount);
        long correct = 0;
        for (int c = 0; c < classCount; c++) correct += matrix[c, c];
        return new CellStatistics(classCount, labels.Count, (double)correct / labels.Count, PerClassStatistics.From(matrix, options), matrix.ToArray());
    }
}
