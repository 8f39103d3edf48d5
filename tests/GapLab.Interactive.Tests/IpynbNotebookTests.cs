using System.Text.Json;
using GapLab.Interactive.Magic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GapLab.Interactive.Tests;

/// <summary>Every notebooks/*.ipynb: .NET Interactive C# metadata, valid #!gaplab lines, C# that parses.</summary>
public class IpynbNotebookTests
{
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kernel.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (Kernel.sln) not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryRoot(), "notebooks"), "*.ipynb").Order()) data.Add(Path.GetFileName(path));
        return data;
    }

    static (JsonElement Root, List<(string Type, JsonElement Metadata, string Source)> Cells) Read(string name)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "notebooks", name))).RootElement;
        var cells = root.GetProperty("cells").EnumerateArray().Select(c => (
            c.GetProperty("cell_type").GetString()!,
            c.GetProperty("metadata"),
            string.Concat(c.GetProperty("source").EnumerateArray().Select(s => s.GetString())))).ToList();
        return (root, cells);
    }

    [Fact]
    public void The_eight_guided_notebooks_exist()
    {
        var names = Directory.GetFiles(Path.Combine(RepositoryRoot(), "notebooks"), "*.ipynb").Select(p => Path.GetFileName(p)!).Order().ToArray();
        Assert.Equal(["01-quickstart.ipynb", "02-the-generalization-gap.ipynb", "03-double-descent.ipynb", "04-practical-metric-testbed.ipynb",
            "05-theory-vs-practice.ipynb", "06-beyond-accuracy.ipynb", "07-reproducible-report.ipynb", "08-benchmarks-over-time.ipynb"], names);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_has_one_parameters_cell_declaring_quick(string name)
    {
        var tagged = Read(name).Cells.Where(c => c.Type == "code" && c.Metadata.TryGetProperty("tags", out var t)
            && t.EnumerateArray().Any(e => e.GetString() == "parameters")).ToList();
        var cell = Assert.Single(tagged);
        Assert.StartsWith("// parameters\n", cell.Source);
        Assert.Contains("bool quick = false;", cell.Source);
    }

    /// <summary>A value of the parameter's kind standing in for <c>@csharp:NAME</c>, which the kernel resolves before the command runs.</summary>
    static string? Placeholder(MagicParameterDescriptor? p, string? value) =>
        value is null || !value.StartsWith("@csharp:", StringComparison.Ordinal) || p is null ? value : p.Kind switch
        {
            MagicParameterKind.Integer => "1",
            MagicParameterKind.Number => "0.5",
            MagicParameterKind.Choice => p.CompletionValues()[0],
            _ => "placeholder",
        };

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_has_dotnet_interactive_csharp_metadata(string name)
    {
        var (root, cells) = Read(name);
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        var meta = root.GetProperty("metadata");
        Assert.Equal(".net-csharp", meta.GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.Equal("C#", meta.GetProperty("language_info").GetProperty("name").GetString());
        var code = cells.Where(c => c.Type == "code").ToList();
        Assert.NotEmpty(code);
        Assert.All(code, c => Assert.Equal("csharp", c.Metadata.GetProperty("dotnet_interactive").GetProperty("language").GetString()));
        Assert.Contains(cells, c => c.Type == "markdown");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_gaplab_line_names_a_registered_subcommand_with_valid_parameters(string name)
    {
        var lines = Read(name).Cells.Where(c => c.Type == "code").SelectMany(c => c.Source.Split('\n')).Where(MagicLine.IsMagic).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var magic = MagicLine.Parse(line, MagicCommands.Registry);
            if (magic.Subcommand is null) continue; // bare #!gaplab: help
            var command = MagicCommands.Registry.Find(magic.Subcommand);
            Assert.True(command is not null, $"{name}: '{line}': unknown subcommand");
            var arguments = magic.Arguments.ToDictionary(a => a.Key, a => Placeholder(command!.FindParameter(a.Key), a.Value));
            var (_, error) = MagicArgumentValidator.Validate(command!, arguments);
            Assert.True(error is null, $"{name}: '{line}': {error}");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Csharp_cells_parse_once_magic_and_package_lines_are_removed(string name)
    {
        foreach (var (_, _, source) in Read(name).Cells.Where(c => c.Type == "code"))
        {
            var code = string.Join("\n", source.Split('\n').Where(l => !l.StartsWith("#!", StringComparison.Ordinal) && !l.StartsWith("#i ", StringComparison.Ordinal) && !l.StartsWith("#r ", StringComparison.Ordinal)));
            var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
            var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors)} in\n{code}");
        }
    }

    [Fact]
    public void Magic_lines_split_into_subcommand_and_arguments()
    {
        var line = MagicLine.Parse("#!gaplab run --suite \"my suite.json\" --no-weights --epochs 2 --out", MagicCommands.Registry);
        Assert.Equal("run", line.Subcommand);
        Assert.Equal("my suite.json", line.Arguments["--suite"]);
        Assert.Equal("true", line.Arguments["--no-weights"]);
        Assert.Equal("2", line.Arguments["--epochs"]);
        Assert.Equal("", line.Arguments["--out"]);
        Assert.Equal("#!gaplab run: --out needs a value.", MagicArgumentValidator.Validate(MagicCommands.Registry.Find("run")!, line.Arguments).Error);
        Assert.Null(MagicLine.Parse("#!gaplab", MagicCommands.Registry).Subcommand);
        Assert.False(MagicLine.IsMagic("#!gaplabx"));
        Assert.Equal("#!gaplab load: 'cifar' is not a --parameter; write --name value.",
            Assert.Throws<FormatException>(() => MagicLine.Parse("#!gaplab load cifar", MagicCommands.Registry)).Message);
    }
}
