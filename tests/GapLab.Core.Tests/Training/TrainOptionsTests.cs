using GapLab.Training;

namespace GapLab.Core.Tests.Training;

public class TrainOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => new TrainOptions().Validate();

    public static TheoryData<TrainOptions, string, string> BadOptions => new()
    {
        { new TrainOptions { Optimizer = "adam" }, "Optimizer", "'adam'" },
        { new TrainOptions { LearningRate = 0 }, "LearningRate", "= 0" },
        { new TrainOptions { Momentum = 1 }, "Momentum", "[0, 1)" },
        { new TrainOptions { Nesterov = true, Momentum = 0 }, "Nesterov", "Momentum > 0" },
        { new TrainOptions { Schedule = "linear" }, "Schedule", "none, step or cosine" },
        { new TrainOptions { Gamma = 1.5 }, "Gamma", "1.5" },
        { new TrainOptions { BatchSize = 0 }, "BatchSize", ">= 1" },
        { new TrainOptions { Epochs = -2 }, "Epochs", "-2" },
        { new TrainOptions { ValidationFraction = 1 }, "ValidationFraction", "[0, 1)" },
        { new TrainOptions { EarlyStoppingPatience = 3 }, "EarlyStoppingPatience", "ValidationFraction > 0" },
        { new TrainOptions { LabelSmoothing = -0.1 }, "LabelSmoothing", "-0.1" },
        { new TrainOptions { Augment = true }, "Augment", "Augmentation" },
        { new TrainOptions { MaxSteps = 0 }, "MaxSteps", ">= 1" },
        { new TrainOptions { GradientNoiseBatches = 1 }, "GradientNoiseBatches", ">= 2" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_values_name_field_value_and_range(TrainOptions options, string field, string fragment)
    {
        var ex = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Equal(field, ex.ParamName);
        Assert.Contains($"TrainOptions.{field} = ", ex.Message);
        Assert.Contains(fragment, ex.Message);
    }
}
