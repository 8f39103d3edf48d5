using GapLab.Data;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// Pre-rendered corrupted test images in the CIFAR-10-C layout: a folder of &lt;corruption&gt;.npy files, each uint8 [5 N, H, W, C] with
/// severities 1..5 in consecutive blocks of N images, and labels.npy (int64 or uint8) with N or 5 N labels (CIFAR-10-C repeats them per
/// severity). Only headers are read on <see cref="Open"/>; <see cref="Load"/> reads one severity block at a time.
/// </summary>
public sealed class CorruptionFileSet
{
    public const string LabelsFile = "labels.npy";

    CorruptionFileSet(string directory, IReadOnlyList<string> corruptions, long[] labels, int blockSize, int[] sampleShape, int samples)
    {
        Directory = directory;
        Corruptions = corruptions;
        _labels = labels;
        BlockSize = blockSize;
        SampleShape = sampleShape;
        SampleCount = samples;
    }

    readonly long[] _labels;

    public string Directory { get; }
    /// <summary>Corruption names (file names without .npy), sorted.</summary>
    public IReadOnlyList<string> Corruptions { get; }
    /// <summary>N, the images per severity in the files.</summary>
    public int BlockSize { get; }
    /// <summary>Images used per severity: the first <see cref="SampleCount"/> of each block (all N unless limited on open).</summary>
    public int SampleCount { get; }
    /// <summary>[C,H,W] of one image as the model sees it.</summary>
    public int[] SampleShape { get; }

    /// <summary>Largest label among the used images (to check the class count).</summary>
    public long MaxLabel => _labels.Take(SampleCount).Max();

    /// <summary>Labels of the used images, int64 [SampleCount].</summary>
    public Tensor Labels(Device? device = null) => tensor(_labels.Take(SampleCount).ToArray(), ScalarType.Int64, device);

    /// <summary>
    /// Reads the headers of every .npy file in <paramref name="directory"/> and checks the layout; <paramref name="maxSamples"/> &gt; 0 keeps only the
    /// first that many images of each severity block (same indices in every block).
    /// </summary>
    public static CorruptionFileSet Open(string directory, int maxSamples = 0)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"corruption files: folder '{directory}' does not exist (expected <corruption>.npy files plus {LabelsFile}, as in CIFAR-10-C).");
        if (maxSamples < 0) throw new ArgumentException($"corruption files: sample limit {maxSamples} must be >= 0 (0 = all).");
        var labelsPath = Path.Combine(directory, LabelsFile);
        if (!File.Exists(labelsPath))
            throw new FileNotFoundException($"corruption files: '{labelsPath}' is missing; the folder needs {LabelsFile} (int64 or uint8, N or 5 N labels) next to the <corruption>.npy files.", labelsPath);
        var files = System.IO.Directory.GetFiles(directory, "*.npy").Where(f => Path.GetFileName(f) != LabelsFile).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new FileNotFoundException($"corruption files: '{directory}' holds {LabelsFile} but no <corruption>.npy file.");
        long[]? shape = null;
        foreach (var f in files)
        {
            var h = NpyReader.ReadHeader(f);
            if (h.Descr != NpyReader.UInt8)
                throw new InvalidDataException($"'{f}' holds dtype {h.Descr}; corrupted images must be uint8 (|u1) [5*N,H,W,C].");
            if (h.Shape.Length != 4 || h.Shape[0] == 0 || h.Shape[0] % CorruptionCatalog.MaxSeverity != 0 || h.Shape[3] is not (1 or 3))
                throw new InvalidDataException($"'{f}' has shape [{string.Join(",", h.Shape)}]; expected [5*N,H,W,C] with C = 1 or 3 (severities 1..5 in consecutive blocks of N).");
            if (shape is not null && !shape.SequenceEqual(h.Shape))
                throw new InvalidDataException($"'{f}' has shape [{string.Join(",", h.Shape)}] but '{files[0]}' has [{string.Join(",", shape)}]; all corruption files must match.");
            shape ??= h.Shape;
        }
        int n = checked((int)(shape![0] / CorruptionCatalog.MaxSeverity));
        var labels = NpyReader.ReadIntegers(labelsPath);
        if (labels.Length != n && labels.Length != shape[0])
            throw new InvalidDataException($"'{labelsPath}' has {labels.Length} labels; the corruption files hold {n} images per severity ({shape[0]} in all), so it needs {n} or {shape[0]}.");
        if (labels.Length == shape[0])
            for (int s = 1; s < CorruptionCatalog.MaxSeverity; s++)
                for (int i = 0; i < n; i++)
                    if (labels[s * n + i] != labels[i])
                        throw new InvalidDataException($"'{labelsPath}': label {s * n + i} ({labels[s * n + i]}) differs from label {i} ({labels[i]}); every severity block must repeat the same labels.");
        if (labels.Any(l => l < 0)) throw new InvalidDataException($"'{labelsPath}' contains a negative label.");
        int used = maxSamples > 0 ? Math.Min(maxSamples, n) : n;
        var names = files.Select(Path.GetFileNameWithoutExtension).ToArray();
        return new CorruptionFileSet(directory, names!, labels.Take(n).ToArray(), n, new[] { (int)shape[3], (int)shape[1], (int)shape[2] }, used);
    }

    /// <summary>Images of <paramref name="corruption"/> at <paramref name="severity"/> (1..5) as float32 [SampleCount,C,H,W] in [0,1].</summary>
    public Tensor Load(string corruption, int severity, Device? device = null)
    {
        if (!Corruptions.Contains(corruption))
            throw new ArgumentException($"corruption files in '{Directory}' have no '{corruption}'; present: {string.Join(", ", Corruptions)}.");
        if (severity < 1 || severity > CorruptionCatalog.MaxSeverity)
            throw new ArgumentException($"severity {severity} is outside 1..{CorruptionCatalog.MaxSeverity}.", nameof(severity));
        var bytes = NpyReader.ReadUInt8Rows(Path.Combine(Directory, corruption + ".npy"), (long)(severity - 1) * BlockSize, SampleCount);
        using var scope = NewDisposeScope();
        var hwc = tensor(bytes, new long[] { SampleCount, SampleShape[1], SampleShape[2], SampleShape[0] }, ScalarType.Byte);
        var x = hwc.permute(0, 3, 1, 2).to(ScalarType.Float32).div(255f).contiguous();
        return (device is null ? x : x.to(device)).MoveToOuterDisposeScope();
    }
}
