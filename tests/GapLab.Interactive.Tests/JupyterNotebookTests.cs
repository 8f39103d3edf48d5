using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace GapLab.Interactive.Tests;

/// <summary>The extension packed once into a folder feed with a fresh version, and a temporary JUPYTER_PATH holding the C# kernelspec.</summary>
public sealed class PackedExtensionFixture
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
        var line = $"{name}: {seconds:F0} s in jupyter nbconvert (quick mode), {cells.Count(c => (string?)c["cell_type"] == "code")} code cells, {errors.Count} error outputs, exit {code}";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("GAPLAB_JUPYTER_LOG") is { Length: > 0 } logFile) File.AppendAllText(logFile, line + Environment.NewLine);

        Assert.True(code == 0, $"{line}\n{log}");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        // the extension loaded and said so in one line
        var loaded = cells.First(c => JupyterKernel.Source(c).Contains("#r \"nuget:GapLab.Interactive", StringComparison.Ordinal))["outputs"]!.ToJsonString();
        Assert.Matches(@"GapLab \S+ loaded: #!gaplab", loaded);
        // every code cell ran (none skipped or left waiting)
        Assert.All(cells.Where(c => (string?)c["cell_type"] == "code"), c => Assert.NotNull(c["execution_count"]?.GetValue<int>()));
    }
}
