namespace GapLab.Metrics.Complexity;

/// <summary>
/// Settings of <see cref="ComplexityMeasures.Compute"/>. Every choice that changes a number is here and is echoed in the
/// <see cref="MeasureValue.Notes"/> of the measures it affects.
/// </summary>
public sealed record MeasureOptions
{
    /// <summary>"all", or measure names separated by commas (case-insensitive); see <see cref="MeasureCatalog.Names"/>.</summary>
    public string Measures { get; init; } = "all";

    /// <summary>Batch size of the forward passes.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>PATH_NORM as sqrt(sum of outputs) (FAIR) instead of the sum (Dziugaite et al., the default).</summary>
    public bool PathNormSqrt { get; init; }

    /// <summary>
    /// Input size of the exact (FFT) spectral norms: layer (default: each convolution's own input size, the mathematically exact
    /// operator norm) or dataset (the dataset's H x W for every convolution, as Dziugaite et al.'s code does; differs by up to ~0.4 %).
    /// </summary>
    public FftInputSize FftInputSize { get; init; } = FftInputSize.Layer;

    /// <summary>Seed of the dedicated generators of the perturbation searches and example subsets.</summary>
    public long Seed { get; init; }

    /// <summary>Training examples used by each accuracy evaluation of the perturbation searches (a stratified subset; 0 = all).</summary>
    public int PerturbationExamples { get; init; } = 2000;

    /// <summary>Monte-Carlo weight draws per PAC-Bayes sigma candidate (reference: 10).</summary>
    public int MonteCarloDraws { get; init; } = 10;

    /// <summary>Binary-search depth of the PAC-Bayes sigma searches (reference: 15).</summary>
    public int SearchDepth { get; init; } = 15;

    /// <summary>Upper end of the sigma / alpha search interval [0, max] (reference: 2).</summary>
    public double SearchMax { get; init; } = 2.0;

    /// <summary>Target accuracy drop of the searches (reference: 0.1) and its tolerance (reference: 0.01).</summary>
    public double TargetDeviation { get; init; } = 0.1;

    /// <inheritdoc cref="TargetDeviation"/>
    public double DeviationTolerance { get; init; } = 0.01;

    /// <summary>eps of the magnitude-aware perturbations (reference: 1e-3).</summary>
    public double MagnitudeEpsilon { get; init; } = 1e-3;

    /// <summary>
    /// Reproduce the reference code's quirks: the magnitude-aware noise uses the variance sigma^2 w^2 + eps^2 as its standard
    /// deviation, and <see cref="PacBayesMagDenominator"/> defaults to difference. Off by default (std = sqrt(variance), posterior).
    /// </summary>
    public bool ReferenceQuirks { get; init; }

    /// <summary>
    /// Denominator of PACBAYES_MAG_INIT and PACBAYES_MAG_ORIG (the same in both): posterior = eps^2 + sigma_m^2 w_j^2, the variance
    /// of the posterior whose noise the sigma_m search drew (default), or difference = eps^2 + sigma_m^2 (w_j - w0_j)^2, as the
    /// reference code (and Fantastic's MAG_INIT) writes it. Null: difference with <see cref="ReferenceQuirks"/>, else posterior.
    /// </summary>
    public PacBayesMagDenominator? PacBayesMagDenominatorChoice { get; init; }

    /// <summary>The denominator in effect (see <see cref="PacBayesMagDenominatorChoice"/>).</summary>
    public PacBayesMagDenominator PacBayesMagDenominator => PacBayesMagDenominatorChoice ?? (ReferenceQuirks ? PacBayesMagDenominator.Difference : PacBayesMagDenominator.Posterior);

    /// <summary>Bisection depth of the worst-case sharpness search (log scheme: geometric bisections after the bracket is found).</summary>
    public int SharpnessDepth { get; init; } = 10;

    /// <summary>
    /// Worst-case sharpness search: log (default; expand a bracket from alpha = 1 by factors of 4 within
    /// [<see cref="SharpnessMin"/>, <see cref="SharpnessMax"/>], then geometric bisection: resolution relative to alpha') or
    /// linear (FAIR's bisection on [0, <see cref="SearchMax"/>]: absolute resolution SearchMax / 2^depth).
    /// </summary>
    public SearchScheme SharpnessSearch { get; init; } = SearchScheme.Log;

    /// <summary>Interval of the log-scale sharpness search; an alpha' at either end is reported as a bound.</summary>
    public double SharpnessMin { get; init; } = 1e-6;

    /// <inheritdoc cref="SharpnessMin"/>
    public double SharpnessMax { get; init; } = 16;

