namespace GapLab.Interactive;

/// <summary>
/// plotly.js once per notebook kernel session: the first chart drawn with <see cref="Script"/> carries the library, every later
/// one draws with the <c>window.Plotly</c> it set (waiting for it while the page loads, e.g. an executed .ipynb rendered to HTML).
/// <see cref="Current"/> is the session of this process (one kernel = one process), used by the registered notebook formatters;
/// <see cref="Reset"/> makes the next chart carry plotly.js again, e.g. after the output that carried it was cleared.
/// </summary>
public sealed class PlotlySession
{
    readonly object _gate = new();
    bool _sent;

    public PlotlySession(PlotlyScript library)
    {
        ArgumentNullException.ThrowIfNull(library);
        if (library.IsPreloaded) throw new ArgumentException("A plotly session needs the library itself, not PlotlyScript.Preloaded.", nameof(library));
        Library = library;
        Script = PlotlyScript.OncePer(this);
    }

    /// <summary>The session of this process, with <see cref="PlotlyScript.Default"/>.</summary>
    public static PlotlySession Current { get; } = new(PlotlyScript.Default);

    /// <summary>The plotly.js this session sends.</summary>
    public PlotlyScript Library { get; }

    /// <summary>Give this to chart formatters: its tag is <see cref="Library"/>'s the first time a chart is written, then empty.</summary>
    public PlotlyScript Script { get; }

    /// <summary>True once a chart carried plotly.js.</summary>
    public bool Sent { get { lock (_gate) return _sent; } }

    /// <summary>The next chart carries plotly.js again.</summary>
    public void Reset()
    {
        lock (_gate) _sent = false;
    }

    /// <summary>True for the first caller (who then writes the library), false afterwards.</summary>
    internal bool TryTake()
    {
        lock (_gate)
        {
            if (_sent) return false;
            _sent = true;
            return true;
        }
    }
}
