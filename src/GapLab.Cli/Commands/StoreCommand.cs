using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GapLab.Analysis;
using GapLab.Store;
using Microsoft.Data.Analysis;
using Spectre.Console;
using GapLab.IO;

namespace GapLab.Cli.Commands;

/// <summary>
/// <c>gaplab store</c>: reads the result store of a folder. <c>sql "SELECT ..."</c> prints a query's result (table, csv or
/// json); <c>export --to DIR --format csv|parquet</c> writes every table to a file.
/// </summary>
internal static class StoreCommand
{

    /// <summary>The <c>--store DIR</c> option of the commands that append their results to a result store.</summary>
    public static Option<string?> AppendOption() =>
        new("--store") { Description = $"Also append the results, with their provenance, to the result store DIR/{ResultStore.FileName} (created if absent)." };

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var cmd = new Command("store", $"Query or export the result store ({ResultStore.FileName}) of a folder: runs, epochs, measures, testbed_cells, quality, sessions.");
        cmd.Subcommands.Add(Sql(stdout, stderr));
        cmd.Subcommands.Add(Export(stdout, stderr));
        return cmd;
    }

    static Option<string> StoreDir() => new("--store") { Description = $"Folder holding {ResultStore.FileName} (e.g. the --out of gaplab run).", DefaultValueFactory = _ => "runs" };

    static Command Sql(TextWriter stdout, TextWriter stderr)
    {
        var query = new Argument<string>("SQL") { Description = "One SQL statement (DuckDB dialect), e.g. \"SELECT model, avg(acc_gap) FROM runs GROUP BY model\"." };
        var store = StoreDir();
        var format = OutputFormat.Create();
        var cmd = new Command("sql", "Run a read-only SQL query on the result store and print the result.");
        cmd.Arguments.Add(query);
        cmd.Options.Add(store);
        cmd.Options.Add(format);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            string fmt = OutputFormat.Read(parse, format);
            var frame = ResultStore.Open(parse.GetValue(store)!).QueryReadOnly(parse.GetValue(query)!);
            Write(stdout, fmt, frame);
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }

    static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var store = StoreDir();
        var to = new Option<string>("--to") { Description = "Folder for the exported files (TABLE.csv or TABLE.parquet).", Required = true };
        var format = new Option<string>("--format") { Description = "csv | parquet", DefaultValueFactory = _ => "parquet" };
        var cmd = new Command("export", "Write every table of the result store to a folder as CSV or Parquet files.");
        cmd.Options.Add(store);
        cmd.Options.Add(to);
        cmd.Options.Add(format);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            var exportFormat = ExportFormats.Parse(parse.GetValue(format)!);
            var files = ResultStore.Open(parse.GetValue(store)!).Export(parse.GetValue(to)!, exportFormat);
            foreach (var f in files) stdout.WriteLine(f);
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }

    internal static void Write(TextWriter stdout, string format, DataFrame frame)
    {
        switch (format)
        {
            case "csv":
                RecordFrame.ToCsv(frame, stdout);
                break;
            case "json":
                var rows = Enumerable.Range(0, (int)frame.Rows.Count).Select(r => frame.Columns.ToDictionary(c => c.Name, c => JsonValue(c[r])));
                stdout.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
                break;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
                if (Console.IsOutputRedirected || stdout != Console.Out) console.Profile.Width = 200;
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in frame.Columns)
                    table.AddColumn(c.DataType == typeof(string) ? new TableColumn(Markup.Escape(c.Name)) : new TableColumn(Markup.Escape(c.Name)).RightAligned());
                for (long r = 0; r < frame.Rows.Count; r++)
                    table.AddRow(frame.Columns.Select(c => Markup.Escape(Text(c[r]))).ToArray());
                console.Write(table);
                console.MarkupLine($"{frame.Rows.Count} row(s)");
                break;
        }
    }

    static string Text(object? v) => v switch
    {
        null => "NULL",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static object? JsonValue(object? v) => v is double d && !double.IsFinite(d) ? null : v;
}
