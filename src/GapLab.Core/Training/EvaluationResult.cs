namespace GapLab.Training;

/// <summary>Mean cross-entropy, top-1 accuracy and (optionally) predicted classes of <paramref name="Count"/> examples.</summary>
public sealed record EvaluationResult(double Loss, double Accuracy, long[]? Predictions, int Count);
