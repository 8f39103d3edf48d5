using GapLab.Jobs;
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
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "measures",
        "Complexity measures (norms, margins, PAC-Bayes, sharpness, PGDL baselines) of a trained model variable; returns the list of values.",
        [
            .. MagicParameterDescriptor.From(MeasureJob.Parameters).Select(p => p.Name is "--model" or "--data" ? p with { Kind = MagicParameterKind.Identifier } : p),
            MagicParameterDescriptor.As("the list of MeasureValue"),
        ]);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var options = MeasureJob.Options(args);
        var modelName = args.GetRequiredString("--model");
        var dataName = args.GetRequiredString("--data");
        var train = NotebookVariables.Data(context, dataName, train: true);
        var (module, label) = NotebookVariables.Model(context, modelName, InputShape.Of(train), $"--data '{dataName}'", "pass the data the model was trained on");
        if (args.GetInt64("--train-size") is long n && n < train.Count) train = Subsample.Stratified(train, (int)n, (int)options.Seed);
        TorchRuntime.EnsureLoaded();

        string title = $"measures of {modelName} on {train.Name} ({train.Count} examples)";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var (init, owned) = Init(args.GetString("--init"), context);
        try
        {
            var progress = new ProgressSink<MeasureProgress>(p =>
                display.Update(new ProgressView(title, p.Stage, p.Total > 0 ? (double)p.Done / p.Total : 0, $"{p.Done}/{p.Total}")));
            var values = await Task.Run(() => MeasureJob.Run(module, init, train, options, progress, context.CancellationToken));
            display.Update(new ProgressView(title, "done", 1, $"{values.Count} measures" + (init is null ? "; no --init, so the distance measures are NaN" : "")), force: true);
            if (args.GetString("--store") is { } storeDir)
            {
                var file = MeasureJob.Append(storeDir, TorchEnvironment.Current(module.parameters().FirstOrDefault()?.device.ToString() ?? "cpu", options.Seed), args.CommandLine,
                    options, null, label, "", train, values);
                context.Display($"{values.Count} measures appended to {file}", "text/plain");
            }
            return values;
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
        }
    }

    /// <summary>The initial parameters named by --init (null without it) and the tensors this call loaded (to dispose).</summary>
    static (IReadOnlyDictionary<string, Tensor>? Init, IReadOnlyList<Tensor> Owned) Init(string? init, IMagicContext context)
    {
        if (init is null) return (null, []);
        if (MagicNames.IsIdentifier(init) && context.TryGetVariable(init, out var value) && value is not null)
        {
            var module = value switch { BuiltModel b => b.Module, nn.Module<Tensor, Tensor> m => m, _ => null };
            if (module is not null) return (module.named_parameters().ToDictionary(p => p.name, p => p.parameter as Tensor), []);
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
