using GapLab.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>
/// PGD settings: L-inf radius and step size in [0,1] pixel space (null = epsilon/4, so 2/255 at the default 8/255 and the step
/// grows with the budget), number of steps, uniform random start, seed of that start.
/// </summary>
public sealed record PgdOptions(double Epsilon = 8.0 / 255, double? StepSize = null, int Steps = 10, bool RandomStart = true, long Seed = 0)
{
    /// <summary>The step used: <see cref="StepSize"/>, or epsilon/4 when it is not set.</summary>
    public double Step => StepSize ?? Epsilon / 4;

    /// <summary>A warning when steps x step &lt; epsilon (the attack cannot reach the edge of its budget from the clean image), else null.</summary>
    public string? BudgetWarning => Steps * Step < Epsilon * (1 - 1e-12)
        ? $"PGD: {Steps} steps x step {Step:G4} = {Steps * Step:G4} < epsilon {Epsilon:G4}: the attack cannot use its whole budget; raise --pgd-steps or --pgd-step-size."
        : null;

    public void Validate()
    {
        if (!(Epsilon >= 0 && Epsilon <= 1)) throw new ArgumentException($"PGD epsilon {Epsilon} must lie in [0,1] pixel space (default 8/255).");
        if (!(Step > 0 && Step <= 1)) throw new ArgumentException($"PGD step size {Step} must lie in (0,1] (default epsilon/4).");
        if (Steps < 1) throw new ArgumentException($"PGD steps must be >= 1; got {Steps} (default 10).");
    }
}

/// <summary>
/// PGD (L-inf): x_0 = clip(x + U(-eps, eps)) if random start; x_{t+1} = clip_[0,1]( x + clip_[-eps,eps]( x_t + alpha sign(grad CE) - x ) ).
/// Source: Madry et al. 2018, "Towards Deep Learning Models Resistant to Adversarial Attacks"; torchattacks.PGD defaults 8/255, 2/255, 10 steps.
/// </summary>
public static class Pgd
{
    public static Tensor Perturb(Module<Tensor, Tensor> model, Tensor images, Tensor labels, PgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        AttackGradient.Validate(model, images, labels, options.Epsilon);
        using var mode = new EvalModeScope(model);
        using var outer = NewDisposeScope();
        var x = images.detach();
        var adv = x.clone();
        if (options.RandomStart)
        {
            using var generator = SeededRandom.Create(options.Seed);
            var noise = SeededRandom.Rand(x.shape, x.dtype, x.device, generator) * (2 * options.Epsilon) - options.Epsilon;
            adv = (adv + noise).clamp(0, 1);
        }
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var grad = AttackGradient.OfCrossEntropy(model, adv, labels);
            var moved = adv + options.Step * grad.sign();
            var delta = (moved - x).clamp(-options.Epsilon, options.Epsilon);
            adv = (x + delta).clamp(0, 1).MoveToOuterDisposeScope();
        }
        return adv.MoveToOuterDisposeScope();
    }
}
