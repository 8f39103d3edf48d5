using System.Globalization;
using GapLab.Models;

namespace GapLab.Suites;

/// <summary>A model's estimated training memory exceeds what the machine has; raised before the model is built.</summary>
public sealed class ModelTooLargeException(ModelFootprint model, int batchSize, long availableBytes, string memoryKind = "available") : ArgumentException(
    string.Create(CultureInfo.InvariantCulture,
        $"this model needs ~{SuiteFootprint.Gb(model.TrainingBytes(batchSize))} GB; {(memoryKind == "available" ? "the machine has" : "the GPU has")} {SuiteFootprint.Gb(availableBytes)} GB {memoryKind} " +
        $"({model.Spec}: {model.Parameters:N0} parameters, float32 training at batch {batchSize}, approx.); choose a smaller width/depth or batch size"))
{
    public ModelFootprint Model { get; } = model;
}
