namespace GapLab.Training;

/// <summary>
/// Learning rate used during a (0-based) epoch. step: lr0 * gamma^floor(e / stepSize) (PyTorch StepLR);
/// cosine: lr0 * (1 + cos(pi * e / epochs)) / 2 with eta_min = 0 (PyTorch CosineAnnealingLR, T_max = epochs); none: lr0.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The learning rate for 0-based <paramref name="epoch"/> under <paramref name="options"/>' schedule.</summary>
    public static double At(TrainOptions options, int epoch)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "epoch is 0-based and must be >= 0.");
        double lr0 = options.LearningRate;
        return options.ScheduleKind switch
        {
            "none" => lr0,
            "step" => lr0 * Math.Pow(options.Gamma, epoch / options.StepSize),
            "cosine" => lr0 * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(epoch, options.Epochs) / options.Epochs)),
            _ => throw new ArgumentException($"TrainOptions.Schedule = '{options.Schedule}' is invalid: accepted none, step or cosine.", nameof(options)),
        };
    }
}
