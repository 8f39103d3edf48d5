using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Data;

/// <summary>
/// An in-memory labelled dataset: row-major float features (images as [C,H,W] in [0,1]) and integer labels.
/// Immutable by convention; transforms return new datasets. Tensors are made on demand by <see cref="ToTensors"/>.
/// </summary>
public sealed class Dataset
{
    string? _fingerprint;

    public Dataset(string name, float[] features, int[] labels, int[] sampleShape, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentNullException.ThrowIfNull(classNames);
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"Dataset '{name}': sample shape [{string.Join(",", sampleShape)}] must have positive dimensions.");
        int size = sampleShape.Aggregate(1, (a, b) => checked(a * b));
        if (features.Length != (long)labels.Length * size)
            throw new ArgumentException($"Dataset '{name}': {features.Length} feature values do not match {labels.Length} samples of shape [{string.Join(",", sampleShape)}].");
        if (classNames.Count == 0) throw new ArgumentException($"Dataset '{name}': no classes.");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classNames.Count)
                throw new ArgumentException($"Dataset '{name}': label {labels[i]} of sample {i} is outside [0, {classNames.Count - 1}].");
        Name = name;
        Features = features;
        Labels = labels;
        SampleShape = sampleShape;
        ClassNames = classNames;
        SampleSize = size;
    }

    public string Name { get; }
    /// <summary>Row-major features, <see cref="Count"/> x <see cref="SampleSize"/>.</summary>
    public float[] Features { get; }
    public int[] Labels { get; }
    /// <summary>Shape of one sample, e.g. [1,28,28] for Fashion-MNIST or [2] for a 2-D synthetic set.</summary>
    public int[] SampleShape { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int SampleSize { get; }
    public int Count => Labels.Length;
    public int NumClasses => ClassNames.Count;
    /// <summary>True when samples are images [C,H,W].</summary>
    public bool IsImage => SampleShape.Length == 3;

    /// <summary>SHA-256 over shape, labels and feature bytes; recorded in every result for provenance.</summary>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint();

    string ComputeFingerprint()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var d in SampleShape) h.AppendData(BitConverter.GetBytes(d));
        h.AppendData(BitConverter.GetBytes(NumClasses));
        h.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Labels.AsSpan()));
        h.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Features.AsSpan()));
        return Convert.ToHexString(h.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>Samples as a float32 tensor [N, ...SampleShape] and labels as int64 [N] on <paramref name="device"/>.</summary>
    public (Tensor X, Tensor Y) ToTensors(Device? device = null)
    {
        var shape = new long[SampleShape.Length + 1];
        shape[0] = Count;
        for (int i = 0; i < SampleShape.Length; i++) shape[i + 1] = SampleShape[i];
        var x = tensor(Features, shape, ScalarType.Float32);
        var y = tensor(Labels.Select(l => (long)l).ToArray(), new long[] { Count }, ScalarType.Int64);
        if (device is null || device.type == DeviceType.CPU) return (x, y);
        using (x) using (y) return (x.to(device), y.to(device));
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        var f = new float[(long)indices.Count * SampleSize];
        var l = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int src = indices[i];
            if ((uint)src >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"index {src} outside dataset '{Name}' of {Count} samples");
            Array.Copy(Features, (long)src * SampleSize, f, (long)i * SampleSize, SampleSize);
            l[i] = Labels[src];
        }
        return new Dataset(name ?? Name, f, l, SampleShape, ClassNames);
    }

    /// <summary>A copy with other labels (same features), e.g. after label-noise injection.</summary>
    public Dataset WithLabels(int[] labels, string? name = null) => new(name ?? Name, Features, labels, SampleShape, ClassNames);

    /// <summary>Number of samples per class.</summary>
    public int[] ClassCounts()
    {
        var c = new int[NumClasses];
        foreach (var l in Labels) c[l]++;
        return c;
    }

    public override string ToString() => $"{Name}: {Count} x [{string.Join(",", SampleShape)}], {NumClasses} classes";
}

/// <summary>A train/test pair from one source.</summary>
public sealed record DatasetSplit(Dataset Train, Dataset Test)
{
    public string Name => Train.Name;
}
