using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Models;

/// <summary>
/// ResNet basic block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)). The shortcut is the identity, or,
/// when the stride or channel count changes, a 1x1 strided conv + BN (option B) registered as <c>shortcut.0</c>/<c>shortcut.1</c>.
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> conv1;
    readonly Module<Tensor, Tensor> bn1;
    readonly Module<Tensor, Tensor> conv2;
    readonly Module<Tensor, Tensor> bn2;
    readonly Module<Tensor, Tensor> shortcut;
    readonly bool _projects;

    public BasicBlock(long inChannels, long outChannels, long stride) : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(outChannels);
        conv2 = Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = BatchNorm2d(outChannels);
        _projects = stride != 1 || inChannels != outChannels;
        shortcut = _projects
            ? Sequential(("0", Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("1", BatchNorm2d(outChannels)))
            : Sequential();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var c1 = conv1.call(x);
        using var b1 = bn1.call(c1);
        using var r1 = functional.relu(b1);
        using var c2 = conv2.call(r1);
        using var b2 = bn2.call(c2);
        if (_projects)
        {
            using var s = shortcut.call(x);
            using var sum = b2.add(s);
            return functional.relu(sum);
        }
        using var identitySum = b2.add(x);
        return functional.relu(identitySum);
    }
}
