using GapLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Training;

public class EvaluatorTests
{
    public EvaluatorTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void Loss_accuracy_and_predictions_match_a_hand_computed_case()
    {
        // Identity weights: logits = x. CE: log(1+e^-2), log(1+e^1), log(1+e^-2) -> mean 0.522373; predictions 0, 1, 1.
        using var model = nn.Linear(2, 2, hasBias: false);
        using (no_grad()) model.weight!.copy_(eye(2));
        model.train();
        using var x = tensor(new float[] { 2, 0, 0, 1, 1, 3 }, [3, 2]);
        using var y = tensor(new long[] { 0, 0, 1 });
        var r = Evaluator.Evaluate(model, x, y, batchSize: 2, keepPredictions: true);
        double expected = (2 * Math.Log(1 + Math.Exp(-2)) + Math.Log(1 + Math.E)) / 3;
        Assert.Equal(expected, r.Loss, 6);
        Assert.Equal(2.0 / 3, r.Accuracy, 12);
        Assert.Equal([0L, 1L, 1L], r.Predictions!);
        Assert.Equal(3, r.Count);
        Assert.True(model.training); // mode restored
    }

    [Fact]
    public void Mismatched_rows_are_rejected()
    {
        using var model = nn.Linear(2, 2);
        using var x = zeros(3, 2);
        using var y = zeros(2, ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(model, x, y, 2));
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(model, x, zeros(3, ScalarType.Int64), 0));
    }
}
