using System.Text.Json;
using GapLab.Data;
using GapLab.Interactive.Formatting;
using GapLab.Interactive.Magic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GapLab.Interactive.Tests;

/// <summary>
/// The shape of extension.dib read as C# syntax. Its behaviour in the real kernel is tested by <see cref="JupyterMagicCommandTests"/>
/// and <see cref="JupyterNotebookTests"/> (the packed extension loaded by the released .NET Interactive tool).
/// </summary>
public class ExtensionDibTests
{

    static IReadOnlyList<SyntaxTree> Trees() =>
        DibFile.CSharpCells(File.ReadAllText(DibFile.ExtensionPath))
            .Select(c => CSharpSyntaxTree.ParseText(c, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script)))
            .ToList();

    [Fact]
    public void Every_csharp_cell_parses_as_a_script_without_errors()
    {
        var trees = Trees();
        Assert.True(trees.Count >= 2, "expected the type cell and the loader cell");
        foreach (var tree in trees)
            Assert.DoesNotContain(tree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Shim_is_generic_it_loops_over_descriptors_and_names_no_subcommand_or_parameter()
    {
        var nodes = Trees().SelectMany(t => t.GetRoot().DescendantNodesAndSelf()).ToList();
        Assert.Contains(nodes.OfType<InvocationExpressionSyntax>(), i => i.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.Text: "AddDirective" } });
        Assert.Contains(nodes.OfType<ForEachStatementSyntax>(), f => f.Expression.ToString().EndsWith("MagicCommands.Descriptors", StringComparison.Ordinal));
        Assert.Contains(nodes.OfType<ForEachStatementSyntax>(), f => f.Expression.ToString().EndsWith(".Parameters", StringComparison.Ordinal));
        var literals = nodes.OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)).Select(l => l.Token.ValueText).ToHashSet();
        foreach (var d in MagicCommands.Descriptors)
        {
            Assert.DoesNotContain(d.Name, literals);
            Assert.All(d.Parameters, p => Assert.DoesNotContain(p.Name, literals));
        }
    }

    [Fact]
    public void Command_type_collects_every_parameter_through_json_extension_data_without_name_clashes()
    {
        var command = Trees().SelectMany(t => t.GetRoot().DescendantNodes()).OfType<ClassDeclarationSyntax>()
            .Single(c => c.BaseList?.Types.Any(b => b.ToString().EndsWith("KernelDirectiveCommand", StringComparison.Ordinal)) == true);
        var properties = command.Members.OfType<PropertyDeclarationSyntax>().ToList();
        var extension = Assert.Single(properties, p => p.AttributeLists.SelectMany(a => a.Attributes).Any(a => a.Name.ToString().EndsWith("JsonExtensionData", StringComparison.Ordinal)));
        Assert.Contains("Dictionary<string, System.Text.Json.JsonElement>", extension.Type.ToString());
        // A parameter whose camelCase name equals a declared property (or KernelCommand's targetKernelName) would be captured by
        // that property instead of reaching the registry.
        var taken = properties.Where(p => p != extension).Select(p => p.Identifier.Text).Append("TargetKernelName").ToList();
        foreach (var d in MagicCommands.Descriptors)
            foreach (var p in d.Parameters)
                Assert.DoesNotContain(taken, t => string.Equals(t, p.CamelCaseName, StringComparison.OrdinalIgnoreCase));
    }
}
