using GapLab.Training;

namespace GapLab.Core.Tests.Training;

public class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(1, 0.1)]
    [InlineData(2, 0.05)]
    [InlineData(3, 0.05)]
    [InlineData(4, 0.025)]
    [InlineData(7, 0.0125)]
    public void Step_halves_every_two_epochs(int epoch, double expected)
    {
        var o = new TrainOptions { LearningRate = 0.1, Schedule = "step", StepSize = 2, Gamma = 0.5 };
        Assert.Equal(expected, LearningRateSchedule.At(o, epoch), 15);
    }

    [Theory]
    [InlineData(0, 0.2)]
    [InlineData(1, 0.2 * 0.9045084971874737)] // (1 + cos(pi/5)) / 2
    [InlineData(2, 0.2 * 0.6545084971874737)] // (1 + cos(2pi/5)) / 2
    [InlineData(5, 0.0)]
    public void Cosine_anneals_to_zero_over_the_epochs(int epoch, double expected)
    {
        var o = new TrainOptions { LearningRate = 0.2, Schedule = "cosine", Epochs = 5 };
        Assert.Equal(expected, LearningRateSchedule.At(o, epoch), 14);
    }

    [Fact]
    public void None_is_constant() => Assert.Equal(0.3, LearningRateSchedule.At(new TrainOptions { LearningRate = 0.3 }, 99));
}
