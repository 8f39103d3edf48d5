using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GapLab.Analysis;
using GapLab.Quality;
using GapLab.IO;

namespace GapLab.Benchmarking;

/// <summary>
/// What a benchmark measures and how (read from JSON with snake_case keys; every field has a default). The protocol's canonical JSON
/// is hashed: a changed protocol is a new version of the benchmark. Models are not part of the protocol (they are added over time).
/// <code>{ "name": "fmnist-smoke", "suite": "smoke", "dataset": "fashion-mnist-embedded", "corruptions": ["gaussian_noise", "contrast"],
///   "severities": [3], "ood_shifts": ["shift:rotate=30"], "seeds": [0], "tolerance": 0.01 }</code>
/// </summary>
public sealed record BenchmarkProtocol
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>Cover every completed run of this suite in the store (at create time); and/or list run ids in <see cref="Models"/>.</summary>
    public string? Suite { get; init; }
    public IReadOnlyList<string> Models { get; init; } = Array.Empty<string>();
    /// <summary>The reference data: a dataset name (its test split is the test set).</summary>
    public string Dataset { get; init; } = "fashion-mnist-embedded";
    /// <summary>SHA-256 of the reference test set; filled in by <c>benchmark create</c> when empty.</summary>
    public string? TestFingerprint { get; init; }
    /// <summary>Class-balanced test subsample (0 = all images).</summary>
    public int TestSize { get; init; }
    /// <summary>Metrics compared (default all, <see cref="BenchmarkMetrics.Names"/>); one the protocol gives no data for (e.g. adversarial without an attack) is skipped.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = BenchmarkMetrics.Names;
    public IReadOnlyList<string> Corruptions { get; init; } = new[] { "gaussian_noise", "contrast" };
    public IReadOnlyList<int> Severities { get; init; } = new[] { 3 };
    /// <summary>Domain shifts of the test set evaluated for OOD robustness (shift:invert, shift:rotate=DEG, ...).</summary>
    public IReadOnlyList<string> OodShifts { get; init; } = new[] { "shift:translate=4" };
    /// <summary>Seeds of the corruptions, subsamples and the bootstrap (the first is used for the bootstrap).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = new[] { 0 };
    public int BootstrapResamples { get; init; } = 1000;
    public double Confidence { get; init; } = 0.95;
    /// <summary>A significant worsening larger than this (absolute, in the metric's unit) is a regression that fails <c>compare</c> (exit 1).</summary>
    public double Tolerance { get; init; } = 0.01;
    /// <summary>Permutations of the MMD feature-drift test.</summary>
    public int Permutations { get; init; } = 200;
    /// <summary>RMS pixel difference at or below which two images are near duplicates.</summary>
    public double NearDuplicateThreshold { get; init; } = Statistics.DuplicateFinder.DefaultThreshold;
    /// <summary>
    /// L-inf budget in [0,1] pixel space of the FGSM and PGD attacks on every model's clean test images (as <c>gaplab quality --epsilon</c>,
    /// e.g. 8/255 = 0.0313725); null = no attack. The three attack keys are left out of the canonical JSON while unset, so a protocol
    /// written before they existed keeps its hash.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AdversarialEpsilon { get; init; }
    /// <summary>PGD steps (null = 10, as <c>gaplab quality --pgd-steps</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PgdSteps { get; init; }
    /// <summary>PGD step in [0,1] pixel space (null = epsilon/4, as <c>gaplab quality --pgd-step-size</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PgdStepSize { get; init; }

    /// <summary>The PGD settings of the attack (random start seeded with the first protocol seed), or null when the protocol has no attack.</summary>
    public PgdOptions? Attack() => AdversarialEpsilon is { } eps ? new PgdOptions(eps, PgdStepSize, PgdSteps ?? 10, true, Seeds.Count > 0 ? Seeds[0] : 0) : null;

    static readonly JsonSerializerOptions Json = JsonConfigReader.CreateOptions();

    /// <summary>Parses a protocol; <paramref name="validate"/> = false leaves the check to the caller (e.g. after the name is set from the command line).</summary>
    public static BenchmarkProtocol FromJson(string json, string source = "benchmark", bool validate = true)
    {
        var protocol = JsonConfigReader.Read<BenchmarkProtocol>(json, source, "benchmark", Json);
        if (validate) protocol.Validate(source);
        return protocol;
    }

    /// <summary>Canonical JSON (all fields, defaults included, fixed order): what is hashed and stored.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>SHA-256 of the canonical JSON without name, description and the models covered (renaming or adding models is not a new protocol).</summary>
    public string Hash() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        JsonSerializer.Serialize(this with { Name = "", Description = "", Suite = null, Models = Array.Empty<string>() }, Json)))).ToLowerInvariant();

    /// <summary>The test sets each evaluation covers: clean, every corruption at every severity, every OOD shift, then FGSM and PGD when attacked.</summary>
    public IReadOnlyList<string> TestSets() =>
        new[] { BenchmarkTestSets.Clean }
            .Concat(Corruptions.SelectMany(c => Severities.Select(s => BenchmarkTestSets.Corruption(c, s))))
            .Concat(OodShifts.Select(DomainShift.Validate))
            .Concat(AdversarialEpsilon is { } eps ? [BenchmarkTestSets.Adversarial(BenchmarkTestSets.Fgsm, eps), BenchmarkTestSets.Adversarial(BenchmarkTestSets.Pgd, eps)] : [])
            .ToArray();

    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the field, its value and what is accepted.</summary>
    public void Validate(string source = "benchmark")
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new ArgumentException($"{source}: 'name' '{Name}' is invalid; use letters, digits, '-', '_' or '.', e.g. \"fmnist-smoke\".");
        if (Suite is null && Models.Count == 0) throw new ArgumentException($"{source}: give 'suite' (a suite whose runs are in the store) or 'models' (run ids), or both.");
        if (TestSize < 0) throw new ArgumentException($"{source}: 'test_size' = {TestSize}; accepted 0 (all) or more.");
        foreach (var m in Metrics)
            if (!BenchmarkMetrics.Names.Contains(m)) throw new ArgumentException($"{source}: unknown metric '{m}'; accepted: {string.Join(", ", BenchmarkMetrics.Names)}.");
        foreach (var c in Corruptions)
            if (!CorruptionCatalog.Names.Contains(c)) throw new ArgumentException($"{source}: unknown corruption '{c}'; accepted: {string.Join(", ", CorruptionCatalog.Names)}.");
        foreach (var s in Severities)
            if (s < 1 || s > CorruptionCatalog.MaxSeverity) throw new ArgumentException($"{source}: severity {s} is outside 1..{CorruptionCatalog.MaxSeverity}.");
        if (Corruptions.Count > 0 && Severities.Count == 0) throw new ArgumentException($"{source}: 'severities' is empty but corruptions are listed; give e.g. [3].");
        foreach (var o in OodShifts)
        {
            try { DomainShift.Validate(o); }
            catch (ArgumentException e) { throw new ArgumentException($"{source}: 'ood_shifts': {e.Message}", e); }
        }
        if (Seeds.Count == 0) throw new ArgumentException($"{source}: 'seeds' is empty; give at least one seed, e.g. [0].");
        if (BootstrapResamples < 100) throw new ArgumentException($"{source}: 'bootstrap_resamples' = {BootstrapResamples}; accepted 100 or more (1000 recommended).");
        if (!(Confidence > 0.5 && Confidence < 1)) throw new ArgumentException($"{source}: 'confidence' = {Confidence}; accepted (0.5, 1), e.g. 0.95.");
        if (!(Tolerance >= 0)) throw new ArgumentException($"{source}: 'tolerance' = {Tolerance}; accepted 0 or more (absolute, in the metric's unit).");
        if (Permutations < 0) throw new ArgumentException($"{source}: 'permutations' = {Permutations}; accepted 0 (skip the feature-drift test) or more.");
        if (!(NearDuplicateThreshold >= 0)) throw new ArgumentException($"{source}: 'near_duplicate_threshold' = {NearDuplicateThreshold}; accepted 0 or more.");
        if (AdversarialEpsilon is null && (PgdSteps is not null || PgdStepSize is not null))
            throw new ArgumentException($"{source}: 'pgd_steps' and 'pgd_step_size' need 'adversarial_epsilon' (e.g. 0.0313725 = 8/255).");
        if (AdversarialEpsilon is { } eps && !(eps > 0 && eps <= 1))
            throw new ArgumentException($"{source}: 'adversarial_epsilon' = {eps}; accepted (0, 1] in [0,1] pixel space, e.g. 0.0313725 = 8/255.");
        try { Attack()?.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"{source}: {e.Message}", e); }
    }
}
