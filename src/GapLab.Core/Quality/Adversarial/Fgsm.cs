using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>
/// FGSM (L-inf): x_adv = clip_[0,1]( x + eps * sign( grad_x CE(f(x), y) ) ), eps in [0,1] pixel space; the model runs in eval mode.
/// Source: Goodfellow, Shlens, Szegedy 2015, "Explaining and Harnessing Adversarial Examples"; torchattacks.FGSM (spec 5.1(2)).
/// </summary>
public static class Fgsm
{
    public static Tensor Perturb(Module<Tensor, Tensor> model, Tensor images, Tensor labels, double epsilon)
    {
        AttackGradient.Validate(model, images, labels, epsilon);
        using var mode = new EvalModeScope(model);
        using var scope = NewDisposeScope();
        var grad = AttackGradient.OfCrossEntropy(model, images, labels);
        return (images.detach() + epsilon * grad.sign()).clamp(0, 1).MoveToOuterDisposeScope();
    }
}
