using System.CommandLine;
using GapLab.Interactive.Commands;

namespace GapLab.Cli.Tests;

/// <summary>
/// The jobs both front ends offer (`gaplab X` and `#!gaplab X`) must accept the same parameters with the same defaults
/// (issue 13). A job whose parameters are declared in Core (GapLab.Jobs.JobCatalog) generates both front ends' parameters from
/// them, and a difference is allowed only where the declaration says one front end alone offers the parameter, and why (the CLI
/// reads files, a notebook names variables). For the jobs not yet declared there, this test pins the known differences in
/// FrontEndParity.known.txt: a new difference (a parameter added to one front end only, or a default changed on one side)
/// fails it, and so does a fixed one until the list is updated. Front-end-only parameters (--as, --with in notebooks;
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
    public void The_front_ends_differ_only_where_Core_declares_it_or_the_known_list_says()
    {
        var known = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "FrontEndParity.known.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var actual = Differences().Where(d => !Declared(d)).ToList();
        var added = actual.Except(known).ToList();
        var fixedOnes = known.Except(actual).ToList();
        Assert.True(added.Count == 0 && fixedOnes.Count == 0,
            (added.Count > 0 ? "new differences between `gaplab` and `#!gaplab` (give both front ends the parameter with the same default):\n  " + string.Join("\n  ", added) + "\n" : "") +
            (fixedOnes.Count > 0 ? "differences that are gone (remove them from FrontEndParity.known.txt):\n  " + string.Join("\n  ", fixedOnes) : ""));
    }
}
