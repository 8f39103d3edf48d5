using System.CommandLine;
using System.Text.Json;
using GapLab.IO;
using GapLab.Jobs;

namespace GapLab.Cli.Commands;

/// <summary><c>gaplab list [--what models|measures|corruptions|datasets|suites|testbeds] [--corruption-set S] [--format table|csv|json]</c>.</summary>
internal static class ListCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var options = new JobOptions(ListJob.Parameters);
        var cmd = new Command("list", "List what GapLab can build and compute: model families with their parameters, complexity measures, corruptions, datasets, built-in suites and testbeds.");
        options.AddTo(cmd);
        var format = OutputFormat.Create("table (one block per entry) | csv | json");
        cmd.Options.Add(format);
        cmd.SetAction(parse => GapLabCli.Guard(stderr, () =>
        {
            string fmt = OutputFormat.Read(parse, format);
            var entries = ListJob.Run(options.Bind(parse));
            Write(stdout, fmt, entries);
            return 0;
        }));
        return cmd;
    }

    static void Write(TextWriter stdout, string format, IReadOnlyList<CatalogEntry> entries)
    {
        switch (format)
        {
            case "csv":
                RecordFrame.ToCsv(entries, stdout);
                break;
            case "json":
                stdout.WriteLine(JsonSerializer.Serialize(entries, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                break;
            default:
                int width = entries.Count == 0 ? 0 : entries.Max(e => e.Name.Length);
                foreach (var e in entries)
                {
                    stdout.WriteLine($"{e.Name.PadRight(width)}  [{e.Category}] {e.Summary}");
                    foreach (var detail in e.Details.Split("; ", StringSplitOptions.RemoveEmptyEntries))
                        stdout.WriteLine($"{new string(' ', width + 4)}{detail}");
                }
                break;
        }
    }
}
