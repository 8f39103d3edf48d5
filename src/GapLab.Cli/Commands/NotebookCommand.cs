using System.CommandLine;
using System.Globalization;
using GapLab.Cli.Notebooks;
using GapLab.Interactive;

namespace GapLab.Cli.Commands;

/// <summary>
/// <c>gaplab notebook run NB.ipynb [--out REPORT.html] [--param name=value ...]</c>: runs the notebook's C# cells in order without a kernel (see
/// <see cref="NotebookSession"/>) and writes one self-contained HTML report. Exit code 0 when every cell ran, 1 when a cell failed
/// (the report shows where), 2 for a bad notebook path or option.
/// </summary>
internal static class NotebookCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb notebook to run." };
        var output = new Option<string?>("--out") { Description = "The HTML report to write (default: the notebook's name with .html, next to it)." };
        var parameters = new Option<string[]>("--param")
        {
            Description = "name=value: overrides a variable of the notebook's parameters cell (tagged \"parameters\" or starting with '// parameters'); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var run = new Command("run", "Run a notebook's C# cells (with #!gaplab magic commands) and write a self-contained HTML report.");
        run.Arguments.Add(notebook);
        run.Options.Add(output);
        run.Options.Add(parameters);
        run.SetAction((parse, ct) => GapLabCli.GuardAsync(stderr, async () =>
        {
            var doc = NotebookParameters.Inject(NotebookDocument.Load(parse.GetValue(notebook)!), NotebookParameters.ParsePairs(parse.GetValue(parameters) ?? []));
            var outPath = parse.GetValue(output) ?? Path.ChangeExtension(doc.Path, ".html");
            if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } dir && !Directory.Exists(dir))
                throw new DirectoryNotFoundException($"Folder of --out '{outPath}' does not exist.");
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
            stdout.WriteLine($"report: {outPath} ({(result.FinishedUtc - result.StartedUtc).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, plotly.js: {plotly.Origin})");
            return result.Succeeded ? GapLabCli.ExitOk : GapLabCli.ExitFailed;
        }));
        var cmd = new Command("notebook", "Work with GapLab notebooks.");
        cmd.Subcommands.Add(run);
        return cmd;
    }
}
