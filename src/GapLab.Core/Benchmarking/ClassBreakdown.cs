namespace GapLab.Benchmarking;

/// <summary>Accuracy and top-label ECE of one class for one model in one evaluation, with its image count and whether it is the model's worst class.</summary>
public sealed record ClassBreakdown(string EvalId, string RunId, int ClassIndex, string ClassName, int Images, double Accuracy, double CalibrationError, bool Worst);
