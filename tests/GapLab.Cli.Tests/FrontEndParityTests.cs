using System.CommandLine;
using GapLab.Interactive.Commands;

namespace GapLab.Cli.Tests;

/// <summary>
/// The jobs both front ends offer (`gaplab X` and `#!gaplab X`) must accept the same parameters with the same defaults
/// (issue 13). A job whose parameters are declared in Core (GapLab.Jobs.JobCatalog) generates both front ends' parameters from
/// them, and a difference is allowed only where the declaration says one front end alone offers the parameter, and why (the CLI
/// reads files, a notebook names variables). Every job both front ends offer is declared there. Front-end-only parameters (--as, --with in notebooks;
/// --format in the CLI) and commands with their own subcommand tree (store, benchmark) are not compared here.
/// </summary>
public class FrontEndParityTests
{
    static readonly string[] FrontEndOnly = ["--as", "--with", "--format"];

    /// <summary>One line per difference: command, parameter, the CLI's default (ABSENT when it lacks it), the notebook's.</summary>
    public static List<string> Differences()
    {
        var root = GapLabCli.BuildRoot(TextWriter.Null, TextWriter.Null);
        var magics = BuiltInCommands.CreateRegistry().Descriptors.ToDictionary(d => d.Name);
        var lines = new List<string>();
        foreach (var command in root.Subcommands.Where(c => c.Subcommands.Count == 0).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var magicName = command.Name == "measure" ? "measures" : command.Name;
            if (!magics.TryGetValue(magicName, out var magic)) continue; // CLI-only commands (doctor, merge, notebook)
            var cli = command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal)).ToDictionary(o => o.Name);
            var notebook = magic.Parameters.ToDictionary(p => p.Name);
            foreach (var name in cli.Keys.Union(notebook.Keys).Except(FrontEndOnly).Order(StringComparer.Ordinal))
            {
                string c = cli.TryGetValue(name, out var o) ? (o.HasDefaultValue ? Format(o.GetDefaultValue()) : "-") : "ABSENT";
                string n = notebook.TryGetValue(name, out var p) ? p.DefaultValue ?? "-" : "ABSENT";
                if (c != n) lines.Add($"{command.Name} {name} cli={c} notebook={n}");
            }
        }
        return lines;
    }

    static string Format(object? value) => value switch
    {
        null => "-",
        bool b => b ? "true" : "-", // a switch: off by default on both sides
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };

    /// <summary>
    /// True when Core declares <paramref name="difference"/>: the job's parameter is declared for one front end only (with its
    /// reason), on each side where it is present.
    /// </summary>
    static bool Declared(string difference)
    {
        var parts = difference.Split(' ');
        if (!GapLab.Jobs.JobCatalog.Parameters.TryGetValue(parts[0], out var declared)) return false;
        var named = declared.Where(p => p.Name == parts[1]).ToList();
        bool cliHas = !parts[2].EndsWith("=ABSENT", StringComparison.Ordinal), notebookHas = !parts[3].EndsWith("=ABSENT", StringComparison.Ordinal);
        bool Only(GapLab.Jobs.JobFrontEnd side) => named.Any(p => p.FrontEnd == side && !string.IsNullOrWhiteSpace(p.FrontEndReason));
        return named.Count > 0 && named.All(p => p.FrontEnd != GapLab.Jobs.JobFrontEnd.Both)
            && (!cliHas || Only(GapLab.Jobs.JobFrontEnd.Cli)) && (!notebookHas || Only(GapLab.Jobs.JobFrontEnd.Notebook));
    }

    [Fact]
    public void Every_declared_job_parameter_is_offered_by_its_front_ends_with_its_default()
    {
        var root = GapLabCli.BuildRoot(TextWriter.Null, TextWriter.Null);
        var magics = BuiltInCommands.CreateRegistry().Descriptors.ToDictionary(d => d.Name);
        foreach (var (job, parameters) in GapLab.Jobs.JobCatalog.Parameters)
        {
            var cli = root.Subcommands.Single(c => c.Name == job).Options.ToDictionary(o => o.Name);
            var magic = magics[job == "measure" ? "measures" : job];
            foreach (var p in parameters)
            {
                if (p.In(GapLab.Jobs.JobFrontEnd.Cli))
                {
                    Assert.True(cli.TryGetValue(p.Name, out var o), $"gaplab {job} lacks {p.Name}");
                    Assert.Equal(p.Default ?? "-", o!.HasDefaultValue ? Format(o.GetDefaultValue()) : "-");
                }
                if (p.In(GapLab.Jobs.JobFrontEnd.Notebook))
                {
                    var m = magic.FindParameter(p.Name);
                    Assert.True(m is not null, $"#!gaplab {magic.Name} lacks {p.Name}");
                    Assert.Equal(p.Default, m!.DefaultValue);
                    Assert.Equal(p.Required, m.Required);
                }
            }
        }
    }

    [Fact]
    public void The_front_ends_differ_only_where_Core_declares_it()
    {
        var undeclared = Differences().Where(d => !Declared(d)).ToList();
        Assert.True(undeclared.Count == 0, "differences between `gaplab` and `#!gaplab` that no Core declaration explains (declare the parameter once in " +
            "the job's Parameters, or mark it OnlyInCli/OnlyInNotebook with the reason):\n  " + string.Join("\n  ", undeclared));
        // every job both front ends offer is declared in Core
        var root = GapLabCli.BuildRoot(TextWriter.Null, TextWriter.Null);
        var magics = BuiltInCommands.CreateRegistry().Descriptors.Select(d => d.Name).ToHashSet();
        var shared = root.Subcommands.Where(c => c.Subcommands.Count == 0 && magics.Contains(c.Name == "measure" ? "measures" : c.Name)).Select(c => c.Name).Order().ToList();
        Assert.Equal(["correlate", "list", "measure", "quality", "run", "testbed"], shared);
        Assert.Equal(shared, GapLab.Jobs.JobCatalog.Parameters.Keys.Order().ToList());
        // the declared differences, with their reasons, are few and all about where the model, data or runs come from (or the notebook's chart)
        var declared = GapLab.Jobs.JobCatalog.Parameters.SelectMany(j => j.Value.Where(p => p.FrontEnd != GapLab.Jobs.JobFrontEnd.Both)
            .Select(p => $"{j.Key} {p.Name} {p.FrontEnd}")).Order().ToList();
        Assert.Equal(
        [
            "correlate --measure Notebook",
            "measure --arch Cli", "measure --data Cli", "measure --data Notebook", "measure --dataset Cli", "measure --device Cli", "measure --model Notebook", "measure --weights Cli",
            "quality --arch Cli", "quality --data Cli", "quality --data Notebook", "quality --model Notebook", "quality --runs Cli", "quality --weights Cli",
        ], declared);
    }
}
