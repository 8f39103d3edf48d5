namespace GapLab.Cli.Notebooks;

/// <summary>One output of a cell: a displayed value, redrawn in place by later updates (live progress keeps its last state).</summary>
public sealed class NotebookOutput(object value)
{
    public object Value { get; internal set; } = value;
}

/// <summary>What running one cell produced: its outputs, an error (compile error, exception or failed magic command) and the time taken.</summary>
public sealed record CellResult(NotebookCell Cell, IReadOnlyList<NotebookOutput> Outputs, string? Error, double Seconds);