    /// <summary>Random restarts of the gradient ascent per sharpness candidate (FAIR: 3).</summary>
    public int SharpnessRestarts { get; init; } = 3;

    /// <summary>Projected sign-gradient ascent steps per restart (each on one batch of the perturbation examples).</summary>
    public int SharpnessSteps { get; init; } = 10;

    /// <summary>PGDL sharpness baseline: at most this many binary-search candidates (reference: 20) and SGD steps per restart (reference: 20).</summary>
    public int PgdlSharpnessIterations { get; init; } = 20;

    /// <inheritdoc cref="PgdlSharpnessIterations"/>
    public int PgdlSharpnessSteps { get; init; } = 20;

    /// <summary>Training trace for STEPS_TO_CE_01, STEPS_CE_01_TO_001 and GRAD_NOISE_FINAL (null: gradient noise is measured now).</summary>
    public OptimisationTrace? Training { get; init; }

    /// <summary>Batch size and maximal batch count of the gradient-noise measurement when no trace is given.</summary>
    public int GradientNoiseBatchSize { get; init; } = 64;

    /// <inheritdoc cref="GradientNoiseBatchSize"/>
    public int GradientNoiseBatches { get; init; } = 20;

    /// <summary>PGDL Jacobian norm: batch size (16) and batch count (33) of the reference starting kit.</summary>
    public int JacobianBatchSize { get; init; } = 16;

    /// <inheritdoc cref="JacobianBatchSize"/>
    public int JacobianBatches { get; init; } = 33;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        static void Positive(int v, string name) { if (v < 1) throw new ArgumentException($"MeasureOptions.{name} = {v} is invalid: accepted an integer >= 1."); }
        Positive(BatchSize, nameof(BatchSize));
        Positive(MonteCarloDraws, nameof(MonteCarloDraws));
        Positive(SearchDepth, nameof(SearchDepth));
        Positive(SharpnessDepth, nameof(SharpnessDepth));
        Positive(SharpnessRestarts, nameof(SharpnessRestarts));
        Positive(SharpnessSteps, nameof(SharpnessSteps));
        Positive(GradientNoiseBatchSize, nameof(GradientNoiseBatchSize));
        Positive(PgdlSharpnessIterations, nameof(PgdlSharpnessIterations));
        Positive(PgdlSharpnessSteps, nameof(PgdlSharpnessSteps));
        Positive(JacobianBatchSize, nameof(JacobianBatchSize));
        Positive(JacobianBatches, nameof(JacobianBatches));
        if (GradientNoiseBatches < 2) throw new ArgumentException($"MeasureOptions.GradientNoiseBatches = {GradientNoiseBatches} is invalid: accepted an integer >= 2.");
        if (PerturbationExamples < 0) throw new ArgumentException($"MeasureOptions.PerturbationExamples = {PerturbationExamples} is invalid: accepted 0 (all) or a positive count.");
        if (!(SearchMax > 0) || double.IsInfinity(SearchMax)) throw new ArgumentException($"MeasureOptions.SearchMax = {SearchMax} is invalid: accepted a finite number > 0.");
        if (!Enum.IsDefined(FftInputSize)) throw new ArgumentException($"MeasureOptions.FftInputSize = {(int)FftInputSize} is invalid: accepted layer, dataset.");
        if (!Enum.IsDefined(PacBayesMagDenominator)) throw new ArgumentException($"MeasureOptions.PacBayesMagDenominatorChoice = {(int)PacBayesMagDenominator} is invalid: accepted posterior, difference.");
        if (!Enum.IsDefined(SharpnessSearch)) throw new ArgumentException($"MeasureOptions.SharpnessSearch = {(int)SharpnessSearch} is invalid: accepted log, linear.");
        if (!(SharpnessMin > 0 && SharpnessMax > SharpnessMin) || double.IsInfinity(SharpnessMax))
            throw new ArgumentException($"MeasureOptions.SharpnessMin/SharpnessMax = {SharpnessMin}/{SharpnessMax} are invalid: accepted 0 < min < max < infinity.");
        if (!(TargetDeviation > 0 && TargetDeviation < 1)) throw new ArgumentException($"MeasureOptions.TargetDeviation = {TargetDeviation} is invalid: accepted 0 < value < 1.");
        if (!(DeviationTolerance > 0 && DeviationTolerance < TargetDeviation)) throw new ArgumentException($"MeasureOptions.DeviationTolerance = {DeviationTolerance} is invalid: accepted 0 < value < TargetDeviation.");
        if (!(MagnitudeEpsilon >= 0)) throw new ArgumentException($"MeasureOptions.MagnitudeEpsilon = {MagnitudeEpsilon} is invalid: accepted a number >= 0.");
    }
}
