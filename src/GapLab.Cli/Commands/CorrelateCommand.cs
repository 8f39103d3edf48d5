using System.CommandLine;
using System.Globalization;
using GapLab.Analysis;
using GapLab.Jobs;
using GapLab.Metrics.Complexity;
using GapLab.Runtime;
using GapLab.Suites;
using Spectre.Console;
using GapLab.IO;
using GapLab.Store;

namespace GapLab.Cli.Commands;

/// <summary>
/// <c>gaplab correlate --runs DIR</c>: computes complexity measures for every completed run of a suite store and ranks them by
/// how well they predict the measured accuracy gap (Kendall tau-b with CI, Spearman, granulated Kendall Psi, sign error).
/// </summary>
internal static class CorrelateCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var options = new JobOptions(CorrelateJob.Parameters);
        var cmd = new Command("correlate", "Theory vs practice: rank complexity measures by how well they predict the generalization gaps of a suite's models.");
        options.AddTo(cmd);
        // Task.Run: System.CommandLine installs its Ctrl+C/SIGTERM handler (which cancels ct) only once the action has returned its task
        cmd.SetAction((parse, ct) => Task.Run(() => GapLabCli.Guard(stderr, () =>
        {
            var args = options.Bind(parse);
            var request = CorrelateJob.Request(args);
            string dir = args.Text("--runs")!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"--runs: folder '{dir}' does not exist.");
            var store = LegacyRunsCsvImport.OpenRequired(dir, line => stderr.WriteLine($"gaplab: note: {line}"));
            var stored = store.Runs();
            if (RunSelection.Note(RunSelection.Completed(stored).LeftOut) is { } note)
                stderr.WriteLine($"gaplab: note: {note}");
            var measuresCsv = Path.Combine(dir, CorrelateJob.MeasuresFile);
            var correlationCsv = Path.Combine(dir, "correlation.csv");
            var (population, values) = CorrelateJob.Population(stored, store.FilePath, dir, request,
                new InlineProgress<(int Done, int Total, string RunId)>(p => { if (p.Done < p.Total) stderr.WriteLine($"measuring [{p.Done + 1}/{p.Total}] {p.RunId}"); }), ct);
            if (!request.FromMeasures)
            {
                using var w = new StreamWriter(measuresCsv);
                RecordFrame.ToCsv(values, w);
            }
            var table = TheoryVsPractice.Correlate(population, request.Resamples, request.Seed);
            using (var w = new StreamWriter(correlationCsv)) RecordFrame.ToCsv(table, w);
            if (table.Any(r => r.Note.Contains("search bound", StringComparison.Ordinal)))
                stderr.WriteLine("gaplab: note: some values are search bounds (at_bound in measures.csv): each measure's 'models' counts only the values that rank; its note says how many were left out.");
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
            console.Profile.Width = Math.Max(console.Profile.Width, 160);
            var t = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "measure", "models", "tau-b", "95% CI", "spearman", "Psi", "sign error", "CMI", "robust SE (envs)", "note" }) t.AddColumn(new TableColumn(c).RightAligned());
            string F(double v) => SignedNumber.Format(v, 3, nan: "-");
            foreach (var r in table)
                t.AddRow(new[] { r.Measure, r.Models.ToString(CultureInfo.InvariantCulture), F(r.KendallTau), $"[{F(r.KendallTauLow)}, {F(r.KendallTauHigh)}]", F(r.Spearman), F(r.Psi),
                    double.IsNaN(r.SignError) ? "-" : r.SignError.ToString("0.000", CultureInfo.InvariantCulture), F(r.Cmi),
                    r.RobustEnvironments == 0 ? "-" : $"{F(r.RobustSignErrorMean)} ({r.RobustEnvironments})", r.Note }.Select(c => new Text(c)).ToArray<Spectre.Console.Rendering.IRenderable>());
            console.Write(t);
            console.MarkupLine($"gap: acc_gap (train - test accuracy); {population.Count} models; robust sign error with n = {(table.Count > 0 ? table[0].TestSetSize : 0)} (the runs' test-set size). CMI conditions on 2 of the hyperparameters that vary. measures: [blue]{Markup.Escape(measuresCsv)}[/]  table: [blue]{Markup.Escape(correlationCsv)}[/]");
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }
}
