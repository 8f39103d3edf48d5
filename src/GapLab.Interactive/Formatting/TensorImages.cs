using static TorchSharp.torch;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Turns image-shaped tensors — [C,H,W] or [N,C,H,W] with C in {1,3} and H,W &lt;= <see cref="MaxSide"/> — into PNGs.
/// Floating values already in [0,1] are scaled by 255; other ranges are stretched min..max per image; uint8 is used as is.
/// </summary>
public static class TensorImages
{
    public const int MaxSide = 256;
    /// <summary>At most this many images of a batch are drawn.</summary>
    public const int MaxImages = 16;

    /// <summary>True when <paramref name="tensor"/> is drawn as pictures.</summary>
    public static bool IsImageShaped(Tensor tensor)
    {
        var s = tensor.shape;
        if (s.Length is not (3 or 4)) return false;
        long c = s[^3], h = s[^2], w = s[^1];
        bool dtypeOk = tensor.dtype == ScalarType.Byte || tensor.is_floating_point();
        return dtypeOk && c is 1 or 3 && h is > 0 and <= MaxSide && w is > 0 and <= MaxSide && (s.Length == 3 || s[0] > 0);
    }

    /// <summary>PNG files, one per image (the first <see cref="MaxImages"/> of a batch); empty when not image-shaped.</summary>
    public static IReadOnlyList<byte[]> ToPngs(Tensor tensor)
    {
        if (!IsImageShaped(tensor)) return [];
        using var scope = NewDisposeScope();
        var batch = tensor.detach().cpu();
        if (batch.dim() == 3) batch = batch.unsqueeze(0);
        int n = (int)Math.Min(batch.shape[0], MaxImages);
        int c = (int)batch.shape[1], h = (int)batch.shape[2], w = (int)batch.shape[3];
        var result = new List<byte[]>(n);
        for (int i = 0; i < n; i++)
        {
            var image = batch[i];
            Tensor bytes;
            if (image.dtype == ScalarType.Byte) bytes = image;
            else
            {
                var f = image.to_type(ScalarType.Float32).nan_to_num(0);
                float lo = f.min().item<float>(), hi = f.max().item<float>();
                var scaled = lo >= 0 && hi <= 1 ? f * 255f : hi > lo ? (f - lo) * (255f / (hi - lo)) : zeros_like(f);
                bytes = scaled.round().clamp(0, 255).to_type(ScalarType.Byte);
            }
            var hwc = bytes.permute(1, 2, 0).contiguous(); // interleave channels
            result.Add(PngEncoder.Encode(hwc.data<byte>().ToArray(), w, h, c));
        }
        return result;
    }
}
