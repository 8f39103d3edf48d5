using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GapLab.Quality;

/// <summary>
/// Built-in deterministic domain shifts of a clean test set, usable as OOD set names: <c>shift:invert</c> (1 - x), <c>shift:hflip</c>,
/// <c>shift:vflip</c>, <c>shift:rotate=DEG</c> (counter-clockwise about the centre, bilinear, zero fill), <c>shift:translate=PX</c> (PX pixels right and down,
/// zero fill). They change the input distribution while keeping labels; none of them is one of the 15 corruptions.
/// </summary>
public static class DomainShift
{
    public const string Prefix = "shift:";

    /// <summary>Accepted forms, for messages and help.</summary>
    public static IReadOnlyList<string> Forms { get; } = new[] { "shift:invert", "shift:hflip", "shift:vflip", "shift:rotate=DEG", "shift:translate=PX" };

    public static bool IsShift(string name) => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks <paramref name="name"/> and returns its canonical spelling (e.g. "shift:rotate=30").</summary>
    public static string Validate(string name)
    {
        var (kind, amount) = Parse(name);
        return amount is { } a ? $"{Prefix}{kind}={a.ToString("R", CultureInfo.InvariantCulture)}" : Prefix + kind;
    }

    /// <summary>The shifted copy of <paramref name="images"/> [N,C,H,W] in [0,1]; the result stays in [0,1].</summary>
    public static Tensor Apply(string name, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4) throw new ArgumentException($"{name}: images must be [N,C,H,W]; got [{string.Join(",", images.shape)}].");
        var (kind, amount) = Parse(name);
        using var scope = NewDisposeScope();
        var result = kind switch
        {
            "invert" => 1 - images,
            "hflip" => images.flip(3),
            "vflip" => images.flip(2),
            "rotate" => Rotate(images, amount!.Value),
            _ => Translate(images, checked((int)amount!.Value)),
        };
        return result.contiguous().MoveToOuterDisposeScope();
    }

    static (string Kind, double? Amount) Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string accepted = $"accepted: {string.Join(", ", Forms)}";
        if (!IsShift(name)) throw new ArgumentException($"'{name}' is not a domain shift; {accepted}.");
        var body = name[Prefix.Length..].Trim().ToLowerInvariant();
        var parts = body.Split('=', 2);
        string kind = parts[0];
        switch (kind)
        {
            case "invert" or "hflip" or "vflip":
                if (parts.Length == 2) throw new ArgumentException($"'{name}': {kind} takes no amount; {accepted}.");
                return (kind, null);
            case "rotate":
                if (parts.Length < 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var deg) || !double.IsFinite(deg) || deg == 0 || Math.Abs(deg) > 180)
                    throw new ArgumentException($"'{name}': rotate needs an angle in degrees, non-zero and within [-180,180], e.g. shift:rotate=30.");
                return (kind, deg);
            case "translate":
                if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var px) || px == 0)
                    throw new ArgumentException($"'{name}': translate needs a non-zero whole number of pixels, e.g. shift:translate=4.");
                return (kind, px);
            default:
                throw new ArgumentException($"unknown domain shift '{name}'; {accepted}.");
        }
    }

    static Tensor Rotate(Tensor x, double degrees)
    {
        double r = degrees * Math.PI / 180, c = Math.Cos(r), s = Math.Sin(r);
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        // affine_grid works in normalised coordinates; correct for the aspect ratio so that rotation is rigid in pixels
        double a = (double)h / w;
        var theta = tensor(new[] { (float)c, (float)(-s * a), 0f, (float)(s / a), (float)c, 0f }, device: x.device).to(x.dtype).view(1, 2, 3).expand(n, 2, 3).contiguous();
        var grid = F.affine_grid(theta, x.shape, align_corners: false);
        return F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false).clamp(0, 1);
    }

    static Tensor Translate(Tensor x, int pixels)
    {
        long h = x.shape[2], w = x.shape[3];
        int p = Math.Abs(pixels);
        if (p >= h || p >= w) throw new ArgumentException($"shift:translate={pixels} moves the whole {h}x{w} image out of view; use fewer pixels.");
        // pad on the side the content moves away from, then cut the window: right/down for positive amounts
        var padded = F.pad(x, new long[] { p, p, p, p });
        long start = pixels > 0 ? 0 : 2 * p;
        return padded.narrow(2, start, h).narrow(3, start, w);
    }
}
