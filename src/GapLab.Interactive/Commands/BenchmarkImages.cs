using GapLab.Interactive.Formatting;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace GapLab.Interactive.Commands;

/// <summary>
/// What <c>#!gaplab benchmark --action images</c> returns: the stored rows of a data check's flagged images in one evaluation and the
/// first of those images as one tensor [N, C, H, W] (label noise: one image per row; duplicates: each test image, then its copy).
/// A top-level type, so <c>--as</c> can bind it (the kernel cannot declare a variable of TorchSharp's nested Tensor type).
/// </summary>
public sealed record BenchmarkImages(string Check, string EvalId, string DataLabel, DataFrame Rows, Tensor Images)
{
    public override string ToString() => $"{Check} in evaluation {EvalId} ({DataLabel}): {Rows.Rows.Count} flagged, {Images.shape[0]} image(s) shown";

    public static string ToHtml(BenchmarkImages value) =>
        $"<div class=\"gaplab-benchmark-images\"><p>{Html.Encode(value.ToString())}</p>{TensorFormatter.ToHtml(value.Images)}{DataFrameFormatter.ToHtml(value.Rows)}</div>";

    public static string ToText(BenchmarkImages value) => value + Environment.NewLine + DataFrameFormatter.ToText(value.Rows);
}
