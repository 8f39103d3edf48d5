using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Testbed;

/// <summary>
/// Huang et al.'s distortion autoencoder (spec metrics.md 1.3): encoder Conv(C->16->32->64, k3, s2, p1) + ReLU, decoder
/// ConvT(64->32->16->C, k3, s2, p1, output_padding 1) with ReLU between and a final Sigmoid. The number of stride-2 stages is
/// the number of times H and W can both be halved exactly, at most 3 (3 for 32x32 CIFAR as in the paper, 2 for 28x28).
/// </summary>
public sealed class SsimAutoencoder : Module<Tensor, Tensor>
{
    static readonly long[] Widths = [16, 32, 64];
    readonly Module<Tensor, Tensor> encoder;
    readonly Module<Tensor, Tensor> decoder;

    public SsimAutoencoder(int channels, int height, int width) : base(nameof(SsimAutoencoder))
    {
        int stages = Stages(height, width);
        if (stages == 0)
            throw new ArgumentException($"Images of {height}x{width} cannot be halved exactly; the autoencoder route needs even height and width (e.g. 28x28 or 32x32). Use the calibrated route.");
        var enc = new List<(string, Module<Tensor, Tensor>)>();
        long cIn = channels;
        for (int s = 0; s < stages; s++)
        {
            enc.Add(((2 * s).ToString(), Conv2d(cIn, Widths[s], 3, stride: 2, padding: 1)));
            enc.Add(((2 * s + 1).ToString(), ReLU()));
            cIn = Widths[s];
        }
        var dec = new List<(string, Module<Tensor, Tensor>)>();
        for (int s = stages - 1; s >= 0; s--)
        {
            long cOut = s == 0 ? channels : Widths[s - 1];
            dec.Add((dec.Count.ToString(), ConvTranspose2d(cIn, cOut, 3, stride: 2, padding: 1, output_padding: 1)));
            dec.Add((dec.Count.ToString(), s == 0 ? Sigmoid() : ReLU()));
            cIn = cOut;
        }
        encoder = Sequential(enc.ToArray());
        decoder = Sequential(dec.ToArray());
        RegisterComponents();
    }

    /// <summary>Stride-2 stages used for an image of <paramref name="height"/> x <paramref name="width"/> (0 to 3).</summary>
    public static int Stages(int height, int width)
    {
        int s = 0;
        while (s < 3 && height % 2 == 0 && width % 2 == 0) { height /= 2; width /= 2; s++; }
        return s;
    }

    /// <summary>Input [N, C, H, W] in [0, 1]; output the reconstruction, same shape, in (0, 1).</summary>
    public override Tensor forward(Tensor x)
    {
        using var z = encoder.forward(x);
        return decoder.forward(z);
    }
}
