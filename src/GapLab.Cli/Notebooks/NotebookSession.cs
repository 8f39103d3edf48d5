using System.Diagnostics;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Magic;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace GapLab.Cli.Notebooks;

/// <summary>What running a notebook produced, cell by cell, with its start and end times.</summary>
public sealed record NotebookRun(NotebookDocument Notebook, IReadOnlyList<CellResult> Cells, DateTime StartedUtc, DateTime FinishedUtc)
{
    /// <summary>The first cell that failed, or null when every cell ran.</summary>
    public CellResult? FirstError => Cells.FirstOrDefault(c => c.Error is not null);
    public bool Succeeded => FirstError is null;
}

/// <summary>
/// Runs the C# cells of a notebook in order without a notebook kernel: each cell is a Roslyn script submission chained to
/// the previous ones (so variables carry over), <c>#!gaplab</c> lines go to the magic-command registry with this session as
/// their <see cref="IMagicContext"/> (displays are recorded, <c>--as</c> declares a script variable), package lines
/// (<c>#r "nuget:..."</c>, <c>#i ...</c>) are skipped because the local build is referenced. The first failing cell stops the run.
/// </summary>
public sealed class NotebookSession : IMagicContext
{
    /// <summary>Namespaces imported in every cell, as in the .NET Interactive C# kernel.</summary>
    public static readonly IReadOnlyList<string> Imports = ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    readonly MagicCommandRegistry _registry = BuiltInCommands.CreateRegistry();
    readonly NotebookGlobals _globals;
    readonly CancellationToken _ct;
    ScriptOptions _options;
    ScriptState<object>? _state;
    List<NotebookOutput> _outputs = [];

    NotebookSession(CancellationToken ct)
    {
        _ct = ct;
        _globals = new NotebookGlobals(Record);
        _options = ScriptOptions.Default
            .WithReferences(typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(System.Collections.Generic.List<>).Assembly,
                typeof(GapLab.Data.Dataset).Assembly, typeof(MagicCommands).Assembly, typeof(TorchSharp.torch).Assembly,
                typeof(Microsoft.Data.Analysis.DataFrame).Assembly, typeof(Plotly.NET.GenericChart).Assembly, typeof(Plotly.NET.CSharp.Chart).Assembly,
                typeof(NotebookGlobals).Assembly)
            .WithImports(Imports)
            .WithEmitDebugInformation(false);
    }

    public CancellationToken CancellationToken => _ct;

    /// <summary>Runs every cell of <paramref name="notebook"/>; <paramref name="onCell"/> hears about each finished cell.</summary>
    public static async Task<NotebookRun> RunAsync(NotebookDocument notebook, Action<CellResult>? onCell = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var session = new NotebookSession(ct);
        var started = DateTime.UtcNow;
        var results = new List<CellResult>();
        foreach (var cell in notebook.Cells)
        {
            var result = await session.RunCellAsync(cell);
            results.Add(result);
            onCell?.Invoke(result);
            if (result.Error is not null) break;
        }
        return new NotebookRun(notebook, results, started, DateTime.UtcNow);
    }

