using System.Text.Json;
using GapLab.Data;
using GapLab.Interactive.Formatting;
using GapLab.Interactive.Magic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GapLab.Interactive.Tests;

public class ExtensionDibTests(ExtensionDibFixture dib) : IClassFixture<ExtensionDibFixture>
{
    /// <summary>The options .NET Interactive deserializes directive commands with (camelCase names, case-insensitive).</summary>
    static readonly JsonSerializerOptions KernelJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

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

    [Fact]
    public void Cells_compile_and_run_against_the_kernel_api_shape()
    {
        Assert.DoesNotContain(dib.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Running_the_shim_registers_root_and_one_subcommand_per_descriptor_with_their_parameters()
    {
        var directives = dib.Directives;
        var root = directives[0].Directive;
        Assert.Equal(MagicCommands.RootName, (string)root.Name);
        var subs = ((IEnumerable<object>)root.Subcommands).Cast<dynamic>().ToList();
        Assert.Equal(MagicCommands.Descriptors.Select(d => d.Name), subs.Select(s => (string)s.Name));
        Assert.Equal(1 + subs.Count, directives.Count);
        foreach (var (descriptor, sub) in MagicCommands.Descriptors.Zip(subs))
        {
            Assert.Equal(descriptor.Description, (string)sub.Description);
            var parameters = ((IEnumerable<object>)sub.Parameters).Cast<dynamic>().ToList();
            Assert.Equal(descriptor.Parameters.Select(p => p.Name), parameters.Select(p => (string)p.Name));
            Assert.Equal(descriptor.Parameters.Select(p => p.Required && p.DefaultValue is null), parameters.Select(p => (bool)p.Required));
            Assert.Equal(descriptor.Parameters.Select(p => p.Kind == MagicParameterKind.Flag), parameters.Select(p => (bool)p.Flag));
            Assert.Equal(descriptor.Parameters.Select(p => p.Completions is not null), parameters.Select(p => ((System.Collections.ICollection)p.CompletionSources).Count == 1));
            Assert.Equal("GapLabCommand", ((Type)sub.KernelCommandType).Name);
        }
        var device = subs.Single(s => (string)s.Name == "device");
        var deviceParameter = ((IEnumerable<object>)device.Parameters).Cast<dynamic>().Single(p => (string)p.Name == "--device");
        var completions = ((Func<IEnumerable<string>>)((System.Collections.IList)deviceParameter.CompletionSources)[0]!)();
        Assert.Contains("cpu", completions);
    }

    [Fact]
    public void Every_parameter_of_every_descriptor_reaches_the_command_arguments_under_its_camel_case_name()
    {
        var (directive, _) = dib.Directives[1];
        Type commandType = directive.KernelCommandType;
        foreach (var d in MagicCommands.Descriptors)
        {
            var json = JsonSerializer.Serialize(d.Parameters.ToDictionary(p => p.CamelCaseName, p => "v")
                .Append(new("invokedDirective", $"{MagicCommands.RootName} {d.Name}")).ToDictionary());
            dynamic command = JsonSerializer.Deserialize(json, commandType, KernelJson)!;
            Assert.Equal($"{MagicCommands.RootName} {d.Name}", (string)command.InvokedDirective);
            var arguments = (Dictionary<string, JsonElement>)command.Arguments;
            Assert.Equal(d.Parameters.Select(p => p.CamelCaseName).Order(), arguments.Keys.Order());
        }
    }

    [Fact]
    public async Task Invocation_through_the_shim_reads_and_binds_csharp_variables_and_displays_the_result()
    {
        ((dynamic)dib.CSharpKernel).Variables["shimData"] = ((object)CardFormatterTests.Tiny("shim"), typeof(Dataset));
        var ctx = dib.NewInvocationContext();
        await Invoke("""{"from":"shimData","as":"shimSummary","invokedDirective":"#!gaplab data","targetKernelName":null}""", ctx);
        Assert.Empty((IEnumerable<string?>)((dynamic)ctx).Failures);
        var stored = (ValueTuple<object, Type>)((dynamic)dib.CSharpKernel).Variables["shimSummary"];
        Assert.Equal(typeof(DatasetSummary), stored.Item2);
        Assert.Equal("shim", ((DatasetSummary)stored.Item1).Name);
        Assert.IsType<DatasetSummary>(Assert.Single((IEnumerable<object>)((dynamic)ctx).Displayed));
    }

    [Fact]
    public async Task Invalid_value_through_the_shim_fails_the_command_with_the_one_line_message()
    {
        var ctx = dib.NewInvocationContext();
        await Invoke("""{"from":"x","split":"valid","invokedDirective":"#!gaplab data"}""", ctx);
        Assert.Equal(["#!gaplab data: --split 'valid' is not accepted; use one of: both, train, test."], (IEnumerable<string?>)((dynamic)ctx).Failures);
    }

    [Fact]
    public async Task Bare_root_invocation_shows_help()
    {
        var ctx = dib.NewInvocationContext();
        await Invoke("""{"invokedDirective":"#!gaplab"}""", ctx);
        var help = Assert.IsType<MagicHelp>(Assert.Single((IEnumerable<object>)((dynamic)ctx).Displayed));
        Assert.Contains("#!gaplab device", help.Text);
    }

    async Task Invoke(string json, object context)
    {
        var (directive, handler) = dib.Directives[0];
        var command = JsonSerializer.Deserialize(json, (Type)directive.KernelCommandType, KernelJson)!;
        await (Task)handler.DynamicInvoke(command, context)!;
    }
}
