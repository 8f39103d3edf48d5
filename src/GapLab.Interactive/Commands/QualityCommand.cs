using GapLab.Data;
using GapLab.Interactive.Magic;
using GapLab.Models;
using GapLab.Quality;
using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab quality --model VAR [--data VAR] [--test-size N] [--dimensions LIST] [--corruptions LIST] [--corruption-set gaplab-monotone|cifar10-c] [--ood LIST] [--epsilon E] [--pgd-steps N] [--pgd-step-size S]
/// [--seed N] [--device D] [--as NAME]</c>: runs <see cref="QualityEvaluator"/> on the test split (default: the embedded Fashion-MNIST
/// test set) with live progress and returns the <see cref="QualityReport"/> (shown as a card with QUBA and charts). Stopping the cell
/// ends the evaluation at the next batch; the report then holds the finished dimensions and says it was cancelled.
/// </summary>
public static class QualityCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "quality",
        "Quality beyond accuracy of a model: adversarial, corruption and OOD robustness, calibration, class balance, parameters and QUBA.",
        [
            new("--model", "C# variable holding a BuiltModel (from #!gaplab model) or a TorchSharp Module<Tensor,Tensor> returning logits.", Required: true, Kind: MagicParameterKind.Identifier),
            new("--data", "C# variable holding a DatasetSplit or Dataset; its test split is evaluated (default: the embedded Fashion-MNIST test set).", Kind: MagicParameterKind.Identifier),
            new("--test-size", "Class-balanced subsample of the test set and the OOD sets (0 = all).", DefaultValue: "500", Kind: MagicParameterKind.Integer),
            new("--dimensions", "Comma-separated dimensions to keep in the report (default all), e.g. accuracy,calibration_error."),
            new("--corruptions", $"Comma-separated generated corruptions (default all 15: {string.Join(", ", CorruptionCatalog.Names)})."),
            MagicParameterDescriptor.Choice("--corruption-set", CorruptionSet.OptionHelp, CorruptionSet.Names, defaultValue: CorruptionSet.MonotoneName),
            new("--ood", $"Comma-separated shifted test sets: {string.Join(", ", DomainShift.Forms)}, a dataset name or a folder."),
            new("--epsilon", "L-inf attack budget in [0,1] pixel space (default 8/255).", Kind: MagicParameterKind.Number),
            new("--pgd-steps", "PGD steps of the adversarial attack.", DefaultValue: "10", Kind: MagicParameterKind.Integer),
            new("--pgd-step-size", "PGD step in [0,1] pixel space (default: epsilon/4, 2/255 at the default epsilon).", Kind: MagicParameterKind.Number),
            new("--seed", "Seed of the corruptions, PGD start and subsample.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            new("--device", "auto, cpu, cuda or cuda:N.", DefaultValue: "auto", Completions: () => ["auto", "cpu", "cuda", "cuda:0"]),
            MagicParameterDescriptor.As("the QualityReport"),
        ]);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var modelName = args.GetRequiredString("--model");
        var modelValue = NotebookVariables.Get(context, "--model", modelName, $"e.g. #!gaplab model --spec mlp:width=256 --as {modelName}");
        var dataName = args.GetString("--data");
        Dataset test;
        if (dataName is null) test = EmbeddedFashionMnist.Load().Test;
        else
        {
            var dataValue = NotebookVariables.Get(context, "--data", dataName, $"e.g. #!gaplab load --as {dataName}");
            test = dataValue switch
            {
                DatasetSplit s => s.Test,
                Dataset d => d,
                _ => throw NotebookVariables.WrongType("--data", dataName, dataValue, "a GapLab.Data.DatasetSplit or Dataset"),
            };
        }
        if (!test.IsImage) throw new ArgumentException($"--data '{dataName}' holds samples [{string.Join(",", test.SampleShape)}]; quality metrics need images [C,H,W].");
        long size = args.GetInt64("--test-size")!.Value, steps = args.GetInt64("--pgd-steps")!.Value, seed = args.GetInt64("--seed")!.Value;
        if (size is < 0 or > int.MaxValue) throw new ArgumentException($"--test-size {size} must be >= 0 (0 = all).");
        if (steps is < 1 or > 1000) throw new ArgumentException($"--pgd-steps {steps} must be in 1..1000.");
        if (seed is < int.MinValue or > int.MaxValue) throw new ArgumentException($"--seed {seed} must fit in 32 bits.");
        var keep = Dimensions(args.GetString("--dimensions"));
        var corruptions = args.GetString("--corruptions") is { } c ? Split(c) : CorruptionCatalog.Names;
        var corruptionSet = CorruptionSet.ParseOption(args.GetRequiredString("--corruption-set"));

        TorchRuntime.EnsureLoaded();
        var input = InputShape.Of(test);
        var (module, label) = modelValue switch
        {
            BuiltModel b when b.Input != input => throw new ArgumentException(
                $"--model '{modelName}' was built for input {b.Input}, but the test data have {input}; rebuild it with --input {input}."),
            BuiltModel b => (b.Module, b.Spec),
            nn.Module<Tensor, Tensor> m => (m, m.GetType().Name),
            _ => throw NotebookVariables.WrongType("--model", modelName, modelValue, "a GapLab.Models.BuiltModel or a TorchSharp Module<Tensor,Tensor>"),
        };
        if (size > 0 && size < test.Count) test = Subsample.Stratified(test, (int)size, (int)seed);
        var oodSets = args.GetString("--ood") is { } o ? Split(o).Select(n => OodTestSets.Resolve(n, test, (int)size, (int)seed)).ToArray() : [];
        var options = new QualityOptions
        {
            Pgd = new PgdOptions(Epsilon: args.GetDouble("--epsilon") ?? 8.0 / 255, StepSize: args.GetDouble("--pgd-step-size"), Steps: (int)steps, Seed: seed),
            Corruptions = corruptions,
            CorruptionSet = corruptionSet,
            CorruptionSeed = seed,
        };
        options.Validate();
        var device = TorchEnvironment.ResolveDevice(args.GetRequiredString("--device"));

        string title = $"quality of {label} on {test.Name} ({test.Count} images)" + (options.Pgd.BudgetWarning is { } warning ? " - warning: " + warning : "");
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var report = await Task.Run(() =>
        {
            module.to(device);
            var (x, y) = test.ToTensors(device);
            var sets = oodSets.Select(d => { var (ox, oy) = d.ToTensors(device); return new QualityTestSet(d.Name, ox, oy); }).ToArray();
            try
            {
                return QualityEvaluator.Evaluate(label, module, x, y, options, new QualityInputs { OodSets = sets },
                    new ProgressSink<QualityProgress>(p => display.Update(ProgressView.Of(title, p), force: p.StageDone == p.StageTotal)), context.CancellationToken);
            }
            finally
            {
                x.Dispose();
                y.Dispose();
                foreach (var s in sets) { s.Images.Dispose(); s.Labels.Dispose(); }
            }
        });
        display.Update(new ProgressView(title, report.Cancelled ? $"cancelled during {report.CancelledDuring}" : "completed",
            report.Cancelled ? 0 : 1, report.Cancelled ? "the report holds the finished dimensions" : ""), force: true);
        return keep is null ? report : report with { Dimensions = report.Dimensions.Where(d => keep.Contains(d.Dimension)).ToList() };
    }

    static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Dimension names (display, enum or snake_case names); null = all.</summary>
    internal static HashSet<QualityDimension>? Dimensions(string? list) => list is null or "all" ? null
        : Split(list).Select(n => QualityDimensions.Parse(n.Replace('_', ' '))).ToHashSet();
}
