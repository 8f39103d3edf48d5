using System.Diagnostics;
using System.Reflection;
using GapLab.Interactive;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace GapLab.Cli.Notebooks;

/// <summary>What running a notebook produced, cell by cell, with its start and end times.</summary>
public sealed record NotebookRun(NotebookDocument Notebook, IReadOnlyList<CellResult> Cells, DateTime StartedUtc, DateTime FinishedUtc)
{
    /// <summary>The first cell that failed, or null when every cell ran.</summary>
    public CellResult? FirstError => Cells.FirstOrDefault(c => c.Error is not null);
    public bool Succeeded => FirstError is null;
}

/// <summary>
/// Runs the code cells of a notebook in order in the released .NET Interactive C# kernel, in process: a
/// <see cref="CompositeKernel"/> holding a <see cref="CSharpKernel"/> configured as the dotnet-interactive tool configures it
/// (<c>#r "nuget:"</c>/<c>#i</c>, kernel helpers such as <c>display</c>, value sharing), so cells see exactly the kernel's
/// imports, directive parser and <c>@csharp:</c> binding. GapLab is loaded as the kernel loads a package extension: its
/// assemblies are referenced and extension.dib is run. The notebook's own <c>#r "nuget:GapLab.*"</c> lines and
/// <c>#i</c> lines naming a local folder that does not exist (the notebooks' placeholder) are left out, because the build
/// that runs them is GapLab; other package lines are restored by the kernel. The first failing cell stops the run.
/// </summary>
public sealed class NotebookSession : IDisposable
{
    readonly CompositeKernel _kernel;
    readonly CSharpKernel _csharp;

