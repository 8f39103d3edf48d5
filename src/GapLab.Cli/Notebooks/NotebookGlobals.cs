namespace GapLab.Cli.Notebooks;

/// <summary>
/// What the C# cells of a notebook run by <c>gaplab notebook run</c> see besides their own code: <c>display(x)</c>, as in
/// .NET Interactive, and the values that <c>#!gaplab ... --as NAME</c> hands over before declaring <c>NAME</c>.
/// </summary>
public sealed class NotebookGlobals
{
    readonly Action<object> _display;
    readonly Dictionary<string, object> _pending = new(StringComparer.Ordinal);

    public NotebookGlobals(Action<object> display) => _display = display ?? throw new ArgumentNullException(nameof(display));

    /// <summary>Shows <paramref name="value"/> in the report, like .NET Interactive's <c>display</c>.</summary>
    public void display(object? value)
    {
        if (value is not null) _display(value);
    }

    /// <summary>Used by the declarations the runner generates for <c>--as</c> bindings.</summary>
    public object __gaplabTake(string name)
    {
        if (!_pending.Remove(name, out var value)) throw new InvalidOperationException($"No pending value for '{name}'.");
        return value;
    }

    internal void Hand(string name, object value) => _pending[name] = value;
}
