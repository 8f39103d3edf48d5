using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Training;

/// <summary>Batched evaluation in eval mode under no_grad: mean cross-entropy and top-1 accuracy.</summary>
public static class Evaluator
{
    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="x"/> [N,...] and int64 labels <paramref name="y"/> [N]
    /// (same device as the model). The model's train/eval mode is restored afterwards.
    /// </summary>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, int batchSize, bool keepPredictions = false)
    {
        GapLab.Runtime.SelfCheck.KernelSelfCheck.EnsureChecked(); // verified kernels before the first evaluation
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (batchSize < 1) throw new ArgumentException($"batchSize = {batchSize} is invalid: accepted an integer >= 1.", nameof(batchSize));
        if (y.dim() != 1 || x.dim() < 1 || x.shape[0] != y.shape[0])
            throw new ArgumentException($"x [{string.Join(",", x.shape)}] and y [{string.Join(",", y.shape)}] must have the same number of rows and y must be 1-D.");
        long n = x.shape[0];
        if (n == 0) return new EvaluationResult(double.NaN, double.NaN, keepPredictions ? [] : null, 0);

        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var outer = NewDisposeScope();
            using var noGrad = no_grad();
            var lossSum = zeros(1, ScalarType.Float64, x.device);
            var correct = zeros(1, ScalarType.Int64, x.device);
            long[]? predictions = keepPredictions ? new long[n] : null;
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long len = Math.Min(batchSize, n - start);
                var xb = x.narrow(0, start, len);
                var yb = y.narrow(0, start, len);
                var logits = model.forward(xb);
                lossSum.add_(nn.functional.cross_entropy(logits, yb, reduction: nn.Reduction.Sum).to(ScalarType.Float64));
                var pred = logits.argmax(1);
                correct.add_(pred.eq(yb).sum());
                if (predictions is not null)
                    pred.cpu().data<long>().CopyTo(predictions, (int)start);
            }
            return new EvaluationResult(lossSum.item<double>() / n, (double)correct.item<long>() / n, predictions, (int)n);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