    async Task<CellResult> RunCellAsync(NotebookCell cell)
    {
        _outputs = [];
        if (!cell.IsCode) return new CellResult(cell, [], null, 0);
        var watch = Stopwatch.StartNew();
        string? error = null;
        try
        {
            if (cell.Language != "csharp")
                throw new NotSupportedException($"cell {cell.Index} is '{cell.Language}'; gaplab notebook run runs C# cells only.");
            var code = new List<string>();
            foreach (var line in cell.Source.Split('\n'))
            {
                var trimmed = line.Trim();
                if (MagicLine.IsMagic(trimmed))
                {
                    await RunCodeAsync(code);
                    await RunMagicAsync(trimmed);
                }
                else if (IsPackageLine(trimmed) || trimmed == "#!csharp") code.Add(""); // keep line numbers
                else if (trimmed.StartsWith("#!", StringComparison.Ordinal))
                    throw new NotSupportedException($"'{trimmed}' is not supported outside a notebook kernel; only #!gaplab and #!csharp are.");
                else code.Add(line);
            }
            await RunCodeAsync(code);
        }
        catch (CompilationErrorException e) { error = string.Join(Environment.NewLine, e.Diagnostics.Select(d => d.ToString())); }
        catch (OperationCanceledException) { error = "cancelled"; }
        catch (Exception e) when (e is not OutOfMemoryException) { error = e is MagicCommandException ? e.Message : $"{e.GetType().Name}: {e.Message}"; }
        return new CellResult(cell, _outputs, error, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Lines that load packages in a kernel: <c>#r "nuget:..."</c> and <c>#i "..."</c> (package sources).</summary>
    public static bool IsPackageLine(string line) =>
        line.StartsWith("#r \"nuget:", StringComparison.Ordinal) || line.StartsWith("#i ", StringComparison.Ordinal);

    async Task RunCodeAsync(List<string> lines)
    {
        var code = string.Join("\n", lines);
        lines.Clear();
        if (string.IsNullOrWhiteSpace(code)) return;
        await ContinueAsync(code);
        if (_state!.ReturnValue is { } value) Record(value);
    }

    /// <summary>A value shown by C# code (display(x) or a cell's last expression): kept for the cell and in the session's log.</summary>
    void Record(object value)
    {
        _outputs.Add(new NotebookOutput(value));
        _registry.Outputs.Add(value);
    }

    async Task RunMagicAsync(string line)
    {
        if (_registry.CheckLine(line) is { } error) throw new MagicCommandException(error);
        var magic = MagicLine.Parse(line, _registry);
        var result = magic.Subcommand is null
            ? await _registry.InvokeDirectiveAsync(MagicCommands.RootName, null, this)
            : await _registry.InvokeAsync(magic.Subcommand, magic.Arguments.ToDictionary(a => a.Key, a => ResolveValueReference(a.Key, a.Value)), this);
        if (!result.Succeeded) throw new MagicCommandException(result.Error ?? $"{line} failed.");
    }

    /// <summary>Prefix of a parameter value taken from a C# variable, as in .NET Interactive (<c>--epochs @csharp:epochs</c>).</summary>
    public const string ValueReferencePrefix = MagicLine.ValueReferencePrefix;

    /// <summary>
    /// A <c>@csharp:NAME</c> value replaced by the invariant text of the variable NAME (true/false for booleans, ToString() for
    /// other objects, e.g. a <c>--with</c> settings object printed as <c>{ TrainSize = 400 }</c>), as the kernel resolves it before invoking a magic command; other values unchanged.
    /// </summary>
    string? ResolveValueReference(string parameter, string? value)
    {
        if (value is null || !value.StartsWith(ValueReferencePrefix, StringComparison.Ordinal)) return value;
        var name = value[ValueReferencePrefix.Length..];
        if (!TryGetVariable(name, out var v))
            throw new MagicCommandException($"{parameter} {value}: no C# variable '{name}' is defined yet (declare it in an earlier cell).");
        if (v is null)
            throw new MagicCommandException($"{parameter} {value}: the C# variable '{name}' is null; give it a value.");
        return v switch
        {
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        };
    }

    async Task ContinueAsync(string code)
    {
        _state = _state is null
            ? await CSharpScript.RunAsync(code, _options, _globals, typeof(NotebookGlobals), _ct)
            : await _state.ContinueWithAsync(code, _options, _ct);
    }

    public IMagicDisplay Display(object value, string? mimeType = null)
    {
        var output = new NotebookOutput(value);
        _outputs.Add(output);
        return new OutputHandle(output);
    }

    public async Task SetVariableAsync(string name, object value, Type type)
    {
        if (!MagicNames.IsIdentifier(name)) throw new ArgumentException($"'{name}' is not a C# variable name.");
        var nameable = CSharpTypeName.Nameable(type);
        _options = _options.AddReferences(CSharpTypeName.Assemblies(nameable).Where(a => !a.IsDynamic && a.Location.Length > 0));
        _globals.Hand(name, value);
        await ContinueAsync($"var {name} = ({CSharpTypeName.Of(nameable)})__gaplabTake(\"{name}\");");
    }

    public bool TryGetVariable(string name, out object? value)
    {
        var variable = _state?.Variables.LastOrDefault(v => v.Name == name);
        value = variable?.Value;
        return variable is not null;
    }

    sealed class OutputHandle(NotebookOutput output) : IMagicDisplay
    {
        public void Update(object value) => output.Value = value;
    }

    sealed class MagicCommandException(string message) : Exception(message);
}
