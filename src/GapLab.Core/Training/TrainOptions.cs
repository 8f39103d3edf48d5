using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Training;

/// <summary>
/// Settings of one training run. All fields have defaults; <see cref="Validate"/> checks ranges and combinations and
/// is called by <see cref="Trainer.Train"/>. Strings are matched case-insensitively.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>"sgd" (with <see cref="Momentum"/>, <see cref="Nesterov"/>) or "adamw" (betas 0.9/0.999, eps 1e-8).</summary>
    public string Optimizer { get; init; } = "sgd";
    public double LearningRate { get; init; } = 0.01;
    /// <summary>SGD momentum in [0, 1); ignored by AdamW.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Nesterov momentum (SGD only, needs <see cref="Momentum"/> &gt; 0).</summary>
    public bool Nesterov { get; init; }
    /// <summary>L2 penalty for SGD, decoupled decay for AdamW; &gt;= 0.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Per-epoch learning-rate schedule: "none", "step" (x <see cref="Gamma"/> every <see cref="StepSize"/> epochs) or "cosine" (to 0 over <see cref="Epochs"/>). See <see cref="LearningRateSchedule"/>.</summary>
    public string Schedule { get; init; } = "none";
    /// <summary>Epochs between decays of the "step" schedule, &gt;= 1.</summary>
    public int StepSize { get; init; } = 30;
    /// <summary>Decay factor of the "step" schedule, in (0, 1].</summary>
    public double Gamma { get; init; } = 0.1;
    public int BatchSize { get; init; } = 128;
    /// <summary>Batch size of the evaluation passes (no gradients, so it can be larger).</summary>
    public int EvaluationBatchSize { get; init; } = 1000;
    public int Epochs { get; init; } = 10;
    /// <summary>Fraction of the training set held out for validation, in [0, 1); 0 = no validation set.</summary>
    public double ValidationFraction { get; init; }
    /// <summary>Stop after this many epochs without a lower validation loss; 0 = off. Needs <see cref="ValidationFraction"/> &gt; 0.</summary>
    public int EarlyStoppingPatience { get; init; }
    /// <summary>Label smoothing of the training objective, in [0, 1). Reported losses are plain cross-entropy.</summary>
    public double LabelSmoothing { get; init; }
    /// <summary>Seeds torch (dropout, augmentation), the validation split and the data order.</summary>
    public long Seed { get; init; }
    /// <summary>Apply <see cref="Augmentation"/> to every training batch.</summary>
    public bool Augment { get; init; }
    /// <summary>Batch augmentation (x [B,...] on the training device, CPU generator seeded from <see cref="Seed"/>) -&gt; augmented x of the same shape. Required when <see cref="Augment"/> is true.</summary>
    public Func<Tensor, Generator, Tensor>? Augmentation { get; init; }
    /// <summary>auto|cpu|cuda|cuda:N, resolved by <see cref="GapLab.Runtime.TorchEnvironment.ResolveDevice"/>.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>When false, train/test metrics are computed only for the last epoch; earlier records hold NaN there.</summary>
    public bool EvaluateEveryEpoch { get; init; } = true;
    /// <summary>Stop after this many optimizer steps (the partial epoch is recorded); null = no limit.</summary>
    public long? MaxSteps { get; init; }
    /// <summary>Full training batches used for the final gradient-noise estimate; 0 = skip, otherwise &gt;= 2.</summary>
    public int GradientNoiseBatches { get; init; } = 8;

    static readonly string[] Optimizers = ["sgd", "adamw"];
    static readonly string[] Schedules = ["none", "step", "cosine"];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field, its value and the accepted range.</summary>
    public TrainOptions Validate()
    {
        if (!Optimizers.Contains(Optimizer?.ToLowerInvariant()))
            throw Bad(nameof(Optimizer), Optimizer, "sgd or adamw");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw Bad(nameof(LearningRate), LearningRate, "a finite number > 0");
        if (!(Momentum >= 0 && Momentum < 1))
            throw Bad(nameof(Momentum), Momentum, "[0, 1)");
        if (Nesterov && (OptimizerKind != "sgd" || Momentum == 0))
            throw Bad(nameof(Nesterov), Nesterov, "true only with Optimizer = sgd and Momentum > 0");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw Bad(nameof(WeightDecay), WeightDecay, "a finite number >= 0");
        if (!Schedules.Contains(Schedule?.ToLowerInvariant()))
            throw Bad(nameof(Schedule), Schedule, "none, step or cosine");
        if (StepSize < 1)
            throw Bad(nameof(StepSize), StepSize, "an integer >= 1 (epochs)");
        if (!(Gamma > 0 && Gamma <= 1))
            throw Bad(nameof(Gamma), Gamma, "(0, 1]");
        if (BatchSize < 1)
            throw Bad(nameof(BatchSize), BatchSize, "an integer >= 1");
        if (EvaluationBatchSize < 1)
            throw Bad(nameof(EvaluationBatchSize), EvaluationBatchSize, "an integer >= 1");
        if (Epochs < 1)
            throw Bad(nameof(Epochs), Epochs, "an integer >= 1");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
            throw Bad(nameof(ValidationFraction), ValidationFraction, "[0, 1) (0 = no validation set)");
        if (EarlyStoppingPatience < 0)
            throw Bad(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "an integer >= 0 (0 = off)");
        if (EarlyStoppingPatience > 0 && ValidationFraction == 0)
            throw Bad(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "0 unless ValidationFraction > 0 (early stopping watches the validation loss)");
        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1))
            throw Bad(nameof(LabelSmoothing), LabelSmoothing, "[0, 1)");
        if (Augment && Augmentation is null)
            throw Bad(nameof(Augment), Augment, "false unless an Augmentation function is set");
        if (string.IsNullOrWhiteSpace(Device))
            throw Bad(nameof(Device), Device, "auto, cpu, cuda or cuda:N");
        if (MaxSteps is < 1)
            throw Bad(nameof(MaxSteps), MaxSteps, "null (no limit) or an integer >= 1");
        if (GradientNoiseBatches is < 0 or 1)
            throw Bad(nameof(GradientNoiseBatches), GradientNoiseBatches, "0 (skip) or an integer >= 2");
        return this;
    }

    internal string OptimizerKind => Optimizer.ToLowerInvariant();
    internal string ScheduleKind => Schedule.ToLowerInvariant();

    static ArgumentException Bad(string field, object? value, string accepted) =>
        new($"TrainOptions.{field} = {Format(value)} is invalid: accepted {accepted}.", field);

    static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
