using GapLab.Core.Tests.Science;

namespace GapLab.Core.Tests.Architecture;

/// <summary>
/// The layering docs/architecture.md states, checked on the sources: the store depends on no job namespace (Suites and Benchmarking
/// depend on Store, never the reverse; it knows Testbed only for the TestbedCell rows it holds), and the IO plumbing on no GapLab namespace.
/// </summary>
public class NamespaceLayeringTests
{
    static IEnumerable<(string File, string Text)> Sources(string folder) =>
        Directory.EnumerateFiles(Path.Combine(CommittedTablesTests.Repo(), "src", "GapLab.Core", folder), "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));

    [Fact]
    public void The_store_does_not_depend_on_the_jobs_that_write_to_it()
    {
        var store = Sources("Store").ToList();
        Assert.Contains(store, s => s.File == "RunRecord.cs");
        foreach (var (file, text) in store)
            foreach (var upper in new[] { "GapLab.Suites", "GapLab.Jobs", "GapLab.Analysis", "GapLab.Benchmarking", "GapLab.Quality" })
                Assert.False(text.Contains(upper, StringComparison.Ordinal), $"Store/{file} refers to {upper}");
    }

    [Fact]
    public void The_IO_plumbing_depends_on_no_GapLab_namespace()
    {
        foreach (var (file, text) in Sources("IO"))
            Assert.DoesNotContain("using GapLab.", text);
    }
}
