using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Data;

/// <summary>
/// Standard image augmentation for small images: random crop after zero padding by <see cref="Padding"/> pixels on each
/// side (offsets uniform in [0, 2·Padding]) and horizontal flip with probability <see cref="FlipProbability"/>.
/// Works on a batch [N,C,H,W] with gathers (no per-pixel loops); all randomness comes from the given
/// <see cref="Generator"/> (CPU), so the same seed gives the same output.
/// </summary>
public sealed record Augmentation(int Padding, double FlipProbability = 0.5)
{
    /// <summary>Padding 4 for 32x32 images (CIFAR), 2 for 28x28 (MNIST-like), else round(size / 8).</summary>
    public static Augmentation ForImageSize(int size) => new(size switch { 32 => 4, 28 => 2, _ => (int)Math.Round(size / 8.0) });

    public Tensor Apply(Tensor batch, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(generator);
        if (batch.dim() != 4) throw new ArgumentException($"Augmentation expects a batch [N,C,H,W]; got [{string.Join(",", batch.shape)}].");
        if (Padding < 0) throw new ArgumentOutOfRangeException(nameof(Padding), Padding, "Padding must be >= 0.");
        if (!(FlipProbability >= 0 && FlipProbability <= 1)) throw new ArgumentOutOfRangeException(nameof(FlipProbability), FlipProbability, "Flip probability must be in [0, 1].");
        long n = batch.shape[0], c = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        using var scope = NewDisposeScope();
        var dev = batch.device;
        // Random draws on the CPU generator, then moved: results do not depend on the batch's device.
        var dy = randint(0, 2 * Padding + 1, new[] { n }, ScalarType.Int64, generator: generator).to(dev);
        var dx = randint(0, 2 * Padding + 1, new[] { n }, ScalarType.Int64, generator: generator).to(dev);
        var flip = (rand(new[] { n }, ScalarType.Float64, generator: generator) < FlipProbability).to(dev);
        var padded = Padding > 0 ? nn.functional.pad(batch, new long[] { Padding, Padding, Padding, Padding }) : batch;
        var rowsAr = arange(h, ScalarType.Int64, dev);
        var colsAr = arange(w, ScalarType.Int64, dev);
        var rows = dy.unsqueeze(1) + rowsAr.unsqueeze(0);                                         // [N,H]
        var cols = dx.unsqueeze(1) + where(flip.unsqueeze(1), (w - 1) - colsAr, colsAr).expand(n, w); // [N,W]
        var byRow = padded.gather(2, rows.view(n, 1, h, 1).expand(n, c, h, w + 2 * Padding));     // [N,C,H,W+2p]
        return byRow.gather(3, cols.view(n, 1, 1, w).expand(n, c, h, w)).MoveToOuterDisposeScope();
    }
}