    NotebookSession()
    {
        _csharp = new CSharpKernel()
            .UseNugetDirective((kernel, packages) =>
            {
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseValueSharing();
        _kernel = new CompositeKernel { _csharp };
        _kernel.DefaultKernelName = _csharp.Name;
    }

    public void Dispose() => _kernel.Dispose();

    /// <summary>Runs every cell of <paramref name="notebook"/>; <paramref name="onCell"/> hears about each finished cell.</summary>
    public static async Task<NotebookRun> RunAsync(NotebookDocument notebook, Action<CellResult>? onCell = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        using var session = new NotebookSession();
        var started = DateTime.UtcNow;
        var results = new List<CellResult>();
        // GapLab is loaded in the cell with its #r "nuget:GapLab..." line, as in a kernel, or else in the first code cell
        var loadingCell = notebook.Cells.FirstOrDefault(c => c.IsCode && c.Source.Split('\n').Any(l => IsGapLabPackageLine(l.Trim())))
            ?? notebook.Cells.FirstOrDefault(c => c.IsCode);
        foreach (var cell in notebook.Cells)
        {
            var result = await session.RunCellAsync(cell, loadGapLab: ReferenceEquals(cell, loadingCell), ct);
            results.Add(result);
            onCell?.Invoke(result);
            if (result.Error is not null) break;
        }
        return new NotebookRun(notebook, results, started, DateTime.UtcNow);
    }

    async Task<CellResult> RunCellAsync(NotebookCell cell, bool loadGapLab, CancellationToken ct)
    {
        if (!cell.IsCode) return new CellResult(cell, [], null, 0);
        var watch = Stopwatch.StartNew();
        var outputs = new List<NotebookOutput>();
        string? error = null;
        try
        {
            if (cell.Language is not ("csharp" or "C#" or "c#"))
                throw new NotSupportedException($"cell {cell.Index} is '{cell.Language}'; gaplab notebook run runs C# cells only.");
            if (loadGapLab) error = await LoadGapLabAsync(outputs, ct);
            var code = string.Join("\n", cell.Source.Split('\n').Select(l => IsLocalBuildLine(l.Trim()) ? "" : l)); // keep line numbers
            if (error is null && !string.IsNullOrWhiteSpace(code)) error = await SubmitAsync(code, outputs, ct);
        }
        catch (OperationCanceledException) { error = "cancelled"; }
        catch (NotSupportedException e) { error = e.Message; }
        return new CellResult(cell, outputs, error, watch.Elapsed.TotalSeconds);
    }

    /// <summary>References GapLab and its dependencies in the C# kernel and runs extension.dib, as the kernel does for the package.</summary>
    async Task<string?> LoadGapLabAsync(List<NotebookOutput> outputs, CancellationToken ct)
    {
        _csharp.AddAssemblyReferences(GapLabAssemblyPaths());
        foreach (var element in CodeSubmission.Parse(ExtensionScript.Text()).Elements.Where(e => e.KernelName == "csharp"))
            if (await SubmitAsync(element.Contents, outputs, ct) is { } error)
                return "loading GapLab's extension.dib failed: " + error;
        return null;
    }

    /// <summary>GapLab.Interactive and every assembly it depends on that is not part of .NET: what #r "nuget:GapLab.Interactive" references.</summary>
    static IEnumerable<string> GapLabAssemblyPaths()
    {
        var appDir = Path.GetFullPath(AppContext.BaseDirectory);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<Assembly>([typeof(ExtensionScript).Assembly]);
        while (queue.TryDequeue(out var assembly))
        {
            if (assembly.IsDynamic || assembly.Location.Length == 0 || !seen.Add(assembly.Location)) continue;
            if (!Path.GetFullPath(assembly.Location).StartsWith(appDir, StringComparison.Ordinal)) continue; // .NET's own
            yield return assembly.Location;
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                Assembly? referenced = null;
                try { referenced = Assembly.Load(name); }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { } // optional dependency not shipped
                if (referenced is not null) queue.Enqueue(referenced);
            }
        }
    }

    /// <summary>Submits <paramref name="code"/> to the C# kernel; collects its outputs; returns the failure message, or null.</summary>
    async Task<string?> SubmitAsync(string code, List<NotebookOutput> outputs, CancellationToken ct)
    {
        var shown = new Dictionary<string, NotebookOutput>(StringComparer.Ordinal);
        string? error = null;
        using var cancel = ct.Register(() => _ = _kernel.SendAsync(new Cancel()));
        var result = await _kernel.SendAsync(new SubmitCode(code, _csharp.Name), ct);
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case DisplayedValueUpdated update when update.ValueId is not null && shown.TryGetValue(update.ValueId, out var earlier):
                    earlier.Value = update.Value ?? earlier.Value;
                    earlier.Formatted = update.FormattedValues.ToArray();
                    break;
                case DisplayedValueProduced display:
                    var output = new NotebookOutput(display.Value ?? Text(display), NotebookOutputKind.Display, display.FormattedValues.ToArray());
                    outputs.Add(output);
                    if (display.ValueId is not null) shown[display.ValueId] = output;
                    break;
                case ReturnValueProduced value:
                    outputs.Add(new NotebookOutput(value.Value ?? Text(value), NotebookOutputKind.Result, value.FormattedValues.ToArray()));
                    break;
                case StandardOutputValueProduced stdout:
                    outputs.Add(new NotebookOutput(Text(stdout), NotebookOutputKind.StandardOutput, stdout.FormattedValues.ToArray()));
                    break;
                case StandardErrorValueProduced stderr:
                    outputs.Add(new NotebookOutput(Text(stderr), NotebookOutputKind.StandardError, stderr.FormattedValues.ToArray()));
                    break;
                case CommandFailed failed:
                    error ??= failed.Message;
                    break;
                case ErrorProduced produced:
                    error ??= produced.Message;
                    break;
            }
        }
        ct.ThrowIfCancellationRequested();
        return error;
    }

    static string Text(DisplayEvent e) => e.FormattedValues.FirstOrDefault(f => f.MimeType == "text/plain")?.Value ?? e.FormattedValues.FirstOrDefault()?.Value ?? "";

    /// <summary><c>#r "nuget:GapLab.Interactive,..."</c> (or any GapLab package): the kernel's way to load GapLab.</summary>
    public static bool IsGapLabPackageLine(string line) =>
        line.StartsWith("#r \"nuget:GapLab.", StringComparison.OrdinalIgnoreCase) || line.StartsWith("#r \"nuget: GapLab.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The lines this runner leaves out because GapLab is already loaded: GapLab's package lines and <c>#i "nuget:DIR"</c> of a
    /// local folder that does not exist (the notebooks' "/absolute/path/to/gaplab/nupkg" placeholder).
    /// </summary>
    public static bool IsLocalBuildLine(string line)
    {
        if (IsGapLabPackageLine(line)) return true;
        if (!line.StartsWith("#i ", StringComparison.Ordinal)) return false;
        var source = line[3..].Trim().Trim('"');
        if (source.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)) source = source["nuget:".Length..].Trim();
        return Path.IsPathRooted(source) && !Directory.Exists(source);
    }
}
