using System.Globalization;
using GapLab.Analysis;
using Microsoft.Data.Analysis;
using GapLab.IO;

namespace GapLab.Interactive;

/// <summary>Reads a correlation table DataFrame (from <c>#!gaplab correlate</c>, columns as written by RecordFrame) back into <see cref="MeasureCorrelation"/> rows.</summary>
public static class CorrelationTable
{
    public static IReadOnlyList<MeasureCorrelation> FromFrame(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var names = frame.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        string Col(string property)
        {
            var name = RecordFrame.ToSnakeCase(property);
            return names.Contains(name) ? name : throw new ArgumentException($"DataFrame lacks column '{name}'; a correlation table (from #!gaplab correlate) has {string.Join(", ", Columns)}.");
        }
        var rows = new List<MeasureCorrelation>();
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            double D(string p) => frame[Col(p)][i] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : double.NaN;
            int I(string p) => frame[Col(p)][i] is { } v ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : 0;
            string S(string p) => Convert.ToString(frame[Col(p)][i], CultureInfo.InvariantCulture) ?? "";
            rows.Add(new MeasureCorrelation(S(nameof(MeasureCorrelation.Measure)), I(nameof(MeasureCorrelation.Models)), D(nameof(MeasureCorrelation.KendallTau)),
                D(nameof(MeasureCorrelation.KendallTauLow)), D(nameof(MeasureCorrelation.KendallTauHigh)), D(nameof(MeasureCorrelation.Spearman)),
                D(nameof(MeasureCorrelation.Psi)), S(nameof(MeasureCorrelation.PsiPerAxis)), D(nameof(MeasureCorrelation.SignError)), D(nameof(MeasureCorrelation.Cmi)),
                I(nameof(MeasureCorrelation.RobustEnvironments)), D(nameof(MeasureCorrelation.RobustSignErrorMean)), D(nameof(MeasureCorrelation.RobustSignErrorP90)),
                D(nameof(MeasureCorrelation.RobustSignErrorMax)), I(nameof(MeasureCorrelation.Resamples)), I(nameof(MeasureCorrelation.Seed))));
        }
        return rows;
    }

    static IEnumerable<string> Columns => typeof(MeasureCorrelation).GetProperties().Select(p => RecordFrame.ToSnakeCase(p.Name));
}
