using System.Text.Json;
using System.Text.RegularExpressions;
using GapLab.Cli.Notebooks;
using GapLab.Interactive.Reports;
using GapLab.Tests.Shared;

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
        // no #r "nuget:GapLab.Interactive" line: GapLab's extension is loaded in the first code cell, which shows its one line
        Assert.Equal([GapLab.Interactive.Magic.MagicCommands.LoadedMessage, "BuiltModel"],
            run.Cells[0].Outputs.Select(o => o.Value is string s ? s : o.Value.GetType().Name).ToArray());
        Assert.Equal("mlp:depth=1,dropout=0,width=8", ((GapLab.Models.BuiltModel)run.Cells[0].Outputs[1].Value).Spec);
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

    /// <summary>
    /// gaplab notebook run is the released C# kernel (Microsoft.DotNet.Interactive.CSharp 1.0.0-beta.26120.1, as in the
    /// dotnet-interactive tool 1.0.712001): a cell sees only the kernel's imports (no System.IO), its directive parser drops an
    /// unknown parameter before GapLab's handler (which checks the raw line), and a line with two @csharp: values is refused.
    /// </summary>
    [Fact]
    public async Task Cells_see_the_released_kernels_imports_and_directive_parser()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-kernel-").FullName;
        var run = await NotebookSession.RunAsync(NotebookDocument.Load(Notebook(dir, "var p = Path.Combine(\"a\", \"b\");")));
        Assert.Contains("error CS0103: The name 'Path' does not exist in the current context", run.Cells[0].Error);

        run = await NotebookSession.RunAsync(NotebookDocument.Load(Notebook(dir, "using System.IO;\nPath.Combine(\"a\", \"b\")", "File.Exists(\"/nonexistent\")")));
        Assert.True(run.Succeeded, run.FirstError?.Error);
        Assert.Equal("a/b", run.Cells[0].Outputs.Last().Value); // a using carries over to later cells, as in the kernel
        Assert.Equal(false, run.Cells[1].Outputs.Single().Value);

        run = await NotebookSession.RunAsync(NotebookDocument.Load(Notebook(dir, "#!gaplab model --spec mlp:depth=1,width=8 --frobnicate 3 --as m")));
        Assert.Equal("#!gaplab model: unknown parameter '--frobnicate'; accepted: --spec, --weights, --input, --seed, --as, --with.", run.Cells[0].Error);

        run = await NotebookSession.RunAsync(NotebookDocument.Load(Notebook(dir, "int e = 1; int s = 3;", "#!gaplab run --suite smoke --epochs @csharp:e --seed @csharp:s")));
        Assert.StartsWith("#!gaplab run: --epochs and --seed take @csharp: values; the kernel binds a line with two or more of them to null", run.Cells[1].Error);
    }

    [Fact]
    public void The_executed_notebook_holds_every_cell_with_its_outputs_papermill_style()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-executed-").FullName;
        var nb = Notebook(dir, "# Executed", "// parameters\nint n = 2;", "Console.WriteLine(\"n is \" + n);\nn * 21",
            "#!gaplab model --spec mlp:depth=1,width=8 --seed @csharp:n --as m", "throw new InvalidOperationException(\"stop here\");", "n + 1");
        var executed = Path.Combine(dir, "executed.ipynb");
        var (code, stdout, _) = Gaplab("notebook", "run", nb, "--out", Path.Combine(dir, "r.html"), "--output", executed, "--param", "n=4");
        Assert.Equal(1, code);
        Assert.Contains($"executed notebook: {executed}", stdout);
        var cells = JsonDocument.Parse(File.ReadAllText(executed)).RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(7, cells.Count); // the injected parameters cell included
        Assert.Equal("injected-parameters", cells[2].GetProperty("metadata").GetProperty("tags")[0].GetString());
        Assert.Equal([1, 2, 3, 4, 5], cells.Skip(1).Take(5).Select(c => c.GetProperty("execution_count").GetInt32()).ToArray());
        var outputs = cells[3].GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(("stream", "n is 4\n"), (outputs[0].GetProperty("output_type").GetString(), string.Concat(outputs[0].GetProperty("text").EnumerateArray().Select(t => t.GetString()))));
        Assert.Equal("execute_result", outputs[1].GetProperty("output_type").GetString());
        // the kernel formats an int as text/html only
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>84</pre></div>", string.Concat(outputs[1].GetProperty("data").GetProperty("text/html").EnumerateArray().Select(t => t.GetString())));
        var model = cells[4].GetProperty("outputs").EnumerateArray().Single().GetProperty("data");
        Assert.Contains("mlp:depth=1,dropout=0,width=8", string.Concat(model.GetProperty("text/html").EnumerateArray().Select(t => t.GetString())));
        Assert.Contains("mlp:depth=1,dropout=0,width=8", string.Concat(model.GetProperty("text/plain").EnumerateArray().Select(t => t.GetString())));
        var error = cells[5].GetProperty("outputs").EnumerateArray().Last();
        Assert.Equal("error", error.GetProperty("output_type").GetString());
        Assert.Contains("stop here", error.GetProperty("evalue").GetString());
        Assert.False(cells[6].TryGetProperty("execution_count", out var count) && count.ValueKind == JsonValueKind.Number, "a cell after the failure did not run");
        Assert.Equal(0, cells[6].GetProperty("outputs").GetArrayLength());
    }

    [Theory]
    [InlineData("out.txt", "--output 'OUT' must be a .ipynb file (the executed notebook).")]
    [InlineData("missing/out.ipynb", "Folder of --output 'OUT' does not exist.")]
    public void A_bad_output_path_is_one_error_line_before_any_cell_runs(string name, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-output-").FullName;
        var output = Path.Combine(dir, name);
        var (code, stdout, err) = Gaplab("notebook", "run", Notebook(dir, "1 + 1"), "--output", output);
        Assert.Equal(2, code);
        Assert.Equal("gaplab: " + expected.Replace("OUT", output), err.Trim());
        Assert.DoesNotContain("cell", stdout);
    }

    /// <summary>Jupyter's own validator accepts the executed notebook of a real GapLab notebook (01 in quick mode).</summary>
    [RequiresFact(Requirement.PythonNbformat)]
    public void The_executed_quickstart_is_a_valid_nbformat_4_notebook()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-nbformat-").FullName;
        var executed = Path.Combine(dir, "01.ipynb");
        var (code, stdout, err) = Gaplab("notebook", "run", Path.Combine(RepositoryRoot(), "notebooks", "01-quickstart.ipynb"),
            "--out", Path.Combine(dir, "01.html"), "--output", executed, "--param", "quick=true");
        Assert.True(code == 0, stdout + err);
        var info = new System.Diagnostics.ProcessStartInfo(Requirements.Python(Requirement.PythonNbformat), ["-c", "import nbformat, sys; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print(sum(len(c.get('outputs', [])) for c in nb.cells))", executed])
            { RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = System.Diagnostics.Process.Start(info)!;
        var printed = python.StandardOutput.ReadToEnd();
        var complaint = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, complaint);
        Assert.True(int.Parse(printed.Trim(), System.Globalization.CultureInfo.InvariantCulture) >= 12, "outputs in the executed quickstart: " + printed);
    }

    /// <summary>
    /// Progress and cancellation through the real kernel: a training cell's progress arrives as the kernel's display updates (the
    /// cell keeps the last state), and cancelling the run (Ctrl+C in gaplab notebook run) reaches the training loop through the
    /// kernel's invocation context: the cell stops with "cancelled" long before its 200 epochs, and no later cell runs.
    /// </summary>
    [Fact]
    public async Task Progress_arrives_as_kernel_display_updates_and_cancelling_stops_a_training_cell()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-cancel-").FullName;
        var nb = NotebookDocument.Load(Notebook(dir,
            "#!gaplab load --dataset fashion-mnist-embedded --train-size 256 --test-size 64 --as data",
            "#!gaplab train --spec mlp:depth=1,width=16 --data data --epochs 2 --as quick",
            "#!gaplab train --spec mlp:depth=1,width=16 --data data --epochs 200 --as slow",
            "1 + 1"));
        using var cts = new CancellationTokenSource();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = await NotebookSession.RunAsync(nb, cell => { if (cell.Cell.Index == 2) cts.CancelAfter(TimeSpan.FromSeconds(2)); }, cts.Token);
        watch.Stop();
        Assert.Null(run.Cells[1].Error);
        var finished = run.Cells[1].Outputs.Select(o => o.Value).OfType<GapLab.Interactive.Commands.ProgressView>().ToList();
        Assert.NotEmpty(finished);
        Assert.All(finished, p => Assert.Equal(1.0, p.Fraction)); // every progress display was updated in place to its final state
        Assert.Equal(3, run.Cells.Count);
        Assert.Equal("cancelled", run.Cells[2].Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"cancelling took {watch.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>
    /// Every #!gaplab subcommand through the released kernel's own directive parser: an unknown parameter (which the kernel drops
    /// before GapLab's handler sees it) fails the cell with the subcommand's accepted list (or, where a required parameter is missing
    /// too, the kernel's DNI104), and an unknown subcommand names them all.
    /// </summary>
    [Fact]
    public async Task Every_subcommand_refuses_an_unknown_parameter_through_the_kernels_parser()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-every-").FullName;
        var descriptors = GapLab.Interactive.Magic.MagicCommands.Descriptors;
        var cells = descriptors.Select(d => $"#!gaplab {d.Name} --frobnicate 1").Append("#!gaplab nosuchcommand").ToArray();
        foreach (var (cell, k) in cells.Select((c, k) => (c, k)))
        {
            var run = await NotebookSession.RunAsync(NotebookDocument.Load(Notebook(dir, cell)));
            var error = run.Cells.Single().Error;
            Assert.NotNull(error);
            if (k < descriptors.Count) // the kernel checks required parameters first (DNI104), then GapLab's handler the raw line
                Assert.True(error.StartsWith($"#!gaplab {descriptors[k].Name}: unknown parameter '--frobnicate'; accepted: ", StringComparison.Ordinal)
                    || error.Contains("error DNI104: Missing required parameter", StringComparison.Ordinal), error);
            else
                Assert.Equal($"#!gaplab: unknown subcommand 'nosuchcommand'; use one of: {string.Join(", ", descriptors.Select(d => d.Name))}.", error);
        }
    }
}
