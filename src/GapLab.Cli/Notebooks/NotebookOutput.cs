using Microsoft.DotNet.Interactive.Formatting;

namespace GapLab.Cli.Notebooks;

/// <summary>What kind of output a cell produced, as Jupyter distinguishes them.</summary>
public enum NotebookOutputKind { Display, Result, StandardOutput, StandardError }

/// <summary>
/// One output of a cell: the value the kernel displayed (redrawn in place by later updates, so live progress keeps its last
/// state) and the kernel's formatted values of it (text/html, text/plain), which the executed notebook stores.
/// </summary>
public sealed class NotebookOutput(object value, NotebookOutputKind kind = NotebookOutputKind.Display, IReadOnlyList<FormattedValue>? formatted = null)
{
    public object Value { get; internal set; } = value;
    public NotebookOutputKind Kind { get; } = kind;
    public IReadOnlyList<FormattedValue> Formatted { get; internal set; } = formatted ?? [];
}

/// <summary>What running one cell produced: its outputs, an error (compile error, exception or failed magic command) and the time taken.</summary>
public sealed record CellResult(NotebookCell Cell, IReadOnlyList<NotebookOutput> Outputs, string? Error, double Seconds);
