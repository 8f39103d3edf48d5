using System.Text.Json;
using System.Text.RegularExpressions;
using GapLab.Cli.Notebooks;
using GapLab.Interactive.Reports;

namespace GapLab.Cli.Tests;

public class NotebookCommandTests
{
    static (int Code, string Out, string Err) Gaplab(params string[] args) => CliHarness.Gaplab(args);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kernel.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (Kernel.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A notebook file of C# cells with .NET Interactive metadata.</summary>
    internal static string Notebook(string dir, params string[] cells)
    {
        var path = Path.Combine(dir, "test.ipynb");
        var json = new
        {
            cells = cells.Select(c => c.StartsWith("# ", StringComparison.Ordinal)
                ? (object)new { cell_type = "markdown", metadata = new { }, source = new[] { c } }
                : new { cell_type = "code", metadata = new { dotnet_interactive = new { language = "csharp" } }, source = c.Split('\n').Select((l, i) => i < c.Split('\n').Length - 1 ? l + "\n" : l).ToArray(), outputs = Array.Empty<object>() }),
            metadata = new { kernelspec = new { name = ".net-csharp" } },
            nbformat = 4,
            nbformat_minor = 5,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }

    [Fact]
    public void A_failing_magic_line_stops_the_run_and_the_report_shows_where()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-").FullName;
        var nb = Notebook(dir, "# Failing", "var x = 6 * 7;\nx", "#!gaplab load --dataset cifar --as d", "x + 1");
        var report = Path.Combine(dir, "r.html");
        var (code, stdout, _) = Gaplab("notebook", "run", nb, "--out", report);
        Assert.Equal(1, code);
        Assert.Contains("FAILED: #!gaplab load: --dataset 'cifar' is not accepted", stdout);
        var html = File.ReadAllText(report);
        Assert.Contains("<pre>42</pre>", html);
        Assert.Contains($"<div class=\"error\"><pre>#!gaplab load: --dataset &#39;cifar&#39; is not accepted; use one of: {string.Join(", ", GapLab.Data.DatasetCatalog.Names.Select(n => n.Name))}.</pre></div>", html);
        Assert.Contains("1 later cell(s) were not run because cell 3 failed.", html);
        Assert.Contains("<h1>Failing</h1>", html);
    }

    [Fact]
    public async Task Magic_results_become_typed_script_variables_and_display_is_recorded()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-").FullName;
        var nb = Notebook(dir, "#!gaplab model --spec mlp:depth=1,width=8 --as m", "display(m.ParameterCount * 2);\nm.Spec.Length", "int y = ;");
        var run = await NotebookSession.RunAsync(NotebookDocument.Load(nb));
        Assert.Equal(3, run.Cells.Count);
        Assert.Equal("mlp:depth=1,dropout=0,width=8", ((GapLab.Models.BuiltModel)run.Cells[0].Outputs.Single().Value).Spec);
        Assert.Equal([6370L * 2, (object)"mlp:depth=1,dropout=0,width=8".Length], run.Cells[1].Outputs.Select(o => o.Value).ToArray());
        Assert.Contains("error CS1525", run.Cells[2].Error);
        Assert.False(run.Succeeded);
    }

    /// <summary>Found by the reader fuzz (bench/GapLab.Bench/ReaderFuzz.Notebooks.cs): a cell without a field, a field of the
    /// wrong JSON type and a JSON error quoting a line break each were a stack trace or two lines.</summary>
    [Theory]
    [InlineData("""{ "nbformat": 4, "cells": [ { "cell_type": "code" } ] }""", "is not an nbformat 4 notebook: ")]
    [InlineData("""{ "nbformat": 4, "cells": [ { "cell_type": 7, "source": "x" } ] }""", "is not an nbformat 4 notebook: ")]
    [InlineData("""{ "nbformat": 4.5, "cells": [] }""", "is not an nbformat 4 notebook: ")]
    [InlineData("""{ "nbformat": 4, "cells": {} }""", "is not an nbformat 4 notebook: ")]
    [InlineData("{ \"nbformat\": 4,\n \"cells\": [ nu\u00ffl ] }", "is not valid JSON: ")]
    public void A_malformed_notebook_is_one_error_line_and_exit_code_2(string json, string expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gaplab-nb-bad-").FullName, "bad.ipynb");
        File.WriteAllText(path, json);
        var (code, _, err) = Gaplab("notebook", "run", path);
        Assert.Equal(2, code);
        Assert.StartsWith($"gaplab: Notebook '{path}' {expected}", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Missing_notebook_is_exit_code_2()
    {
        var (code, _, err) = Gaplab("notebook", "run", "/no/such.ipynb");
        Assert.Equal(2, code);
        Assert.Equal("gaplab: Notebook '/no/such.ipynb' does not exist.", err.Trim());
    }

    [Fact]
    public void Markdown_subset_renders_headings_lists_code_and_inline_marks()
    {
        Assert.Equal("<h2>The <code>gap</code></h2>\n<p>a <b>b</b> <i>c</i> &lt;d&gt;</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<pre><code>x &lt; 1\n</code></pre>\n",
            MiniMarkdown.ToHtml("## The `gap`\na **b** *c* <d>\n\n* one\n- two\n```sh\nx < 1\n```"));
    }

    [Fact]
    public void The_notebooks_title_heading_is_not_repeated_under_the_reports_own_heading()
    {
        Assert.Equal("Intro **text**.", GapLab.Cli.Notebooks.NotebookReport.WithoutTitle("# Quickstart\nIntro **text**.", "Quickstart"));
        Assert.Equal("\nbody", GapLab.Cli.Notebooks.NotebookReport.WithoutTitle("\n# Quickstart\nbody", "Quickstart"));
        // another heading, or the title further down, is kept as written
        Assert.Equal("# Other\nbody", GapLab.Cli.Notebooks.NotebookReport.WithoutTitle("# Other\nbody", "Quickstart"));
        Assert.Equal("text\n# Quickstart", GapLab.Cli.Notebooks.NotebookReport.WithoutTitle("text\n# Quickstart", "Quickstart"));
    }
}
