using Plotly.NET;

namespace GapLab.Interactive;

/// <summary>
/// Where charts get plotly.js from: the copy Plotly.NET embeds in its assembly (<see cref="Embedded"/>, plotly.js 2.28.0 for
/// Plotly.NET 6.0.0), or a file named by <c>GAPLAB_PLOTLY_JS</c> (e.g. a newer plotly.min.js). Never the network. A page loads it
/// once: an HTML report writes it in its head (charts then use <see cref="Preloaded"/>); a notebook kernel session sends it with
/// its first chart (<see cref="PlotlySession"/>) and later charts reuse <c>window.Plotly</c>.
/// </summary>
public sealed class PlotlyScript
{
    /// <summary>Environment variable: a path to a plotly.min.js to use instead of the embedded copy.</summary>
    public const string EnvironmentVariable = "GAPLAB_PLOTLY_JS";

    /// <summary>The plotly.js version Plotly.NET embeds.</summary>
    public const string EmbeddedVersion = "2.28.0";

    /// <summary>Manifest name of the copy inside Plotly.NET.dll.</summary>
    public const string ResourceName = "Plotly.NET.plotly-" + EmbeddedVersion + ".min.js";

    static readonly Lazy<PlotlyScript> EmbeddedScript = new(ReadEmbedded);
    static readonly Lazy<PlotlyScript> DefaultScript = new(() => Find(Environment.GetEnvironmentVariable(EnvironmentVariable)));

    readonly PlotlySession? _session;
    readonly bool _live;

    PlotlyScript(string origin, string? inlineJs, PlotlySession? session = null, bool live = false)
    {
        Origin = origin;
        InlineJs = inlineJs;
        _session = session;
        _live = live;
    }

    /// <summary>A script of <paramref name="session"/>: its <see cref="Tag"/> is the library when the session says so (see <see cref="PlotlySession"/>), else empty.</summary>
    internal static PlotlyScript OncePer(PlotlySession session, bool live) =>
        new(session.Library.Origin + ", sent once per session", session.Library.InlineJs, session, live);

    /// <summary>Where the script came from: "Plotly.NET x.y.z (plotly.js 2.28.0, embedded)", a file path, or "loaded once by the page".</summary>
    public string Origin { get; }

    /// <summary>The library's text; null for <see cref="Preloaded"/>.</summary>
    public string? InlineJs { get; }

    /// <summary>True for <see cref="Preloaded"/>: the page loads plotly.js once elsewhere (e.g. in a report's head).</summary>
    public bool IsPreloaded => InlineJs is null;

    /// <summary>Emits nothing: for pages that load plotly.js once themselves (see <see cref="IsPreloaded"/>).</summary>
    public static PlotlyScript Preloaded { get; } = new("loaded once by the page", null);

    /// <summary>plotly.js embedded in Plotly.NET.dll (read once per process).</summary>
    public static PlotlyScript Embedded => EmbeddedScript.Value;

    /// <summary>The script for this process: the file named by <see cref="EnvironmentVariable"/> when set, else <see cref="Embedded"/>.</summary>
    public static PlotlyScript Default => DefaultScript.Value;

    /// <summary>Resolves <paramref name="setting"/> (the value of <see cref="EnvironmentVariable"/>): null or empty = embedded copy, else a path that must exist.</summary>
    public static PlotlyScript Find(string? setting) => string.IsNullOrWhiteSpace(setting) ? Embedded : FromFile(setting);

    /// <summary>plotly.js read from <paramref name="path"/>.</summary>
    public static PlotlyScript FromFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{EnvironmentVariable} names '{path}', which does not exist; give the path of a plotly.min.js or unset it to use the copy embedded in Plotly.NET.", path);
        return new PlotlyScript(Path.GetFullPath(path), File.ReadAllText(path));
    }

    static PlotlyScript ReadEmbedded()
    {
        var assembly = typeof(GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Plotly.NET {assembly.GetName().Version} does not embed '{ResourceName}'; GapLab expects Plotly.NET 6.0.0. " +
                                                   $"Set {EnvironmentVariable} to a plotly.min.js file.");
        using var reader = new StreamReader(stream);
        return new PlotlyScript($"Plotly.NET {assembly.GetName().Version?.ToString(3)} (plotly.js {EmbeddedVersion}, embedded)", reader.ReadToEnd());
    }

    /// <summary>
    /// HTML that makes <c>window.Plotly</c> available: the library inside a guard (skipped when Plotly is already loaded) with
    /// AMD/CommonJS hidden so it always sets <c>window.Plotly</c> (Jupyter pages load require.js); empty for <see cref="Preloaded"/>.
    /// </summary>
    public string Tag()
    {
        if (_session is not null && !_session.TryTake(_live)) return "";
        if (InlineJs is null) return "";
        return "<script>if (typeof window.Plotly === 'undefined') { (function (define, exports, module) {\n" +
               InlineJs.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) +
               "\n})(undefined, undefined, undefined); }</script>";
    }
}
