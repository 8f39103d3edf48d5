using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>Clean, FGSM and PGD accuracy on the same batches, and the relative robust accuracy (null when clean accuracy is 0).</summary>
public sealed record AdversarialRobustnessResult(
    int SampleCount, double CleanAccuracy, double FgsmAccuracy, double PgdAccuracy, double? RelativeRobustAccuracy, PgdOptions Pgd, string InputSpace);

/// <summary>
/// Adversarial-robustness dimension = gmean( acc_PGD / acc_clean , acc_FGSM / acc_clean ), FGSM with the PGD epsilon, attacks in [0,1] pixel space.
/// Source: Hesse et al. 2025, "Beyond Accuracy" (visinf/beyond-accuracy eval code, torchattacks 3.5.1 defaults), spec 5.1(2).
/// </summary>
public static class AdversarialRobustness
{
    public const string PixelSpace = "pixel [0,1]; normalisation inside the model";

    /// <summary>gmean_a( acc_a / acc_clean ); throws when clean accuracy is not positive.</summary>
    public static double RelativeRobustAccuracy(double cleanAccuracy, params double[] attackedAccuracies)
    {
        if (!(cleanAccuracy > 0 && cleanAccuracy <= 1))
            throw new ArgumentException($"relative robust accuracy needs a clean accuracy in (0,1]; got {cleanAccuracy}.", nameof(cleanAccuracy));
        if (attackedAccuracies.Length == 0) throw new ArgumentException("at least one attacked accuracy is needed.", nameof(attackedAccuracies));
        foreach (var a in attackedAccuracies)
            if (!(a >= 0 && a <= 1)) throw new ArgumentException($"attacked accuracy {a} is outside [0,1].", nameof(attackedAccuracies));
        return ClassificationInputs.GeometricMean(attackedAccuracies.Select(a => a / cleanAccuracy).ToArray());
    }

    /// <summary>
    /// Attacks every batch with FGSM(eps) and PGD(options); batch b uses PGD seed options.Seed + b so results do not depend on batch order.
    /// <paramref name="afterBatch"/> runs after each batch; <paramref name="ct"/> is checked before each batch (throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public static AdversarialRobustnessResult Evaluate(Module<Tensor, Tensor> model, Tensor images, Tensor labels, PgdOptions options, int batchSize = 256,
        Action? afterBatch = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        AttackGradient.Validate(model, images, labels, options.Epsilon);
        if (batchSize < 1) throw new ArgumentException($"batch size must be >= 1; got {batchSize}.", nameof(batchSize));
        long n = images.shape[0];
        if (n == 0) throw new ArgumentException("no images to attack.", nameof(images));
        long clean = 0, fgsm = 0, pgd = 0;
        using var mode = new EvalModeScope(model);
        for (long start = 0, batch = 0; start < n; start += batchSize, batch++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            var x = images.narrow(0, start, len);
            var y = labels.narrow(0, start, len);
            clean += CountCorrect(model, x, y);
            fgsm += CountCorrect(model, Fgsm.Perturb(model, x, y, options.Epsilon), y);
            pgd += CountCorrect(model, Pgd.Perturb(model, x, y, options with { Seed = options.Seed + batch }), y);
            afterBatch?.Invoke();
        }
        double cleanAcc = (double)clean / n, fgsmAcc = (double)fgsm / n, pgdAcc = (double)pgd / n;
        double? relative = cleanAcc > 0 ? RelativeRobustAccuracy(cleanAcc, pgdAcc, fgsmAcc) : null;
        return new AdversarialRobustnessResult((int)n, cleanAcc, fgsmAcc, pgdAcc, relative, options, PixelSpace);
    }

    internal static long CountCorrect(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.call(x).argmax(1).eq(y).sum().item<long>();
    }
}
