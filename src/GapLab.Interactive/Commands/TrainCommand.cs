using GapLab.Data;
using GapLab.Interactive.Magic;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Training;
using static TorchSharp.torch;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab train --model VAR|--spec SPEC --data VAR [--epochs N] [--lr X] [--batch-size N] [--optimizer sgd|adamw] [--seed N]
/// [--device D] [--validation-fraction F] [--patience N] --as VAR</c>: trains with <see cref="Trainer"/>, showing live progress
/// (redrawn at most every 0.5 s and after every epoch), and returns the <see cref="TrainResult"/>. Stopping the cell ends the
/// run at the next batch; the finished epochs are kept in the result (status Cancelled).
/// </summary>
public static class TrainCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "train",
        "Trains a model variable (or a new model from --spec) on a DatasetSplit variable with live progress; returns the TrainResult.",
        [
            new("--model", "C# variable holding a BuiltModel (from #!gaplab model) or a TorchSharp Module<Tensor,Tensor>; trained in place.", Kind: MagicParameterKind.Identifier),
            new("--spec", "Build a new model from this spec instead of --model (seeded with --seed).", Completions: ModelCommand.ModelNames),
            new("--data", "C# variable holding a DatasetSplit (from #!gaplab load).", Required: true, Kind: MagicParameterKind.Identifier),
            new("--epochs", "Training epochs.", DefaultValue: "3", Kind: MagicParameterKind.Integer),
            new("--lr", "Learning rate.", DefaultValue: "0.05", Kind: MagicParameterKind.Number),
            new("--batch-size", "Mini-batch size.", DefaultValue: "128", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.Choice("--optimizer", "sgd (momentum 0.9) or adamw.", ["sgd", "adamw"], defaultValue: "sgd"),
            new("--seed", "Seed of the data order (and of the model built from --spec).", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            new("--device", "auto, cpu, cuda or cuda:N.", DefaultValue: "auto", Completions: () => ["auto", "cpu", "cuda", "cuda:0"]),
            new("--validation-fraction", "Fraction of the training set held out for validation (0 = none).", DefaultValue: "0", Kind: MagicParameterKind.Number),
            new("--patience", "Early stopping: epochs without a lower validation loss (0 = off; needs --validation-fraction).", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.As("the TrainResult"),
        ]);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var modelName = args.GetString("--model");
        var spec = args.GetString("--spec");
        if ((modelName is null) == (spec is null))
            throw new ArgumentException("give exactly one of --model VAR (a model variable) or --spec SPEC (e.g. mlp:width=256).");
        var dataName = args.GetRequiredString("--data");
        var dataValue = NotebookVariables.Get(context, "--data", dataName, $"e.g. #!gaplab load --as {dataName}");
        var split = dataValue as DatasetSplit ?? throw NotebookVariables.WrongType("--data", dataName, dataValue, "a GapLab.Data.DatasetSplit");
        var options = Options(args);
        TorchRuntime.EnsureLoaded();
        var input = InputShape.Of(split.Train);

        BuiltModel? owned = null;
        nn.Module<Tensor, Tensor> module;
        string label;
        if (spec is not null)
        {
            TorchEnvironment.Seed(options.Seed);
            owned = ModelRegistry.Create(spec, input);
            (module, label) = (owned.Module, owned.Spec);
        }
        else
        {
            (module, label) = NotebookVariables.Model(context, modelName!, input, $"'{dataName}'");
        }

        string title = $"train {label} on {split.Train.Name} ({split.Train.Count} / {split.Test.Count})";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        try
        {
            var curve = new List<EpochLossPoint>(); // the eval event carries the finished epoch's mean batch loss
            var progress = new ProgressSink<TrainProgress>(p =>
            {
                if (p.Phase == TrainPhase.Eval) curve.Add(new EpochLossPoint(p.Epoch, p.Loss));
                display.Update(ProgressView.Of(title, p) with { Curve = curve.ToArray(), PlannedEpochs = p.Epochs }, force: p.Phase == TrainPhase.Eval);
            });
            var result = await Task.Run(() => Trainer.Train(module, split.Train, split.Test, options, progress, context.CancellationToken));
            display.Update(ProgressView.Finished(title, result, options.Epochs), force: true);
            return result;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    static TrainOptions Options(MagicArguments args)
    {
        int epochs = Positive(args, "--epochs"), batch = Positive(args, "--batch-size");
        double lr = args.GetDouble("--lr")!.Value, fraction = args.GetDouble("--validation-fraction")!.Value;
        long patience = args.GetInt64("--patience")!.Value;
        if (!(lr > 0)) throw new ArgumentException($"--lr {lr} must be > 0.");
        if (fraction is < 0 or >= 1) throw new ArgumentException($"--validation-fraction {fraction} must be in [0, 1) (0 = no validation set).");
        if (patience is < 0 or > int.MaxValue) throw new ArgumentException($"--patience {patience} must be >= 0 (0 = off).");
        if (patience > 0 && fraction == 0) throw new ArgumentException($"--patience {patience} needs --validation-fraction > 0 (early stopping watches the validation loss).");
        return new TrainOptions
        {
            Epochs = epochs,
            BatchSize = batch,
            LearningRate = lr,
            Optimizer = args.GetRequiredString("--optimizer"),
            Seed = args.GetInt64("--seed")!.Value,
            Device = args.GetRequiredString("--device"),
            ValidationFraction = fraction,
            EarlyStoppingPatience = (int)patience,
        }.Validate();
    }

    /// <summary>An integer parameter that must be in [1, int.MaxValue].</summary>
    internal static int Positive(MagicArguments args, string name)
    {
        long v = args.GetInt64(name)!.Value;
        return v is >= 1 and <= int.MaxValue ? (int)v : throw new ArgumentException($"{name} {v} must be a whole number >= 1.");
    }
}
