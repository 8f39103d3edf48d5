using System.Globalization;
using GapLab.Data;

namespace GapLab.Models;

/// <summary>
/// What a model consumes and predicts: samples [Channels, Height, Width] and <see cref="NumClasses"/> logits.
/// Flat (vector) inputs of D features are Channels = D, Height = Width = 1.
/// </summary>
public sealed record InputShape
{
    public InputShape(int Channels, int Height, int Width, int NumClasses)
    {
        if (Channels <= 0 || Height <= 0 || Width <= 0)
            throw new ArgumentException($"Input shape {Channels}x{Height}x{Width} must have positive channels, height and width.");
        if (NumClasses < 2)
            throw new ArgumentException($"A classifier needs at least 2 classes, got {NumClasses}.");
        this.Channels = Channels;
        this.Height = Height;
        this.Width = Width;
        this.NumClasses = NumClasses;
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int NumClasses { get; }

    /// <summary>A vector input of <paramref name="features"/> values.</summary>
    public static InputShape Flat(int features, int numClasses) => new(features, 1, 1, numClasses);

    /// <summary>
    /// The input shape of <paramref name="dataset"/>: [C,H,W] images, [H,W] single-channel images, or [D] vectors.
    /// </summary>
    public static InputShape Of(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var s = dataset.SampleShape;
        return s.Length switch
        {
            1 => Flat(s[0], dataset.NumClasses),
            2 => new InputShape(1, s[0], s[1], dataset.NumClasses),
            3 => new InputShape(s[0], s[1], s[2], dataset.NumClasses),
            _ => throw new ArgumentException($"Dataset '{dataset.Name}' has sample shape [{string.Join(",", s)}]; models accept [D], [H,W] or [C,H,W]."),
        };
    }

    /// <summary>Values per sample, C*H*W.</summary>
    public int Features => checked(Channels * Height * Width);

    /// <summary>True for vector inputs (Height = Width = 1).</summary>
    public bool IsFlat => Height == 1 && Width == 1;

    /// <summary>Input tensor shape for a batch: [batch, C, H, W], or [batch, D] for flat inputs.</summary>
    public long[] BatchShape(long batch) => IsFlat ? [batch, Channels] : [batch, Channels, Height, Width];

    /// <summary>Throws unless this is an image input (height and width above 1), which convolutional models need.</summary>
    internal void RequireImage(string model)
    {
        if (IsFlat)
            throw new ArgumentException($"Model '{model}' needs image input [C,H,W], got flat input {this}; use 'mlp' for vector data.");
    }

    /// <summary><c>CxHxW-&gt;K</c>, e.g. <c>1x28x28-&gt;10</c>; read back by <see cref="Parse"/>.</summary>
    public override string ToString() => $"{Channels}x{Height}x{Width}->{NumClasses}";

    /// <summary>Reads the <see cref="ToString"/> form.</summary>
    public static InputShape Parse(string text)
    {
        var parts = (text ?? "").Split("->");
        var dims = parts[0].Split('x');
        if (parts.Length != 2 || dims.Length != 3
            || !TryInt(dims[0], out int c) || !TryInt(dims[1], out int h) || !TryInt(dims[2], out int w) || !TryInt(parts[1], out int k))
            throw new FormatException($"Input shape '{text}' is not of the form CxHxW->K, e.g. 1x28x28->10.");
        return new InputShape(c, h, w, k);
    }

    static bool TryInt(string s, out int v) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);
}
