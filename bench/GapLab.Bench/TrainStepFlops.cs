namespace GapLab.Bench;

/// <summary>
/// Floating-point operations of one SGD training step, counting only the matrix products (linear layers and
/// convolutions; elementwise ops, pooling and the loss are left out): forward 2*MACs, weight gradients 2*MACs,
/// input gradients 2*MACs for every layer but the first (the data need no gradient, so autograd skips it).
/// </summary>
public static class TrainStepFlops
{
    /// <summary>Multiply-accumulates per sample of each weight layer, first layer first.</summary>
    public static long[] LayerMacs(string model, int channels, int height, int width, int classes) => model switch
    {
        // mlp:depth=2,width=512 on C*H*W inputs: 784-512-512-10
        "mlp" => [(long)channels * height * width * 512, 512L * 512, 512L * classes],
        // smallcnn: conv3x3 C->32 (H-2)x(W-2), conv3x3 32->64 (H-4)x(W-4), pool 2, fc 64*(H-4)/2*(W-4)/2 -> 128 -> classes
        "smallcnn" =>
        [
            (long)(height - 2) * (width - 2) * 32 * channels * 9,
            (long)(height - 4) * (width - 4) * 64 * 32 * 9,
            64L * ((height - 4) / 2) * ((width - 4) / 2) * 128,
            128L * classes,
        ],
        _ => throw new ArgumentException($"no FLOP count for model '{model}'; known: mlp, smallcnn."),
    };

    /// <summary>FLOPs of one training step on a batch of <paramref name="batch"/> samples.</summary>
    public static double PerStep(string model, int batch, int channels = 1, int height = 28, int width = 28, int classes = 10)
    {
        var macs = LayerMacs(model, channels, height, width, classes);
        double total = macs.Sum();
        return batch * (2 * total + 2 * total + 2 * (total - macs[0]));
    }

    /// <summary>The GapLab model spec of a benchmark model name.</summary>
    public static string Spec(string model) => model switch
    {
        "mlp" => "mlp:depth=2,width=512",
        "smallcnn" => "smallcnn:hidden=128,width=1",
        _ => throw new ArgumentException($"unknown benchmark model '{model}'; use mlp or smallcnn."),
    };
}
