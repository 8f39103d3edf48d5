using GapLab.IO;
using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Metrics.WeightWatcher;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Jobs;

/// <summary>
/// The measure job (<c>gaplab measure</c>, <c>#!gaplab measures</c>): the complexity measures of one trained model on its training
/// set. Its parameters are declared here once; both front ends generate theirs from <see cref="Parameters"/>, build the options
/// with <see cref="Options"/> and compute with <see cref="Run"/>; they differ only in where the model and data come from.
/// </summary>
public static class MeasureJob
{
    const string FilesVersusVariables = "the CLI measures a saved model from files; a notebook names its model and data variables";

    /// <summary>Every parameter of the job, in the order the help lists them.</summary>
    public static IReadOnlyList<JobParameter> Parameters { get; } =
    [
        JobParameter.Text("--weights", "Trained weights (.safetensors saved by gaplab run, with gaplab.spec/gaplab.input metadata).", required: true)
            .OnlyInCli(FilesVersusVariables),
        JobParameter.Text("--arch", "Model spec (e.g. cnn:blocks=2,bn=true) overriding the one in the weights' metadata.")
            .OnlyInCli("a notebook's model variable is already built"),
        JobParameter.Text("--model", "C# variable holding the trained BuiltModel (or Module<Tensor,Tensor>).", required: true)
            .OnlyInNotebook(FilesVersusVariables),
        JobParameter.Text("--init", "Initial weights for the distance-from-initialisation measures: a .safetensors file (e.g. DIR/models/X.init.safetensors); " +
            "in a notebook also a model variable (same spec and seed, untrained) or a Dictionary<string, Tensor>."),
        JobParameter.Text("--dataset", "Training dataset name; default: the embedded Fashion-MNIST subset (or full Fashion-MNIST with --data).")
            .OnlyInCli(FilesVersusVariables),
        JobParameter.Text("--data", "Dataset folder; alone it means the full Fashion-MNIST there.").OnlyInCli(FilesVersusVariables),
        JobParameter.Text("--data", "C# variable holding the training data: a DatasetSplit (its training set) or a Dataset.", required: true)
            .OnlyInNotebook(FilesVersusVariables),
        JobParameter.Integer("--train-size", "Use a stratified subset of N training images (seeded by --seed). Default in the CLI: the subset (size, seed) " +
            "the model was trained on, from the weights' metadata; else the whole training set.", null, 1, int.MaxValue),
        new JobParameter("--measures", "cheap (norms, margins, path norm, PGDL baselines, WeightWatcher; seconds), all (adds the PAC-Bayes and sharpness " +
            "searches and the training-trace measures: minutes for an MLP, tens of minutes for a CNN on 2 cores), or comma-separated measure names.",
            Default: "cheap") { Suggestions = Selections },
        JobParameters.Device.OnlyInCli("a notebook's model variable is measured on the device it is on (move it with .to(...) first)"),
        JobParameters.Seed with { Help = "Seed of the perturbation searches and of the --train-size subset." },
        JobParameter.Integer("--examples", "Training examples per accuracy evaluation of the perturbation searches (0 = all).",
            new MeasureOptions().PerturbationExamples, 0, int.MaxValue),
        JobParameter.Integer("--draws", "Monte-Carlo draws per PAC-Bayes sigma candidate.", new MeasureOptions().MonteCarloDraws, 1, 100_000),
        JobParameter.Integer("--depth", "Binary-search depth of the PAC-Bayes sigma searches.", new MeasureOptions().SearchDepth, 1, 60),
        JobParameter.Flag("--path-norm-sqrt", "Report PATH_NORM as sqrt(sum) instead of the sum (reference)."),
        JobParameter.Flag("--reference-quirks", "Reproduce the reference code's variance-as-std magnitude-aware noise and its (w-w0)^2 denominators in PACBAYES_MAG_INIT/ORIG."),
        JobParameter.Choice("--pac-bayes-mag-denominator", "posterior (eps^2 + sigma^2 w^2, the search's noise variance; default) | difference (eps^2 + sigma^2 (w-w0)^2, " +
            "the reference code's; default with --reference-quirks): the denominator of PACBAYES_MAG_INIT and PACBAYES_MAG_ORIG.", ["posterior", "difference"], null),
        JobParameter.Choice("--sharpness-search", "log (default: bracket from alpha=1 by x4 within [1e-6, 16], then geometric bisection; resolution relative to alpha') | " +
            "linear (FAIR's bisection on [0, 2]; absolute resolution 2/2^depth).", ["log", "linear"], "log"),
        JobParameter.Choice("--fft-input-size", "layer (default: each conv's own input size, the exact operator norm) | dataset (the dataset's H x W for every conv, " +
            "Dziugaite et al.'s code): the input size of the *_FFT spectral norms.", ["layer", "dataset"], "layer"),
        JobParameters.Store,
    ];

