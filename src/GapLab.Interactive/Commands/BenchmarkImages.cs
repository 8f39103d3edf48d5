using System.Globalization;
using System.Text;
using GapLab.Benchmarking;
using GapLab.Interactive.Formatting;
using GapLab.Runtime;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;
using GapLab.Store;

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
        $"<div class=\"gaplab-benchmark-images\"><p>{Html.Encode(value.ToString())}</p>{value.GridHtml()}{DataFrameFormatter.ToHtml(value.Rows)}</div>";

    /// <summary>
    /// The images as a grid of PNGs, each captioned from its row: <c>#sample label→likely</c> (label noise), <c>#sample w WITNESS</c> (feature
    /// drift), or for a duplicate pair <c>test #sample</c> then <c>copy #other d RMS</c>.
    /// </summary>
    public string GridHtml()
    {
        ArgumentNullException.ThrowIfNull(Images);
        var pngs = TensorImages.ToPngs(Images);
        long width = Math.Max(64, Images.shape[^1] * 2);
        var sb = new StringBuilder("<div class=\"gaplab-image-grid\" style=\"display:flex;flex-wrap:wrap;gap:4px\">");
        for (int k = 0; k < pngs.Count; k++)
            sb.Append(CultureInfo.InvariantCulture, $"<figure style=\"margin:0;text-align:center;font-size:10px\"><img class=\"gaplab-image\" style=\"image-rendering:pixelated;width:{width}px\" src=\"")
              .Append(PngEncoder.ToDataUri(pngs[k])).Append("\"/><figcaption>").Append(Html.Encode(Caption(k))).Append("</figcaption></figure>");
        return sb.Append("</div>").ToString();
    }

    string Caption(int image)
    {
        bool pairs = Check.EndsWith("duplicates", StringComparison.Ordinal);
        int r = pairs ? image / 2 : image;
        object? Cell(string column) => Rows[column][r];
        return Check switch
        {
            "label_noise" => string.Create(CultureInfo.InvariantCulture, $"#{Cell("sample")} {Cell("label")}\u2192{Cell("likely")}"),
            "feature_drift" => string.Create(CultureInfo.InvariantCulture, $"#{Cell("sample")} w {Cell("distance"):G3}"),
            _ when pairs && image % 2 == 1 => string.Create(CultureInfo.InvariantCulture, $"copy #{Cell("other")} d {Cell("distance"):G2}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(pairs ? "test " : "")}#{Cell("sample")}"),
        };
    }

    public static string ToText(BenchmarkImages value) => value + Environment.NewLine + DataFrameFormatter.ToText(value.Rows);

    /// <summary>Images shown per check: single images (label noise, the most drifted) and duplicate pairs.</summary>
    public const int MaxImages = 16, MaxPairs = 8;

    /// <summary>
    /// The flagged <paramref name="rows"/> of <paramref name="check"/> in <paramref name="evaluation"/> (at least one) with their images, rebuilt from
    /// the evaluation's stored data description: the first <see cref="MaxImages"/> images of label_noise or feature_drift (the most drifted
    /// first), or the first <see cref="MaxPairs"/> duplicate pairs (test image, then its copy in the train split or the reference test set).
    /// </summary>
    public static BenchmarkImages Load(BenchmarkRegistry registry, BenchmarkEvaluationRow evaluation, string check, DataFrame rows)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(rows);
        TorchRuntime.EnsureLoaded();
        var data = BenchmarkData.Of(evaluation);
        if (check is "label_noise" or "feature_drift") // one image per row
            return new BenchmarkImages(check, evaluation.EvalId, evaluation.DataLabel, rows,
                Select(data.Test, Enumerable.Range(0, (int)Math.Min(rows.Rows.Count, MaxImages)).Select(r => (int)rows["sample"][r]!).ToArray()));
        int n = (int)Math.Min(rows.Rows.Count, MaxPairs);
        Data.Dataset? reference = null;
        Data.Dataset Against(string scope) => scope == "train_test" ? data.Train
            : reference ??= BenchmarkData.Of(registry.Evaluations(evaluation.Benchmark)
                .First(e => e.EvalId == (string?)registry.DataChecks(evaluation.EvalId)["reference_eval_id"][0])).Test;
        var order = new List<(Data.Dataset Set, int Index)>();
        for (int r = 0; r < n; r++)
        {
            order.Add((data.Test, (int)rows["sample"][r]!));
            order.Add((Against((string)rows["scope"][r]!), (int)rows["other"][r]!));
        }
        using var scope = NewDisposeScope();
        var pictures = cat(order.Select(o => Select(o.Set, [o.Index])).ToArray(), 0);
        return new BenchmarkImages(check, evaluation.EvalId, evaluation.DataLabel, rows, pictures.MoveToOuterDisposeScope());
    }

    static Tensor Select(Data.Dataset set, int[] indices)
    {
        long size = set.SampleSize;
        var values = new float[indices.Length * size];
        for (int i = 0; i < indices.Length; i++) Array.Copy(set.Features, indices[i] * size, values, i * size, size);
        return tensor(values, [indices.Length, .. set.SampleShape.Select(d => (long)d)]);
    }
}
