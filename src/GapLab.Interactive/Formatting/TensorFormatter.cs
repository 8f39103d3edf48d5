using System.Text;
using static TorchSharp.torch;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for TorchSharp tensors: a summary card, a value preview, and inline PNGs for image-shaped tensors.</summary>
public static class TensorFormatter
{
    public static string ToHtml(Tensor tensor)
    {
        var s = TensorSummary.Of(tensor);
        var sb = new StringBuilder("<div class=\"gaplab-tensor\">");
        sb.Append(Html.Card("Tensor", Fields(s).Select(f => (f.Key, Html.Encode(f.Value)))));
        foreach (var png in TensorImages.ToPngs(tensor))
            sb.Append("<img class=\"gaplab-image\" style=\"image-rendering:pixelated;width:")
              .Append(Math.Max(64, tensor.shape[^1] * 2)).Append("px;margin:2px\" src=\"")
              .Append(PngEncoder.ToDataUri(png)).Append("\"/>");
        return sb.Append("</div>").ToString();
    }

    public static string ToText(Tensor tensor) => Html.TextCard("Tensor", Fields(TensorSummary.Of(tensor)));

    static IEnumerable<(string Key, string Value)> Fields(TensorSummary s)
    {
        yield return ("shape", s.ShapeText);
        yield return ("dtype", s.DType);
        yield return ("device", s.Device);
        yield return ("elements", s.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("min", Html.Number(s.Min));
        yield return ("max", Html.Number(s.Max));
        yield return ("mean", Html.Number(s.Mean));
        yield return ("std", Html.Number(s.Std));
        yield return ("values", s.PreviewText);
    }
}
