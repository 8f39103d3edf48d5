namespace GapLab.Metrics.Complexity;

/// <summary>
/// A family of weight-norm measures: pure formulas of <see cref="NormInputs"/> (<see cref="Formulas"/>, tested by hand), reported
/// with notes naming the folding, the margin where the measure uses it, and the layers to blame when a value is not finite.
/// </summary>
public abstract class NormMeasureFamily : MeasureFamily
{
    /// <inheritdoc/>
    public override bool NeedsLayerNorms => true;

    /// <summary>Raw values of the family's measures by name (NaN where the margin or the distances from init are missing).</summary>
    public abstract IEnumerable<KeyValuePair<string, double>> Formulas(NormInputs inputs);

    /// <summary>Extra note of every measure of the family (empty: none).</summary>
    protected virtual string Note(MeasureContext context) => "";

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var inputs = new NormInputs(context.Layers, context.Gamma, context.Folded.WeightCount);
        foreach (var (name, value) in Formulas(inputs))
        {
            var info = Measures.Single(m => m.Name == name);
            if (info.NeedsInit && context.Init is null) { context.ReportNoInit(name); continue; }
            string note = string.Join("; ", new[] { double.IsFinite(value) ? "" : NotFinite(inputs, name), info.UsesMargin ? context.MarginNote : "", context.FoldNote, Note(context) }
                .Where(s => s.Length > 0));
            context.Report(name, value, note);
        }
    }

    /// <summary>Why a norm measure is not finite: the layers whose norms are not finite or 0 (ln 0, division by 0), or a margin &lt;= 0.</summary>
    static string NotFinite(NormInputs inputs, string measure)
    {
        var causes = new List<string>();
        bool fft = measure.EndsWith("_FFT", StringComparison.Ordinal);
        foreach (var l in inputs.Layers)
        {
            var bad = new (string Norm, double? Value)[] { ("Frobenius^2", l.Fro), ("spectral^2", l.Spec), ("distance Frobenius^2", l.DistFro), ("distance spectral^2", l.DistSpec),
                    ("exact spectral^2", fft ? l.SpecFft : null), ("exact distance spectral^2", fft ? l.DistSpecFft : null) }
                .Where(n => n.Value is double v && (!double.IsFinite(v) || v == 0))
                .Select(n => MeasureContext.Inv($"{n.Norm} {n.Value:G4}")).ToList();
            if (bad.Count > 0) causes.Add($"layer '{l.Name}' has {string.Join(", ", bad)}");
        }
        if (inputs.Gamma is double g && !(g > 0)) causes.Add(MeasureContext.Inv($"the 10th-percentile margin gamma = {g:G4} is not positive (more than 10% of the training set is misclassified or tied)"));
        return $"NOT FINITE ({measure}): " + (causes.Count > 0 ? string.Join("; ", causes) : "no layer norm or margin is to blame; an intermediate sum overflowed");
    }
}
