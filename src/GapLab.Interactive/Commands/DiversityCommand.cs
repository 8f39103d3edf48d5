using GapLab.Data;
using GapLab.Interactive.Magic;
using GapLab.Metrics.Similarity;
using GapLab.Runtime;
using GapLab.Testbed;
using static TorchSharp.torch;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab diversity --from VAR [--originals VAR] [--level SSIM] [--samples N] [--max-pairs N] [--seed N] --as NAME</c>: how far a set of
/// images is from its originals (mean SSIM) and how varied it is (mean pairwise 1 - SSIM with a bootstrap interval, Vendi score of the SSIM
/// kernel); returns a <see cref="SetDiversityResult"/>. The set is a Dataset, a DatasetSplit (its test set) or an image tensor [N, C, H, W]
/// in [0, 1]; <c>--level</c> first distorts it to that mean SSIM (the testbed's calibrated blur + noise) and compares with the undistorted
/// images. The same seeded <c>--samples</c> images are taken from the set and its originals.
/// </summary>
public static class DiversityCommand
{
    const string Expected = "a GapLab.Data.Dataset, a DatasetSplit (its test set is used) or an image tensor [N, C, H, W] in [0, 1]";

    public static MagicCommandDescriptor Descriptor { get; } = new(
        "diversity",
        "Set diversity of images: SSIM to the originals, mean pairwise 1 - SSIM with CI, Vendi score; optionally at a distortion level.",
        [
            new("--from", "C# variable holding the set: a Dataset, a DatasetSplit (test set) or an image tensor [N, C, H, W].", Required: true, Kind: MagicParameterKind.Identifier),
            new("--originals", "C# variable holding the undistorted originals of --from (same images, same order).", Kind: MagicParameterKind.Identifier),
            new("--level", "Distort --from to this mean SSIM (0 < level <= 1) first and compare with the undistorted images.", Kind: MagicParameterKind.Number,
                Completions: () => ["0.6", "0.7", "0.8", "0.9", "1"]),
            new("--samples", "Images used (a seeded random subset; the SSIM kernel of the Vendi score has samples² entries).", DefaultValue: "64", Kind: MagicParameterKind.Integer),
            new("--max-pairs", "Pairs for the mean dissimilarity: all when n(n-1)/2 <= this, else this many random pairs with a bootstrap CI.", DefaultValue: "20000", Kind: MagicParameterKind.Integer),
            new("--seed", "Seed of the subset, the distortion noise and the bootstrap.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.As("the SetDiversityResult"),
        ]);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var name = args.GetRequiredString("--from");
        long samples = args.GetInt64("--samples")!.Value, maxPairs = args.GetInt64("--max-pairs")!.Value, seed = args.GetInt64("--seed")!.Value;
        if (samples is < 2 or > 1024) throw new ArgumentException($"--samples {samples} must be between 2 and 1024 (the SSIM kernel has samples² entries).");
        if (maxPairs is < 2 or > int.MaxValue) throw new ArgumentException($"--max-pairs {maxPairs} must be a whole number >= 2.");
        if (seed is < int.MinValue or > int.MaxValue) throw new ArgumentException($"--seed {seed} must fit in a 32-bit integer.");
        double? level = args.GetDouble("--level");
        if (level is <= 0 or > 1) throw new ArgumentException($"--level {level} must be in (0, 1] (a target mean SSIM).");
        var originalsName = args.GetString("--originals");
        if (level is not null && originalsName is not null)
            throw new ArgumentException("give --level (distort --from, which is then the originals) or --originals (--from is already distorted), not both.");

        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var set = Images(context, "--from", name);
        var rows = Rows(set.shape[0], (int)samples, (int)seed);
        var chosen = set.index_select(0, rows);
        Tensor? originals = null;
        string label = name;
        if (originalsName is not null)
        {
            var o = Images(context, "--originals", originalsName);
            if (!o.shape.SequenceEqual(set.shape))
                throw new ArgumentException($"--originals '{originalsName}' has shape [{string.Join(", ", o.shape)}] but --from '{name}' has [{string.Join(", ", set.shape)}]; they must be the same images.");
            originals = o.index_select(0, rows);
        }
        if (level is double target)
        {
            originals = chosen;
            chosen = SsimTargetDistorter.Distort(originals, target, DistortionRoute.Calibrated, seed).Images;
            label = FormattableString.Invariant($"{name} at SSIM {target:0.###}");
        }
        return Task.FromResult<object?>(SetDiversity.Measure(chosen, originals, label, (int)maxPairs, 1000, (int)seed));
    }

    /// <summary>The images of a Dataset / DatasetSplit (test set) / tensor variable as a float [N, C, H, W] tensor on the CPU.</summary>
    static Tensor Images(IMagicContext context, string parameter, string name)
    {
        var value = NotebookVariables.Get(context, parameter, name, Expected);
        var images = value switch
        {
            DatasetSplit s => ImagesOf(s.Test, parameter, name),
            Dataset d => ImagesOf(d, parameter, name),
            Tensor t when t.dim() == 4 => t.clone().to(float32),
            Tensor t => throw new ArgumentException($"{parameter} '{name}' has shape [{string.Join(", ", t.shape)}]; expected images [N, C, H, W]."),
            _ => throw NotebookVariables.WrongType(parameter, name, value, Expected),
        };
        if (images.shape[0] < 2) throw new ArgumentException($"{parameter} '{name}' has {images.shape[0]} image(s); diversity needs at least 2.");
        return images;
    }

    static Tensor ImagesOf(Dataset d, string parameter, string name) =>
        d.IsImage ? d.ToTensors().X : throw new ArgumentException($"{parameter} '{name}' holds samples of shape [{string.Join(",", d.SampleShape)}], not images [C,H,W].");

    /// <summary>min(count, samples) distinct row indices in a seeded random order.</summary>
    static Tensor Rows(long count, int samples, int seed)
    {
        var order = Enumerable.Range(0, (int)count).ToArray();
        new Random(seed).Shuffle(order);
        return tensor(order.Take(samples).Select(i => (long)i).ToArray());
    }
}
