using System.Reflection;
using GapLab.Interactive.Formatting;

namespace GapLab.Interactive;

/// <summary>
/// Where charts get plotly.js from. <see cref="Default"/> looks, in order, at the file named by <c>GAPLAB_PLOTLY_JS</c> (or
/// "cdn" there to force the CDN), the copy embedded at build time (when <c>node_modules/plotly.js-dist-min/plotly.min.js</c>
/// existed: <c>npm install plotly.js-dist-min@2</c> in the repository root), and otherwise the Plotly CDN, with a visible note.
/// Inline scripts work offline and in self-contained reports; each inlined chart carries the whole library (about 4.5 MB).
/// </summary>
public sealed class PlotlyScript
{
    /// <summary>Environment variable: a path to plotly.min.js, or "cdn".</summary>
    public const string EnvironmentVariable = "GAPLAB_PLOTLY_JS";

    /// <summary>Manifest name of the embedded copy.</summary>
    public const string ResourceName = "GapLab.Interactive.plotly.min.js";

    /// <summary>The CDN address used when no local copy is found (the one XPlot.Plotly charts name by default).</summary>
    public const string CdnUrl = "https://cdn.plot.ly/plotly-latest.min.js";

    static readonly Lazy<PlotlyScript> DefaultScript = new(() => Find(Environment.GetEnvironmentVariable(EnvironmentVariable)));

    PlotlyScript(string origin, string? inlineJs, string? cdnUrl)
    {
        Origin = origin;
        InlineJs = inlineJs;
        Url = cdnUrl;
    }

    /// <summary>Where the script came from: a file path, "embedded resource" or the CDN address.</summary>
    public string Origin { get; }

    /// <summary>The library's text when it is inlined; null for the CDN.</summary>
    public string? InlineJs { get; }

    /// <summary>The CDN address when the library is loaded from the network; null when inlined.</summary>
    public string? Url { get; }

    public bool IsInline => InlineJs is not null;

    /// <summary>True for <see cref="Preloaded"/>: the page loads plotly.js once elsewhere (e.g. in a report's head).</summary>
    public bool IsPreloaded => InlineJs is null && Url is null;

    /// <summary>Emits nothing: for pages that load plotly.js once themselves (see <see cref="IsPreloaded"/>).</summary>
    public static PlotlyScript Preloaded { get; } = new("loaded once by the page", null, null);

    /// <summary>The script for this process: resolved once from <see cref="EnvironmentVariable"/>, the embedded copy or the CDN.</summary>
    public static PlotlyScript Default => DefaultScript.Value;

    /// <summary>
    /// Resolves <paramref name="setting"/> (the value of <see cref="EnvironmentVariable"/>): null or empty = embedded copy, else CDN;
    /// "cdn" = CDN; otherwise a path to plotly.min.js, which must exist.
    /// </summary>
    public static PlotlyScript Find(string? setting)
    {
        if (string.Equals(setting, "cdn", StringComparison.OrdinalIgnoreCase)) return FromCdn();
        if (!string.IsNullOrWhiteSpace(setting)) return FromFile(setting);
        return FromEmbeddedResource() ?? FromCdn();
    }

    /// <summary>plotly.js read from <paramref name="path"/>.</summary>
    public static PlotlyScript FromFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{EnvironmentVariable} names '{path}', which does not exist; give the path of plotly.min.js or \"cdn\".", path);
        return new PlotlyScript(Path.GetFullPath(path), File.ReadAllText(path), null);
    }

    /// <summary>The copy embedded at build time, or null when the build found none.</summary>
    public static PlotlyScript? FromEmbeddedResource()
    {
        using var stream = typeof(PlotlyScript).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return new PlotlyScript("embedded resource", reader.ReadToEnd(), null);
    }

    /// <summary>Loads plotly.js from <paramref name="url"/>.</summary>
    public static PlotlyScript FromCdn(string url = CdnUrl) => new(url, null, url);

    /// <summary>True when this assembly carries an embedded plotly.js.</summary>
    public static bool HasEmbeddedResource => typeof(PlotlyScript).Assembly.GetManifestResourceNames().Contains(ResourceName);

    /// <summary>
    /// HTML that makes <c>Plotly</c> available. Inline: the library inside a guard (skipped when Plotly is already loaded)
    /// with AMD/CommonJS hidden so it always sets <c>window.Plotly</c> (notebooks often load require.js). CDN: a script tag
    /// followed by a short note on how to get offline charts.
    /// </summary>
    public string Tag()
    {
        if (IsPreloaded) return "";
        if (InlineJs is null)
            return $"<script src=\"{Html.Encode(Url)}\"></script>" +
                   "<div class=\"gaplab-note\"><small>plotly.js is loaded from the Plotly CDN; for offline charts run " +
                   $"<code>npm install plotly.js-dist-min@2</code> in the GapLab repository and rebuild, or set {EnvironmentVariable}.</small></div>";
        return "<script>if (typeof window.Plotly === 'undefined') { (function (define, exports, module) {\n" +
               InlineJs.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) +
               "\n})(undefined, undefined, undefined); }</script>";
    }
}
