using System.Globalization;
using GapLab.Data;
using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// What the measure families of one <see cref="ComplexityMeasures.Compute"/> call share: the model, its initial weights, the
/// training set and options, and the expensive intermediate results computed once for all families that need them (the margin,
/// the folded network's layer norms, the stratified subset and the perturbation target). Families report values through
/// <see cref="Report"/>; the context owns and disposes everything it builds.
/// </summary>
public sealed class MeasureContext : IDisposable
{
    /// <summary>Note of a measure that needs initial weights when none were given.</summary>
    public const string NoInit = "needs the initial weights (init)";

    readonly Dictionary<string, (double Value, string Notes)> values = new(StringComparer.Ordinal);
    readonly HashSet<string> atBound = new(StringComparer.Ordinal);
    Dataset? subset;
    PerturbedModel? target;
    bool foldedInPlace;

    internal MeasureContext(nn.Module<Tensor, Tensor> model, IReadOnlyDictionary<string, Tensor>? init, Dataset train, MeasureOptions options, CancellationToken cancellation)
    {
        Model = model;
        Init = init;
        Train = train;
        Options = options;
        Cancellation = cancellation;
        Device = model.parameters().FirstOrDefault()?.device ?? CPU;
        (X, Y) = train.ToTensors(Device);
        InputShape = [1, .. train.SampleShape.Select(s => (long)s)];
    }

    /// <summary>The model measured (eval mode; folded in place during <see cref="MeasurePhase.Folded"/> when a family needs it).</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Initial weights keyed like <c>named_parameters()</c> (null: measures that need them report <see cref="NoInit"/>).</summary>
    public IReadOnlyDictionary<string, Tensor>? Init { get; }

    /// <summary>The training set the model was trained on.</summary>
    public Dataset Train { get; }

    /// <summary>The settings of this call.</summary>
    public MeasureOptions Options { get; }

    /// <summary>Cancels long families between steps.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The model's device.</summary>
    public Device Device { get; }

    /// <summary>All training images and labels on <see cref="Device"/>.</summary>
    public Tensor X { get; }

    /// <inheritdoc cref="X"/>
    public Tensor Y { get; }

    /// <summary>Training-set size m.</summary>
    public int M => Train.Count;

    /// <summary>Shape of one input, [1, C, H, W].</summary>
    public long[] InputShape { get; }

    /// <summary>The 10th-percentile margin over the whole training set (null until a measure that uses it is selected).</summary>
    public double? Gamma { get; private set; }

    /// <summary>The margin as the notes state it (empty without a margin).</summary>
    public string MarginNote { get; private set; } = "";

    /// <summary>The network with its batch norms folded (a copy), and its initial weights folded the same way (null without init).</summary>
    public FoldedNetwork Folded => folded ?? throw new InvalidOperationException("The folded network is available to families that set NeedsLayerNorms.");

    /// <inheritdoc cref="Folded"/>
    public FoldedNetwork? FoldedInit { get; private set; }
    FoldedNetwork? folded;

    /// <summary>Squared norms of each folded layer (and of its distance from init).</summary>
    public IReadOnlyList<LayerNorms> Layers => layers ?? throw new InvalidOperationException("The layer norms are available to families that set NeedsLayerNorms.");
    List<LayerNorms>? layers;

    /// <summary>H x W at which the exact spectral norms were taken for every convolution (null: each convolution's own input size).</summary>
    public long[]? FftSize { get; private set; }

    /// <summary>"d=… weight layers, omega=…" and the number of batch norms folded, for the notes.</summary>
    public string FoldNote { get; private set; } = "";

    /// <summary>The seeded stratified subset the perturbation searches evaluate on (all of the training set when it is small enough).</summary>
    public Dataset Subset => subset ??= Options.PerturbationExamples == 0 || Options.PerturbationExamples >= M ? Train
        : Subsample.Stratified(Train, Options.PerturbationExamples, unchecked((int)Options.Seed));

    /// <summary>The folded model on <see cref="Subset"/>, shared by the PAC-Bayes and sharpness searches.</summary>
    public PerturbedModel Target
    {
        get
        {
            if (!foldedInPlace) throw new InvalidOperationException("The perturbation target needs the folded model: set NeedsFoldedModel.");
            if (target is null)
            {
                var (sx, sy) = Subset.ToTensors(Device);
                target = new PerturbedModel(Model, sx, sy, Options.BatchSize);
            }
            return target;
        }
    }

    /// <summary>The searches' example budget as the notes state it.</summary>
    public string Budget => Inv($"{Subset.Count} examples (base accuracy {Target.BaseAccuracy:F4}), seed {Options.Seed}");

