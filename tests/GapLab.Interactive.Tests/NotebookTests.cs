using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GapLab.Interactive.Tests;

public class NotebookTests
{
    static string NotebooksDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kernel.sln"))) return Path.Combine(dir.FullName, "notebooks");
        throw new DirectoryNotFoundException("repository root (Kernel.sln) not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Sample_notebooks_csharp_cells_parse_once_magic_and_package_lines_are_removed()
    {
        var notebooks = Directory.GetFiles(NotebooksDir(), "*.dib");
        Assert.NotEmpty(notebooks);
        foreach (var path in notebooks)
        {
            var cells = DibFile.CSharpCells(File.ReadAllText(path));
            Assert.NotEmpty(cells);
            foreach (var cell in cells)
            {
                var code = string.Join("\n", cell.Split('\n').Where(l => !l.StartsWith("#!", StringComparison.Ordinal) && !l.StartsWith("#i ", StringComparison.Ordinal)));
                var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
                var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, $"{Path.GetFileName(path)}: {string.Join("; ", errors)} in\n{code}");
            }
        }
    }

    [Fact]
    public void Sample_notebook_magic_lines_name_registered_subcommands_and_parameters()
    {
        foreach (var path in Directory.GetFiles(NotebooksDir(), "*.dib"))
            foreach (var line in File.ReadLines(path).Where(l => l.StartsWith(Magic.MagicCommands.RootName + " ", StringComparison.Ordinal)))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var command = Magic.MagicCommands.Registry.Find(words[1]);
                Assert.True(command is not null, $"{line}: unknown subcommand");
                foreach (var name in words.Where(w => w.StartsWith("--", StringComparison.Ordinal)))
                    Assert.True(command!.FindParameter(name) is not null, $"{line}: unknown parameter {name}");
            }
    }
}
