using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// What a tensor cell output shows: shape, dtype, device, element count, min/max/mean/population std over all
/// elements (NaN for an empty or complex tensor) and the first <see cref="PreviewLength"/> values in row-major order.
/// </summary>
public sealed record TensorSummary(long[] Shape, string DType, string Device, long Count, double Min, double Max, double Mean, double Std, double[] Preview)
{
    public const int PreviewLength = 10;

    public static TensorSummary Of(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var shape = tensor.shape;
        long count = tensor.numel();
        double min = double.NaN, max = double.NaN, mean = double.NaN, std = double.NaN;
        double[] preview = [];
        if (count > 0 && !tensor.is_complex())
        {
            // statistics in float64 on the tensor's own device; only the preview is copied to the CPU
            var values = tensor.detach().to_type(ScalarType.Float64).flatten();
            min = values.min().item<double>();
            max = values.max().item<double>();
            mean = values.mean().item<double>();
            std = values.std(unbiased: false).item<double>();
            preview = values.narrow(0, 0, Math.Min(PreviewLength, count)).cpu().data<double>().ToArray();
        }
        return new TensorSummary(shape, tensor.dtype.ToString(), tensor.device.ToString(), count, min, max, mean, std, preview);
    }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public string PreviewText => string.Join(", ", Preview.Select(Html.Number)) + (Count > Preview.Length ? ", …" : "");
}