    /// <summary>Sum of the folded layers' squared Frobenius norms, ||w||^2, and of their distances from init (NaN without init).</summary>
    public double WeightNormSquared => Layers.Sum(l => l.Fro);

    /// <inheritdoc cref="WeightNormSquared"/>
    public double DistanceNormSquared => Init is null ? double.NaN : Layers.Sum(l => l.DistFro!.Value);

    /// <summary>Records the raw (unadjusted) value of <paramref name="measure"/> with its notes.</summary>
    public void Report(string measure, double value, string notes) => values[measure] = (value, notes);

    /// <summary>Records <paramref name="measure"/> as NaN because no initial weights were given.</summary>
    public void ReportNoInit(string measure) => Report(measure, double.NaN, NoInit);

    /// <summary>Marks <paramref name="measures"/> as bounds when <paramref name="search"/> ended at an end of its interval.</summary>
    public void Searched(SearchResult search, params string[] measures) { if (search.AtBound) atBound.UnionWith(measures); }

    /// <summary>The folded weights of <paramref name="network"/> as one vector.</summary>
    public static double[] Flatten(FoldedNetwork network)
    {
        using var scope = NewDisposeScope();
        return cat(network.Layers.Select(l => l.Weight.reshape(-1)).ToArray()).data<double>().ToArray();
    }

    /// <summary>Invariant-culture formatting for notes.</summary>
    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    internal bool TryGet(string measure, out (double Value, string Notes) value) => values.TryGetValue(measure, out value);

    internal bool IsAtBound(string measure) => atBound.Contains(measure);

    /// <summary>gamma of the model (eval mode) on the whole training set.</summary>
    internal void ComputeMargin()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = X.shape[0];
        int batchSize = Options.BatchSize;
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += batchSize)
        {
            using var batch = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            parts.Add(Margin.PerExample(Model.forward(X.narrow(0, start, len)), Y.narrow(0, start, len)).MoveToOuterDisposeScope());
        }
        Gamma = Margin.TenthPercentile(cat(parts.ToArray()));
        MarginNote = Inv($"gamma={Gamma:G6} (10th-percentile margin over m={M})");
    }

    /// <summary>Folds copies of the network and its initial weights and takes every layer's norms (exact spectral ones when asked).</summary>
    internal void ComputeLayerNorms(bool exactSpectral)
    {
        folded = BatchNormFolding.Fold(Model, InputShape);
        FoldedInit = Init is null ? null : BatchNormFolding.Fold(Model, Init, InputShape);
        FftSize = Options.FftInputSize == FftInputSize.Dataset && Train.SampleShape.Length >= 3 ? [Train.SampleShape[^2], Train.SampleShape[^1]] : null;
        layers = new List<LayerNorms>();
        for (int i = 0; i < folded.Layers.Count; i++)
        {
            Cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var l = folded.Layers[i];
            double ExactSq(Tensor w)
            {
                if (!exactSpectral) return double.NaN;
                if (l.Kind != FoldedLayer.Conv2d) return Math.Pow(SpectralNorm.OfMatrix(w), 2);
                return Math.Pow(SpectralNorm.OfConvolution(w, FftSize?[0] ?? l.InputShape[^2], FftSize?[1] ?? l.InputShape[^1]), 2);
            }
            double fro = l.Weight.square().sum().item<double>();
            double spec = Math.Pow(SpectralNorm.OfMatrix(l.Weight), 2);
            double? dFro = null, dSpec = null, dSpecFft = null;
            if (FoldedInit is not null)
            {
                var d = l.Weight - FoldedInit.Layers[i].Weight;
                dFro = d.square().sum().item<double>();
                dSpec = Math.Pow(SpectralNorm.OfMatrix(d), 2);
                dSpecFft = ExactSq(d);
            }
            layers.Add(new LayerNorms(l.Name, fro, spec, ExactSq(l.Weight), dFro, dSpec, dSpecFft));
        }
        int norms = folded.Layers.Count(l => l.FoldedBatchNorm is not null);
        FoldNote = Inv($"d={folded.Layers.Count} weight layers, omega={folded.WeightCount}") + (norms > 0 ? Inv($", {norms} batch norm(s) folded") : "");
    }

    /// <summary>Folds the batch norms into the model's own weights (the caller restores its state afterwards).</summary>
    internal void FoldModelInPlace()
    {
        if (foldedInPlace) return;
        BatchNormFolding.FoldInPlace(Model, InputShape);
        foldedInPlace = true;
    }

    /// <summary>Disposes the folded copies and the perturbation target (again: nothing); reported values stay readable.</summary>
    public void Dispose()
    {
        target?.Dispose();
        folded?.Dispose();
        FoldedInit?.Dispose();
        target = null;
        folded = null;
        FoldedInit = null;
    }
}
