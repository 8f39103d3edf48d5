using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Data;

/// <summary>
/// Standard small-image augmentation on a batch [N,C,H,W]: random crop after zero padding (offsets uniform in
/// [0, 2·padding] per sample) and random horizontal flip (probability 1/2 per sample). Vectorised: the batch is padded
/// once, crops are gathered with index arithmetic, flips are chosen with <c>torch.where</c> on a per-sample mask.
/// All randomness is drawn on the CPU from the given <see cref="Generator"/>, so the same seed gives the same output
/// on any device.
/// </summary>
public static class Augmentation
{
    /// <summary>Default padding: 4 for 32x32 images (CIFAR), 2 for 28x28 (MNIST-like), else max(1, min(H, W) / 8).</summary>
    public static int DefaultPadding(int height, int width) => (height, width) switch
    {
        (32, 32) => 4,
        (28, 28) => 2,
        _ => Math.Max(1, Math.Min(height, width) / 8),
    };

    /// <summary>
    /// Crop-and-flip for samples of <paramref name="sampleShape"/> ([C,H,W]; any other shape, e.g. vectors [D], gets the
    /// identity). <paramref name="padding"/> defaults to <see cref="DefaultPadding"/>; 0 disables the crop, and
    /// <paramref name="flip"/> = false disables the flip. The result suits <c>TrainOptions.Augmentation</c>.
    /// </summary>
    public static Func<Tensor, Generator, Tensor> CropFlip(int[] sampleShape, int? padding = null, bool flip = true)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be >= 0 pixels.");
        if (sampleShape.Length != 3) return (x, _) => x.alias();
        int pad = padding ?? DefaultPadding(sampleShape[1], sampleShape[2]);
        return (x, g) =>
        {
            CheckBatch(x, sampleShape);
            if (pad == 0 && !flip) return x.alias();
            using var scope = NewDisposeScope();
            var y = pad > 0 ? RandomCrop(x, pad, g) : x;
            if (flip) y = HorizontalFlip(y, g);
            return y.MoveToOuterDisposeScope();
        };
    }

    /// <summary>Random crop of each sample of [N,C,H,W] from its zero-padded copy; offsets drawn from <paramref name="generator"/>.</summary>
    public static Tensor RandomCrop(Tensor batch, int padding, Generator generator)
    {
        CheckBatch(batch);
        ArgumentNullException.ThrowIfNull(generator);
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be >= 0 pixels.");
        long n = batch.shape[0];
        using var scope = NewDisposeScope();
        var dy = randint(0, 2 * padding + 1, new[] { n }, ScalarType.Int64, generator: generator);
        var dx = randint(0, 2 * padding + 1, new[] { n }, ScalarType.Int64, generator: generator);
        return Crop(batch, padding, dy, dx).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Crop at forced offsets: sample i is padded by <paramref name="padding"/> zeros on each side and the H x W window
    /// starting at row <paramref name="offsetY"/>[i], column <paramref name="offsetX"/>[i] (each in [0, 2·padding]) is kept.
    /// </summary>
    public static Tensor RandomCrop(Tensor batch, int padding, long[] offsetY, long[] offsetX)
    {
        CheckBatch(batch);
        ArgumentNullException.ThrowIfNull(offsetY);
        ArgumentNullException.ThrowIfNull(offsetX);
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be >= 0 pixels.");
        long n = batch.shape[0];
        if (offsetY.Length != n || offsetX.Length != n)
            throw new ArgumentException($"Need one row and one column offset per sample ({n}); got {offsetY.Length} and {offsetX.Length}.");
        foreach (var o in offsetY.Concat(offsetX))
            if (o < 0 || o > 2 * padding) throw new ArgumentOutOfRangeException(nameof(offsetY), o, $"Crop offsets must be in [0, {2 * padding}] for padding {padding}.");
        using var scope = NewDisposeScope();
        return Crop(batch, padding, tensor(offsetY), tensor(offsetX)).MoveToOuterDisposeScope();
    }

    /// <summary>Mirrors each sample of [N,C,H,W] left-right with probability 1/2, drawn from <paramref name="generator"/>.</summary>
    public static Tensor HorizontalFlip(Tensor batch, Generator generator)
    {
        CheckBatch(batch);
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = NewDisposeScope();
        var mask = rand(new[] { batch.shape[0] }, ScalarType.Float64, generator: generator) < 0.5;
        return Flip(batch, mask).MoveToOuterDisposeScope();
    }

    /// <summary>Mirrors left-right exactly the samples i with <paramref name="flip"/>[i] true.</summary>
    public static Tensor HorizontalFlip(Tensor batch, bool[] flip)
    {
        CheckBatch(batch);
        ArgumentNullException.ThrowIfNull(flip);
        if (flip.Length != batch.shape[0])
            throw new ArgumentException($"Need one flip flag per sample ({batch.shape[0]}); got {flip.Length}.", nameof(flip));
        using var scope = NewDisposeScope();
        return Flip(batch, tensor(flip)).MoveToOuterDisposeScope();
    }

    /// <summary>Pads once, then gathers rows dy..dy+H-1 and columns dx..dx+W-1 per sample (dy, dx: int64 [N] on the CPU).</summary>
    static Tensor Crop(Tensor batch, int padding, Tensor dy, Tensor dx)
    {
        if (padding == 0) return batch.alias();
        long n = batch.shape[0], c = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        var dev = batch.device;
        var padded = nn.functional.pad(batch, new long[] { padding, padding, padding, padding });
        var rows = dy.to(dev).unsqueeze(1) + arange(h, ScalarType.Int64, dev).unsqueeze(0);      // [N,H]
        var cols = dx.to(dev).unsqueeze(1) + arange(w, ScalarType.Int64, dev).unsqueeze(0);      // [N,W]
        var byRow = padded.gather(2, rows.view(n, 1, h, 1).expand(n, c, h, w + 2 * padding));  // [N,C,H,W+2p]
        return byRow.gather(3, cols.view(n, 1, 1, w).expand(n, c, h, w));                     // [N,C,H,W]
    }

    /// <summary>where(mask[i], mirrored sample i, sample i); mask: bool [N] on the CPU.</summary>
    static Tensor Flip(Tensor batch, Tensor mask) =>
        where(mask.to(batch.device).view(-1, 1, 1, 1), batch.flip(3), batch);

    static void CheckBatch(Tensor batch, int[]? sampleShape = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.dim() != 4)
            throw new ArgumentException($"Augmentation expects an image batch [N,C,H,W]; got [{string.Join(",", batch.shape)}].", nameof(batch));
        if (sampleShape is not null && !batch.shape.Skip(1).SequenceEqual(sampleShape.Select(v => (long)v)))
            throw new ArgumentException($"Augmentation was built for samples [{string.Join(",", sampleShape)}]; got a batch [{string.Join(",", batch.shape)}].", nameof(batch));
    }
}
