using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace GapLab.Interactive.Tests;

/// <summary>The extension packed once into a folder feed with a fresh version, and a temporary JUPYTER_PATH holding the C# kernelspec.</summary>
public sealed class PackedExtensionFixture : IDisposable
{
    public string Work { get; } = Directory.CreateTempSubdirectory("gaplab-jupyter-").FullName;
    public string Feed => Path.Combine(Work, "feed");
    public string Version { get; } = $"0.1.0-jupyter.{DateTime.UtcNow:yyyyMMddHHmmss}";
    readonly Lazy<string> _jupyterPath;

    public PackedExtensionFixture()
    {
        _jupyterPath = new(() =>
        {
            // the test build already compiled GapLab.Interactive in Debug: pack that build (and, through the pack hook, GapLab.Core)
            var pack = PackagingTests.Dotnet(IpynbNotebookTests.RepositoryRoot(), "pack", "src/GapLab.Interactive", "-c", "Debug", "--no-build", "-o", Feed, $"-p:Version={Version}");
            Assert.True(pack.Code == 0, pack.Output);
            return JupyterKernel.WriteKernelSpec(Path.Combine(Work, "jupyter"));
        });
    }

    /// <summary>Packs and writes the kernelspec on first use (so a skipped test costs nothing).</summary>
    public string JupyterPath => _jupyterPath.Value;

    /// <summary>Removes the fresh version the kernels restored into the global packages folder (Work goes with the test process).</summary>
    public void Dispose()
    {
        if (_jupyterPath.IsValueCreated) GapLab.Tests.Shared.RestoredTestPackage.Remove("GapLab.Interactive", Version);
    }
}

/// <summary>
/// The tests that start the released kernel under Jupyter share one packed extension and run one after the other: two kernels
/// starting at once race for the same HTTP port of the kernelspec's <c>--http-port-range</c> and one dies in Kestrel's bind
/// (seen in CI: 02 died after 9 s while a magic-command test started its kernel).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReleasedKernelCollection : ICollectionFixture<PackedExtensionFixture>
{
    public const string Name = "released .NET Interactive kernel under Jupyter";
}

/// <summary>
/// Every notebook executed in quick mode by <c>jupyter nbconvert --execute</c> in the released .NET Interactive kernel, loading
/// the packed extension: no error output, no cell waiting for input (a cell past the timeout fails). The time of each notebook
/// is written to the test output and appended to <c>$GAPLAB_JUPYTER_LOG</c> (.ci/run prints it).
/// </summary>
[Collection(ReleasedKernelCollection.Name)]
public class JupyterNotebookTests(PackedExtensionFixture packed, ITestOutputHelper output)
{
    public static TheoryData<string> Notebooks => IpynbNotebookTests.Notebooks();

    /// <summary>Charts each notebook draws in quick mode (its own chart cells, #!gaplab outputs with charts, training results).</summary>
    static readonly Dictionary<string, int> ExpectedCharts = new()
    {
        // measured with kernel 1.0.712001: 3, 9, 2, 4, 5, 5 and 2 charts
        ["01-quickstart.ipynb"] = 3, ["02-the-generalization-gap.ipynb"] = 9, ["03-double-descent.ipynb"] = 2,
        ["04-practical-metric-testbed.ipynb"] = 4, ["05-theory-vs-practice.ipynb"] = 5, ["06-beyond-accuracy.ipynb"] = 5,
        ["07-reproducible-report.ipynb"] = 1,
        ["08-benchmarks-over-time.ipynb"] = 2, // its two '#!gaplab benchmark --action chart' cells (accuracy, drop_threshold)
    };

