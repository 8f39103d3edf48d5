using GapLab.Runtime;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for <see cref="RuntimeInfo"/>: the resolved device, threads, seed and versions as a card.</summary>
public static class RuntimeInfoFormatter
{
    public static string ToHtml(RuntimeInfo info) => Html.Card("GapLab runtime", Fields(info).Select(f => (f.Key, Html.Encode(f.Value))));

    public static string ToText(RuntimeInfo info) => Html.TextCard("GapLab runtime", Fields(info));

    static IEnumerable<(string Key, string Value)> Fields(RuntimeInfo i)
    {
        ArgumentNullException.ThrowIfNull(i);
        yield return ("device", i.RequestedDevice == i.Device ? i.Device : $"{i.Device} (requested {i.RequestedDevice})");
        yield return ("threads", i.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("seed", i.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("TorchSharp", i.TorchSharpVersion);
        yield return ("libtorch", i.LibTorchVersion);
        yield return ("native load", i.LoadMode);
        yield return ("kernel self-check", i.KernelCheck);
        yield return ("CPU", $"{CpuFeatures.Current.Model} ({CpuFeatures.Current.FlagsText})");
        yield return ("GapLab", i.GapLabVersion);
        yield return ("OS", i.Os);
        yield return ("processors", i.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