    /// <summary>The values --measures suggests: cheap, all and every catalogue name.</summary>
    public static IEnumerable<string> Selections() => new[] { "cheap", "all" }.Concat(MeasureCatalog.Names);

    /// <summary>
    /// <paramref name="selection"/> (cheap, all or comma-separated names) when every name is in the catalogue; otherwise one line naming
    /// --measures and what it accepts. The check of both measure and correlate.
    /// </summary>
    public static string CheckSelection(string selection)
    {
        try { _ = MeasureCatalog.Select(selection); }
        catch (ArgumentException e) { throw new ArgumentException($"--measures '{selection}': {e.Message.Replace("Known measures: all, cheap,", "accepted: cheap, all,", StringComparison.Ordinal)}"); }
        return selection;
    }

    /// <summary>The measure options of one invocation, validated (an unknown measure name fails here, before anything is loaded).</summary>
    public static MeasureOptions Options(IJobArguments args)
    {
        var selection = CheckSelection(args.Text("--measures")!);
        var options = new MeasureOptions
        {
            Measures = selection,
            Seed = args.Integer("--seed")!.Value,
            PerturbationExamples = (int)args.Integer("--examples")!.Value,
            MonteCarloDraws = (int)args.Integer("--draws")!.Value,
            SearchDepth = (int)args.Integer("--depth")!.Value,
            PathNormSqrt = args.Flag("--path-norm-sqrt"),
            ReferenceQuirks = args.Flag("--reference-quirks"),
            PacBayesMagDenominatorChoice = args.Text("--pac-bayes-mag-denominator") is { } denominator ? EnumText.Parse<PacBayesMagDenominator>(denominator, "--pac-bayes-mag-denominator") : null,
            SharpnessSearch = EnumText.Parse<SearchScheme>(args.Text("--sharpness-search"), "--sharpness-search"),
            FftInputSize = EnumText.Parse<FftInputSize>(args.Text("--fft-input-size"), "--fft-input-size"),
        };
        options.Validate();
        return options;
    }

    /// <summary>
    /// The selected measures of <paramref name="model"/> on <paramref name="train"/> (<see cref="ComplexityMeasures.Compute"/>), and for
    /// the cheap and all selections WeightWatcher's alpha measures after them; cancellable, with progress per stage.
    /// </summary>
    public static IReadOnlyList<MeasureValue> Run(nn.Module<Tensor, Tensor> model, IReadOnlyDictionary<string, Tensor>? init, GapLab.Data.Dataset train,
        MeasureOptions options, IProgress<MeasureProgress>? progress, CancellationToken ct)
    {
        var values = ComplexityMeasures.Compute(model, init, train, options, progress, ct);
        if (options.Measures.Trim() is var s && (s.Equals("all", StringComparison.OrdinalIgnoreCase) || s.Equals("cheap", StringComparison.OrdinalIgnoreCase)))
            values = values.Concat(WeightWatcherMeasures.Compute(model)).ToArray();
        return values.ToArray(); // a plain array: a notebook variable needs a type it can name (a collection expression's is compiler-generated)
    }

    /// <summary>
    /// Appends <paramref name="values"/> to the result store in <paramref name="storeDir"/> as one session (the job's seed and training
    /// set in its provenance); <paramref name="weightsFile"/> and <paramref name="runId"/> are the saved model's, empty/null for a
    /// notebook variable. Returns the store's file.
    /// </summary>
    public static string Append(string storeDir, RuntimeInfo runtime, string? commandLine, MeasureOptions options, string? runId, string model,
        string weightsFile, Dataset train, IReadOnlyList<MeasureValue> values)
    {
        var session = StoreSession.Start("measure", runtime, commandLine, $"seed={options.Seed}", [(train.Name, train.Fingerprint)]);
        var rows = values.Select(v => new MeasureRow(runId, model, weightsFile, train.Name, train.Fingerprint, train.Count,
            v.Name, v.Value, v.RawValue, v.Cost, v.Notes)).ToList();
        var results = ResultStore.OpenOrCreate(storeDir);
        results.Append(session, rows);
        return results.FilePath;
    }
}