    [JupyterTheory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_clean_in_quick_mode_under_nbconvert_with_the_released_kernel(string name)
    {
        var jupyterPath = packed.JupyterPath;
        var copy = Path.Combine(packed.Work, name);
        File.WriteAllText(copy, JupyterKernel.QuickCopy(Path.Combine(IpynbNotebookTests.RepositoryRoot(), "notebooks", name), packed.Feed, packed.Version).ToJsonString());

        var clock = Stopwatch.StartNew();
        var (code, log) = JupyterKernel.Execute(copy, jupyterPath, TimeSpan.FromMinutes(5));
        var seconds = clock.Elapsed.TotalSeconds;

        var cells = JsonNode.Parse(File.ReadAllText(copy))!["cells"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var errors = cells.Select((c, i) => (c, i))
            .SelectMany(x => (x.c["outputs"] as JsonArray ?? []).Where(o => (string?)o!["output_type"] == "error")
                .Select(o => $"cell {x.i} ({JupyterKernel.Source(x.c).Split('\n')[0]}): {(string?)o!["ename"]}: {(string?)o!["evalue"]}"))
            .ToList();
        var charts = ChartOutputs.Of(cells);
        var size = new FileInfo(copy).Length;
        var line = $"{name}: {seconds:F0} s in jupyter nbconvert (quick mode), {cells.Count(c => (string?)c["cell_type"] == "code")} code cells, {errors.Count} error outputs, " +
                   $"{charts.Charts} charts in {charts.Outputs} outputs, plotly.js {charts.PlotlyCopies}x, executed notebook {size / 1e6:F2} MB, exit {code}";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("GAPLAB_JUPYTER_LOG") is { Length: > 0 } logFile) File.AppendAllText(logFile, line + Environment.NewLine);

        Assert.True(code == 0, $"{line}\n{log}");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        // the extension loaded and said so in one line
        var loaded = cells.First(c => JupyterKernel.Source(c).Contains("#r \"nuget:GapLab.Interactive", StringComparison.Ordinal))["outputs"]!.ToJsonString();
        Assert.Matches(@"GapLab \S+ loaded: #!gaplab", loaded);
        // the charts drew from one plotly.js: the kernel session's first chart carries it, no other output does
        Assert.True(charts.Charts >= ExpectedCharts[name], $"{name}: {charts.Charts} charts, expected at least {ExpectedCharts[name]}");
        Assert.Equal(charts.Charts > 0 ? 1 : 0, charts.PlotlyCopies);
        Assert.Equal(charts.PlotlyCopies, charts.LibraryTexts);
        // every chart output has its text alternative (the chart's data as a table) for text-only front ends
        Assert.Equal(charts.Outputs, charts.WithText);
        // the notebook weighs one plotly.js (about 3.6 MB) plus its own outputs, not a copy per chart
        Assert.True(size < (charts.Charts > 0 ? 3_700_000 : 0) + 1_500_000, $"{name}: executed notebook {size} bytes");
        // every code cell ran (none skipped or left waiting)
        Assert.All(cells.Where(c => (string?)c["cell_type"] == "code"), c => Assert.NotNull(c["execution_count"]?.GetValue<int>()));
        if (charts.Charts > 0 && HeadlessChromium.Path is not null) ChartsDrawOffline(name, copy, charts.Charts);
    }

    /// <summary>
    /// The executed notebook as <c>jupyter nbconvert --to html</c> renders it (a page with require.js), opened in headless Chromium
    /// without network: every chart drew (a non-empty svg with marks) from the one plotly.js. Screenshot: TestResults/charts/NAME.png.
    /// </summary>
    void ChartsDrawOffline(string name, string notebook, int expected)
    {
        var html = JupyterKernel.ToHtml(notebook);
        var text = File.ReadAllText(html);
        var end = text.LastIndexOf("</body>", StringComparison.Ordinal);
        File.WriteAllText(html, text[..end] + ChartGalleryTests.CheckScript + text[end..]);
        var page = HeadlessChromium.Open(html, width: 1200, height: 4000);
        var artifacts = Path.Combine(IpynbNotebookTests.RepositoryRoot(), "TestResults", "charts");
        Directory.CreateDirectory(artifacts);
        File.WriteAllBytes(Path.Combine(artifacts, Path.ChangeExtension(name, ".png")), page.Screenshot);
        var m = Regex.Match(page.Dom, "<pre id=\"gaplab-chart-check\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(m.Success, $"{name}: the check script wrote no result; browser log:\n{page.Log[..Math.Min(3000, page.Log.Length)]}");
        var drawn = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value)).RootElement.GetProperty("charts").EnumerateArray().ToArray();
        Assert.Equal(expected, drawn.Length);
        Assert.All(drawn, c => Assert.True(c.GetProperty("svg").GetBoolean() && c.GetProperty("marks").GetInt32() > 0, $"{name}: a chart did not draw: {c}"));
        output.WriteLine($"{name}: {drawn.Length} charts drawn in headless Chromium from nbconvert's HTML ({new FileInfo(html).Length / 1e6:F2} MB)");
    }
}

/// <summary>The charts in an executed notebook's outputs (their final state), and the copies of plotly.js among them.</summary>
sealed record ChartOutputs(int Charts, int Outputs, int WithText, int PlotlyCopies, int LibraryTexts)
{
    /// <summary>Opens the guard around the library in <see cref="PlotlyScript.Tag"/>: one per copy of plotly.js.</summary>
    const string LibraryGuard = "if (typeof window.Plotly === 'undefined')";

    public static ChartOutputs Of(IEnumerable<JsonObject> cells)
    {
        var outputs = cells.SelectMany(c => c["outputs"] as JsonArray ?? []).Select(o => o!["data"]).OfType<JsonObject>().ToList();
        var html = outputs.Select(d => (Html: JupyterKernel.Joined(d["text/html"]), Plain: JupyterKernel.Joined(d["text/plain"]))).ToList();
        var withCharts = html.Where(h => h.Html.Contains("class=\"gaplab-plot\"", StringComparison.Ordinal)).ToList();
        return new(
            html.Sum(h => Count(h.Html, "class=\"gaplab-plot\"")),
            withCharts.Count,
            withCharts.Count(h => h.Plain.Trim().Length > 0),
            html.Sum(h => Count(h.Html, LibraryGuard)),
            html.Sum(h => Count(h.Html, "plotly.js v" + PlotlyScript.EmbeddedVersion)));
    }

    static int Count(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
