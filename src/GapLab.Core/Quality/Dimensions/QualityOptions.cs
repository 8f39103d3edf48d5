namespace GapLab.Quality;

/// <summary>Which z-score constants QUBA uses: the published study constants or the user's own model population.</summary>
public enum QubaNormalizationMode { Published, Population }

/// <summary>
/// Settings of a quality evaluation; defaults follow Hesse et al. 2025 (PGD-10 at 8/255 with step 2/255 and random start, 15 calibration bins,
/// 15 corruptions x 5 severities). <see cref="Validate"/> throws <see cref="ArgumentException"/> naming the bad value and what is accepted.
/// </summary>
public sealed record QualityOptions
{
    public PgdOptions Pgd { get; init; } = new();
    public int CalibrationBins { get; init; } = ReliabilityDiagram.DefaultBins;
    /// <summary>
    /// The class-wise ACE as the reference computes it (float32 probabilities, only p_j &gt; 0 strictly per class), for comparison with
    /// published constants; default false (double precision, every example).
    /// </summary>
    public bool AceReference { get; init; }
    public IReadOnlyList<string> Corruptions { get; init; } = CorruptionCatalog.Names;
    /// <summary>Which implementation renders the generated corruptions (<see cref="Quality.CorruptionSet.Names"/>; default gaplab-monotone).</summary>
    public string CorruptionSet { get; init; } = Quality.CorruptionSet.MonotoneName;
    /// <summary>Whether to render <see cref="Corruptions"/> on the fly; false when only corruption files (<see cref="QualityInputs.CorruptionFiles"/>) are evaluated.</summary>
    public bool GeneratedCorruptions { get; init; } = true;
    public IReadOnlyList<int> Severities { get; init; } = new[] { 1, 2, 3, 4, 5 };
    public long CorruptionSeed { get; init; }
    /// <summary>Absolute accuracy drop for <see cref="CorruptionDropThreshold"/> (0.1 = ten points below clean).</summary>
    public double DropThreshold { get; init; } = 0.1;
    public int BatchSize { get; init; } = 256;
    public QubaNormalizationMode QubaNormalization { get; init; } = QubaNormalizationMode.Published;
    /// <summary>Signed QUBA weights; null = the paper default.</summary>
    public QubaWeights? QubaWeights { get; init; }

    public void Validate()
    {
        if (Pgd is null) throw new ArgumentException("quality options: Pgd must be set (use new PgdOptions() for the defaults 8/255, 2/255, 10 steps).");
        Pgd.Validate();
        if (CalibrationBins < 1 || CalibrationBins > 1000)
            throw new ArgumentException($"quality options: calibration bins {CalibrationBins} must be in 1..1000 (default 15).");
        if (CorruptionSet is null || !Quality.CorruptionSet.Names.Contains(CorruptionSet))
            throw new ArgumentException($"quality options: unknown corruption set '{CorruptionSet}'; accepted: {string.Join(", ", Quality.CorruptionSet.Names)}.");
        if (Corruptions is null || Corruptions.Count == 0)
            throw new ArgumentException($"quality options: name at least one corruption ({string.Join(", ", CorruptionCatalog.Names)}).");
        foreach (var c in Corruptions)
            if (!CorruptionCatalog.Names.Contains(c))
                throw new ArgumentException($"quality options: unknown corruption '{c}'; known: {string.Join(", ", CorruptionCatalog.Names)}.");
        if (Corruptions.Distinct().Count() != Corruptions.Count)
            throw new ArgumentException($"quality options: corruptions [{string.Join(", ", Corruptions)}] list a name twice.");
        if (Severities is null || Severities.Count == 0)
            throw new ArgumentException("quality options: name at least one severity in 1..5.");
        foreach (var s in Severities)
            if (s < 1 || s > CorruptionCatalog.MaxSeverity)
                throw new ArgumentException($"quality options: severity {s} is outside 1..{CorruptionCatalog.MaxSeverity}.");
        if (!Severities.SequenceEqual(Severities.Distinct().OrderBy(s => s)))
            throw new ArgumentException($"quality options: severities [{string.Join(",", Severities)}] must be strictly increasing.");
        if (!(DropThreshold > 0 && DropThreshold <= 1))
            throw new ArgumentException($"quality options: drop threshold {DropThreshold} must be an absolute accuracy amount in (0,1] (default 0.1).");
        if (BatchSize < 1) throw new ArgumentException($"quality options: batch size {BatchSize} must be >= 1 (default 256).");
        if (!Enum.IsDefined(QubaNormalization))
            throw new ArgumentException($"quality options: QUBA normalisation {(int)QubaNormalization} is not Published or Population.");
    }
}
