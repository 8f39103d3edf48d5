namespace GapLab.Training;

/// <summary>Which part of an epoch a <see cref="TrainProgress"/> event reports ("train", "eval" as text).</summary>
public enum TrainPhase
{
    /// <summary>After a training batch.</summary>
    Train,
    /// <summary>Once per epoch, before the evaluation passes.</summary>
    Eval,
}
