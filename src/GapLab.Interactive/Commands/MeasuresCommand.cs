using GapLab.Data;
using GapLab.Interactive.Magic;
using GapLab.Metrics.Complexity;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Weights;
using static TorchSharp.torch;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab measures --model VAR --data VAR [--init VAR|FILE] [--measures cheap|all|NAMES] [--examples N] [--seed N] --as NAME</c>: the
/// complexity measures (<see cref="ComplexityMeasures.Compute"/>) of a trained model on its training set, with live progress; returns the
/// list of <see cref="MeasureValue"/> (shown as a table). <c>--init</c> gives the initial weights for the distance measures: a model
/// variable (e.g. the same spec built with the same seed), a dictionary of tensors, or a safetensors file; without it they are NaN.
/// </summary>
public static class MeasuresCommand
{
    /// <summary>The values --measures completes to: cheap, all and every catalogue name.</summary>
    public static IEnumerable<string> Selections() => new[] { "cheap", "all" }.Concat(MeasureCatalog.Names);

    public static MagicCommandDescriptor Descriptor { get; } = new(
        "measures",
        "Complexity measures (norms, margins, PAC-Bayes, sharpness, PGDL baselines) of a trained model variable; returns the list of values.",
        [
            new("--model", "C# variable holding the trained BuiltModel (or Module<Tensor,Tensor>).", Required: true, Kind: MagicParameterKind.Identifier),
            new("--data", "C# variable holding the training data: a DatasetSplit (its training set) or a Dataset.", Required: true, Kind: MagicParameterKind.Identifier),
            new("--init", "Initial weights: a model variable (same spec, same seed, untrained), a Dictionary<string, Tensor>, or a .safetensors file."),
            new("--measures", "cheap (no perturbation searches), all, or comma-separated names from the catalogue.", DefaultValue: "cheap", Completions: Selections),
            new("--examples", "Training examples per accuracy evaluation of the perturbation searches (0 = all).", DefaultValue: "500", Kind: MagicParameterKind.Integer),
            new("--seed", "Seed of the perturbation searches.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.As("the list of MeasureValue"),
        ]);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var selection = args.GetRequiredString("--measures");
        var names = selection == "cheap" ? MeasureCatalog.Cheap : selection;
        try { _ = MeasureCatalog.Select(names); }
        catch (ArgumentException e) { throw new ArgumentException($"--measures '{selection}': {e.Message.Replace("Known measures: all,", "accepted: cheap, all,", StringComparison.Ordinal)}"); }
        long examples = args.GetInt64("--examples")!.Value;
        if (examples is < 0 or > int.MaxValue) throw new ArgumentException($"--examples {examples} must be >= 0 (0 = all).");
        var modelName = args.GetRequiredString("--model");
        var dataName = args.GetRequiredString("--data");
        var modelValue = NotebookVariables.Get(context, "--model", modelName, $"e.g. #!gaplab model --spec mlp:width=256 --as {modelName}");
        var module = ModuleOf(modelValue) ?? throw NotebookVariables.WrongType("--model", modelName, modelValue, "a GapLab.Models.BuiltModel or a TorchSharp Module<Tensor,Tensor>");
        var dataValue = NotebookVariables.Get(context, "--data", dataName, $"e.g. #!gaplab load --as {dataName}");
        var train = dataValue switch
        {
            DatasetSplit s => s.Train,
            Dataset d => d,
            _ => throw NotebookVariables.WrongType("--data", dataName, dataValue, "a GapLab.Data.DatasetSplit or Dataset"),
        };
        TorchRuntime.EnsureLoaded();
        var options = new MeasureOptions { Measures = names, Seed = args.GetInt64("--seed")!.Value, PerturbationExamples = (int)examples };
        options.Validate();

        string title = $"measures of {modelName} on {train.Name} ({train.Count} examples)";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var (init, owned) = Init(args.GetString("--init"), context);
        try
        {
            var progress = new ProgressSink<MeasureProgress>(p =>
                display.Update(new ProgressView(title, p.Stage, p.Total > 0 ? (double)p.Done / p.Total : 0, $"{p.Done}/{p.Total}")));
            var values = await Task.Run(() => ComplexityMeasures.Compute(module, init, train, options, progress, context.CancellationToken));
            display.Update(new ProgressView(title, "done", 1, $"{values.Count} measures" + (init is null ? "; no --init, so the distance measures are NaN" : "")), force: true);
            return values;
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
        }
    }

    static nn.Module<Tensor, Tensor>? ModuleOf(object value) => value switch
    {
        BuiltModel b => b.Module,
        nn.Module<Tensor, Tensor> m => m,
        _ => null,
    };

    /// <summary>The initial parameters named by --init (null without it) and the tensors this call loaded (to dispose).</summary>
    static (IReadOnlyDictionary<string, Tensor>? Init, IReadOnlyList<Tensor> Owned) Init(string? init, IMagicContext context)
    {
        if (init is null) return (null, []);
        if (MagicNames.IsIdentifier(init) && context.TryGetVariable(init, out var value) && value is not null)
        {
            if (ModuleOf(value) is { } m) return (m.named_parameters().ToDictionary(p => p.name, p => p.parameter as Tensor), []);
            if (value is IReadOnlyDictionary<string, Tensor> d) return (d, []);
            throw NotebookVariables.WrongType("--init", init, value, "a BuiltModel, a Module<Tensor,Tensor> or a Dictionary<string, Tensor> of initial parameters");
        }
        if (File.Exists(init))
        {
            var tensors = Safetensors.Load(init).Tensors;
            return (tensors, tensors.Values.ToArray());
        }
        throw new ArgumentException($"--init '{init}' is neither a C# variable nor an existing .safetensors file.");
    }
}
