using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GapLab.Cli.Notebooks;

/// <summary>A variable declared in a notebook's parameters cell: its name, declared type (<c>var</c> resolved from a literal) and initial value.</summary>
public sealed record NotebookParameter(string Name, string Type, string Initializer);

/// <summary>
/// Papermill-style parameters for <c>gaplab notebook run --param name=value</c>. The parameters cell is the first code cell tagged
/// "parameters" in its metadata, or else the first whose first line is <c>// parameters</c>; its top-level variable declarations are the
/// known parameters. Given values become a new cell of assignments right after it, so the defaults stay visible in the report.
/// </summary>
public static class NotebookParameters
{
    public const string Tag = "parameters", InjectedTag = "injected-parameters", Marker = "// parameters";

    /// <summary>The parameters cell of <paramref name="notebook"/>, or null.</summary>
    public static NotebookCell? FindCell(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var code = notebook.Cells.Where(c => c.IsCode).ToList();
        return code.FirstOrDefault(c => c.HasTag(Tag))
            ?? code.FirstOrDefault(c => c.Source.TrimStart().Split('\n')[0].Trim().Equals(Marker, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The variables declared at the top level of <paramref name="cell"/>, in order.</summary>
    public static IReadOnlyList<NotebookParameter> Declared(NotebookCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var root = CSharpSyntaxTree.ParseText(cell.Source, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script)).GetCompilationUnitRoot();
        var declarations = root.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement).OfType<LocalDeclarationStatementSyntax>().Select(l => l.Declaration)
            .Concat(root.Members.OfType<FieldDeclarationSyntax>().Select(f => f.Declaration));
        return declarations.SelectMany(d => d.Variables.Select(v => new NotebookParameter(v.Identifier.Text,
            d.Type.IsVar ? TypeOfLiteral(v.Initializer?.Value) : d.Type.ToString(), v.Initializer?.Value.ToString() ?? ""))).ToArray();
    }

    /// <summary>Parses <c>name=value</c> pairs (a repeated name keeps the last value).</summary>
    public static IReadOnlyDictionary<string, string> ParsePairs(IEnumerable<string> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--param '{pair}' is not name=value (e.g. --param quick=true).");
            values[pair[..eq].Trim()] = pair[(eq + 1)..];
        }
        return values;
    }

    /// <summary>
    /// <paramref name="notebook"/> with an extra cell of assignments after its parameters cell, and the values recorded in
    /// <see cref="NotebookDocument.Parameters"/>. No values: the notebook unchanged. Unknown names or ill-typed values throw, naming the known ones.
    /// </summary>
    public static NotebookDocument Inject(NotebookDocument notebook, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return notebook;
        var cell = FindCell(notebook) ?? throw new ArgumentException(
            $"--param: notebook '{notebook.Path}' has no parameters cell (a code cell tagged \"{Tag}\" in its metadata, or starting with '{Marker}').");
        var declared = Declared(cell).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var unknown = values.Keys.Where(k => !declared.ContainsKey(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"--param {string.Join(", ", unknown.Select(u => $"'{u}'"))}: not a parameter of '{notebook.Path}'; known: {(declared.Count == 0 ? "none" : string.Join(", ", declared.Keys))}.");
        var code = Marker.Replace("parameters", "injected parameters (gaplab notebook run --param)", StringComparison.Ordinal) + "\n"
            + string.Join("\n", values.Select(v => $"{v.Key} = {Literal(declared[v.Key], v.Value)};"));
        var cells = new List<NotebookCell>();
        foreach (var c in notebook.Cells)
        {
            cells.Add(c with { Index = cells.Count + 1 });
            if (ReferenceEquals(c, cell)) cells.Add(new NotebookCell(cells.Count + 1, "code", "csharp", code, [InjectedTag]));
        }
        return notebook with { Cells = cells, Parameters = new Dictionary<string, string>(values, StringComparer.Ordinal) };
    }

    /// <summary>The C# expression for <paramref name="value"/> as a value of <paramref name="parameter"/>'s type (text is taken as an expression for other types).</summary>
    public static string Literal(NotebookParameter parameter, string value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var inv = CultureInfo.InvariantCulture;
        string Bad(string accepted) => throw new ArgumentException($"--param {parameter.Name}={value}: {parameter.Name} is declared {parameter.Type}; accepted {accepted}.");
        switch (parameter.Type)
        {
            case "string": return SymbolDisplay.FormatLiteral(value, quote: true);
            case "bool": return bool.TryParse(value, out var b) ? (b ? "true" : "false") : Bad("true or false");
            case "int": return int.TryParse(value, NumberStyles.Integer, inv, out var i) ? i.ToString(inv) : Bad("a whole number");
            case "long": return long.TryParse(value, NumberStyles.Integer, inv, out var l) ? l.ToString(inv) + "L" : Bad("a whole number");
            case "double": return double.TryParse(value, NumberStyles.Float, inv, out var d) && double.IsFinite(d) ? d.ToString("R", inv) + "d" : Bad("a finite number");
            case "float": return float.TryParse(value, NumberStyles.Float, inv, out var f) && float.IsFinite(f) ? f.ToString("R", inv) + "f" : Bad("a finite number");
            default: return value.Length > 0 ? value : Bad("a C# expression");
        }
    }

    /// <summary>The type of a literal initializer of a <c>var</c> declaration ("expression" when it is not a plain literal).</summary>
    static string TypeOfLiteral(ExpressionSyntax? value) => value switch
    {
        LiteralExpressionSyntax { Token.Value: string } => "string",
        LiteralExpressionSyntax { Token.Value: bool } => "bool",
        LiteralExpressionSyntax { Token.Value: int } => "int",
        LiteralExpressionSyntax { Token.Value: long } => "long",
        LiteralExpressionSyntax { Token.Value: double } => "double",
        LiteralExpressionSyntax { Token.Value: float } => "float",
        _ => "expression",
    };
}
