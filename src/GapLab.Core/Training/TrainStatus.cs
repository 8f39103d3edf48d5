namespace GapLab.Training;

/// <summary>How a training run ended.</summary>
public enum TrainStatus
{
    /// <summary>All epochs (or <see cref="TrainOptions.MaxSteps"/>) done.</summary>
    Completed,
    /// <summary>Validation loss did not improve for <see cref="TrainOptions.EarlyStoppingPatience"/> epochs.</summary>
    EarlyStopped,
    /// <summary>A NaN or infinite loss was seen; finished epochs are kept.</summary>
    Diverged,
    /// <summary>The cancellation token fired; finished epochs are kept.</summary>
    Cancelled,
}
