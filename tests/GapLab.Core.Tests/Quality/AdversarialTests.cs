using GapLab.Quality;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Core.Tests.Quality;

public class AdversarialTests
{
    public AdversarialTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    /// <summary>Flatten + Linear(4 -> 2) with rows W0 = [1,-1,.5,2], W1 = [-1,1,1,1] and bias b.</summary>
    static Module<Tensor, Tensor> LinearModel(float b0 = 0, float b1 = 0)
    {
        var linear = Linear(4, 2);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(new float[] { 1, -1, 0.5f, 2, -1, 1, 1, 1 }, new long[] { 2, 4 }));
            linear.bias!.copy_(tensor(new[] { b0, b1 }));
        }
        return Sequential(Flatten(), linear);
    }

    // Softmax cross-entropy of z = W x + b: dL/dx = W^T (p - onehot(y)) / N (mean over the batch).
    // With two classes and y = 0: p - onehot = [-p1, p1], so dL/dx = p1 (W1 - W0) / N and sign = sign(W1 - W0) = sign([-2, 2, .5, -1]).
    // (No zero entries: with W1_j = W0_j the float gradient is rounding noise whose sign is arbitrary.)
    // With y = 1 the sign flips: sign(W0 - W1) = [1, -1, -1, 1].
    [Fact]
    public void Fgsm_on_a_linear_model_equals_the_closed_form()
    {
        using var scope = NewDisposeScope();
        var model = LinearModel();
        var x = tensor(new float[] { 0.5f, 0.98f, 0.3f, 0.02f, 0.5f, 0.5f, 0.5f, 0.5f }, new long[] { 2, 1, 2, 2 });
        var y = tensor(new long[] { 0, 1 });
        var adv = Fgsm.Perturb(model, x, y, 0.05).data<float>().ToArray();
        // sample 0 (y=0): x + .05 * [-1, 1, 1, -1] = [.45, 1.03 -> 1 (clamped), .35, -.03 -> 0 (clamped)]
        // sample 1 (y=1): x + .05 * [1, -1, -1, 1] = [.55, .45, .45, .55]
        var expected = new[] { 0.45f, 1f, 0.35f, 0f, 0.55f, 0.45f, 0.45f, 0.55f };
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], adv[i], 6);
    }

    // With b = [-1.25, -1] and x = .5 everywhere: z = [.5*(1-1+.5+2) - 1.25, .5*(-1+1+1+1) - 1] = [0, 0], p = [.5, .5],
    // so for y = 0 the input gradient is .5 * (W1 - W0) / 1 = [-1, 1, .25, -.5].
    [Fact]
    public void Input_gradient_matches_the_hand_computed_softmax_cross_entropy_gradient()
    {
        using var scope = NewDisposeScope();
        var model = LinearModel(-1.25f, -1f);
        var g = AttackGradient.OfCrossEntropy(model, full(new long[] { 1, 1, 2, 2 }, 0.5f), tensor(new long[] { 0 })).data<float>().ToArray();
        Assert.Equal(new[] { -1f, 1f, 0.25f, -0.5f }, g.Select(v => MathF.Round(v, 5)).ToArray());
    }

    [Fact]
    public void Pgd_stays_inside_the_epsilon_ball_and_the_pixel_range_and_is_seeded()
    {
        using var scope = NewDisposeScope();
        var model = LinearModel();
        var x = rand(new long[] { 8, 1, 2, 2 }, generator: new Generator(3));
        x[0] = zeros(1, 2, 2); x[1] = ones(1, 2, 2);
        var y = tensor(new long[] { 0, 1, 0, 1, 0, 1, 0, 1 });
        var options = new PgdOptions(Epsilon: 0.1, StepSize: 0.04, Steps: 7, RandomStart: true, Seed: 9);
        var adv = Pgd.Perturb(model, x, y, options);
        Assert.True((adv - x).abs().max().ToDouble() <= 0.1 + 1e-6);
        Assert.True(adv.min().ToDouble() >= 0 && adv.max().ToDouble() <= 1);
        Assert.True((adv - x).abs().max().ToDouble() > 0.05, "PGD did not move the inputs");
        Assert.Equal(0.0, (Pgd.Perturb(model, x, y, options) - adv).abs().max().ToDouble());
    }

    [Fact]
    public void Robust_accuracy_never_exceeds_clean_accuracy_on_a_trained_tiny_model()
    {
        using var scope = NewDisposeScope();
        // class 0: pixels U(.2,.45); class 1: pixels U(.55,.8); 1x4x4 images
        var g = new Generator(1);
        var y = cat(new[] { zeros(32, ScalarType.Int64), ones(32, ScalarType.Int64) });
        var x = (rand(new long[] { 64, 1, 4, 4 }, generator: g) * 0.25 + 0.2 + 0.35 * y.to(ScalarType.Float32).view(-1, 1, 1, 1));
        var model = Sequential(Flatten(), Linear(16, 2));
        var optimizer = optim.Adam(model.parameters(), 0.05);
        for (int step = 0; step < 150; step++)
        {
            using var s = NewDisposeScope();
            optimizer.zero_grad();
            functional.cross_entropy(model.call(x), y).backward();
            optimizer.step();
        }
        var r = AdversarialRobustness.Evaluate(model, x, y, new PgdOptions(Epsilon: 0.15, StepSize: 0.05, Steps: 5), batchSize: 20);
        Assert.True(r.CleanAccuracy >= 0.95, $"tiny model did not train: clean accuracy {r.CleanAccuracy}");
        Assert.True(r.PgdAccuracy <= r.CleanAccuracy && r.FgsmAccuracy <= r.CleanAccuracy);
        Assert.True(r.PgdAccuracy < r.CleanAccuracy, "eps .15 should flip some samples near the boundary");
        Assert.Equal(Math.Sqrt(r.PgdAccuracy / r.CleanAccuracy * (r.FgsmAccuracy / r.CleanAccuracy)), r.RelativeRobustAccuracy!.Value, 12);
        Assert.True(model.training, "evaluation must restore the training mode it found");
    }

    [Fact]
    public void Relative_robust_accuracy_is_the_geometric_mean_of_ratios()
    {
        // clean .8, PGD .2, FGSM .4: sqrt(.25 * .5) = .35355339
        Assert.Equal(Math.Sqrt(0.125), AdversarialRobustness.RelativeRobustAccuracy(0.8, 0.2, 0.4), 12);
        Assert.Throws<ArgumentException>(() => AdversarialRobustness.RelativeRobustAccuracy(0, 0.1));
    }

    [Fact]
    public void Normalized_model_normalises_inside_and_attacks_reject_normalised_inputs()
    {
        using var scope = NewDisposeScope();
        var inner = Sequential(Flatten());
        var model = new NormalizedModel(inner, new[] { 0.5, 0.25 }, new[] { 0.5, 0.25 });
        var x = tensor(new float[] { 1, 0, 0.5f, 0.75f }, new long[] { 1, 2, 1, 2 });
        // channel 0: (1 - .5)/.5 = 1, (0 - .5)/.5 = -1; channel 1: (.5 - .25)/.25 = 1, (.75 - .25)/.25 = 2
        Assert.Equal(new[] { 1f, -1f, 1f, 2f }, model.call(x).data<float>().ToArray());
        Assert.Contains("[0,1]", Assert.Throws<ArgumentException>(() => Fgsm.Perturb(LinearModel(), x * 3 - 1, tensor(new long[] { 0 }), 0.1)).Message);
        Assert.Throws<ArgumentException>(() => new NormalizedModel(inner, new[] { 0.5 }, new[] { 0.0 }));
        Assert.Contains("epsilon", Assert.Throws<ArgumentException>(() => new PgdOptions(Epsilon: 2).Validate()).Message);
    }

    [Fact]
    public void PgdStep_DefaultsToAQuarterOfEpsilon_AndWarnsWhenTheStepsCannotSpanTheBudget()
    {
        Assert.Equal(2.0 / 255, new PgdOptions().Step, 15); // torchattacks' 8/255, 2/255
        Assert.Equal(8.0 / 255, new PgdOptions(Epsilon: 32.0 / 255).Step, 15);
        Assert.Equal(0.01, new PgdOptions(Epsilon: 32.0 / 255, StepSize: 0.01).Step, 15);
        Assert.Null(new PgdOptions(Epsilon: 32.0 / 255).BudgetWarning); // 10 x 8/255 >= 32/255
        Assert.Null(new PgdOptions(Steps: 4).BudgetWarning); // 4 x eps/4 = eps exactly
        var w = new PgdOptions(Epsilon: 32.0 / 255, StepSize: 2.0 / 255).BudgetWarning; // 10 x 2/255 = 20/255 < 32/255
        Assert.NotNull(w);
        Assert.Contains("10 steps x step 0.007843 = 0.07843 < epsilon 0.1255", w);
        // value: a linear model's CE gradient sign is constant, so 10 steps of eps/4 from the clean image reach the budget edge
        // (x -> x + eps·s inside [0,1]), while 10 steps of 2/255 stop at 20/255
        using var scope = NewDisposeScope();
        var model = LinearModel();
        var x = full(new long[] { 1, 1, 2, 2 }, 0.5f);
        var y = tensor(new long[] { 0 });
        var far = Pgd.Perturb(model, x, y, new PgdOptions(Epsilon: 32.0 / 255, RandomStart: false));
        var near = Pgd.Perturb(model, x, y, new PgdOptions(Epsilon: 32.0 / 255, StepSize: 2.0 / 255, RandomStart: false));
        Assert.Equal(32.0 / 255, (far - x).abs().max().item<float>(), 5);
        Assert.Equal(20.0 / 255, (near - x).abs().max().item<float>(), 5);
    }
}
