using System.CommandLine;
using System.Globalization;
using GapLab.Cli.Notebooks;
using GapLab.Interactive;

namespace GapLab.Cli.Commands;

/// <summary>
/// <c>gaplab notebook run NB.ipynb [--out REPORT.html] [--output EXECUTED.ipynb] [--param name=value ...]</c>: runs the notebook's
/// C# cells in order in the .NET Interactive C# kernel, in process (see <see cref="NotebookSession"/>), and writes one
/// self-contained HTML report and, with --output, the executed notebook. Exit code 0 when every cell ran, 1 when a cell failed
/// (the report shows where), 2 for a bad notebook path or option.
/// </summary>
internal static class NotebookCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb notebook to run." };
        var output = new Option<string?>("--out") { Description = "The HTML report to write (default: the notebook's name with .html, next to it)." };
        var executed = new Option<string?>("--output") { Description = "Also write the executed notebook (.ipynb, papermill style): every cell with its outputs." };
        var parameters = new Option<string[]>("--param")
        {
            Description = "name=value: overrides a variable of the notebook's parameters cell (tagged \"parameters\" or starting with '// parameters'); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var run = new Command("run", "Run a notebook's C# cells (with #!gaplab magic commands) in the .NET Interactive C# kernel and write a self-contained HTML report (and the executed notebook with --output).");
        run.Arguments.Add(notebook);
        run.Options.Add(output);
        run.Options.Add(executed);
        run.Options.Add(parameters);
        run.SetAction((parse, ct) => GapLabCli.GuardAsync(stderr, async () =>
        {
            var doc = NotebookParameters.Inject(NotebookDocument.Load(parse.GetValue(notebook)!), NotebookParameters.ParsePairs(parse.GetValue(parameters) ?? []));
            var outPath = parse.GetValue(output) ?? Path.ChangeExtension(doc.Path, ".html");
            RequireFolderOf("--out", outPath);
            var executedPath = parse.GetValue(executed);
            if (executedPath is not null)
            {
                if (!executedPath.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"--output '{executedPath}' must be a .ipynb file (the executed notebook).");
                RequireFolderOf("--output", executedPath);
                if (Path.GetFullPath(executedPath) == Path.GetFullPath(doc.Path))
                    throw new ArgumentException($"--output '{executedPath}' is the notebook itself; give another file so the source stays as it is.");
            }
            GapLab.Runtime.TorchRuntime.EnsureLoaded(); // before any cell and the report's libtorch version: cells may touch TorchSharp first
            stdout.WriteLine($"gaplab notebook run {doc.Path}: {doc.Cells.Count(c => c.IsCode)} code cells" +
                (doc.Parameters.Count == 0 ? "" : "; parameters " + string.Join(", ", doc.Parameters.Select(p => $"{p.Key}={p.Value}"))));
            var result = await NotebookSession.RunAsync(doc, cell =>
            {
                if (!cell.Cell.IsCode) return;
                var status = cell.Error is null ? "ok" : "FAILED: " + cell.Error.Split('\n')[0];
                stdout.WriteLine($"  cell {cell.Cell.Index,3} {cell.Seconds.ToString("0.0", CultureInfo.InvariantCulture),7} s  {status}");
            }, ct);
            var plotly = PlotlyScript.Default;
            NotebookReport.Build(result, "gaplab " + string.Join(' ', parse.Tokens.Select(t => t.Value))).Save(outPath, plotly);
            if (executedPath is not null)
            {
                ExecutedNotebook.Save(result, executedPath);
                stdout.WriteLine($"executed notebook: {executedPath}");
            }
            stdout.WriteLine($"report: {outPath} ({(result.FinishedUtc - result.StartedUtc).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, plotly.js: {plotly.Origin})");
            return result.Succeeded ? GapLabCli.ExitOk : GapLabCli.ExitFailed;
        }));
        var cmd = new Command("notebook", "Work with GapLab notebooks.");
        cmd.Subcommands.Add(run);
        return cmd;
    }

    /// <summary>A file path given to <paramref name="option"/> must name an existing folder, so nothing runs before a write that would fail.</summary>
    static void RequireFolderOf(string option, string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Folder of {option} '{path}' does not exist.");
    }
}
