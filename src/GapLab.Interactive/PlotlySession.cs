namespace GapLab.Interactive;

/// <summary>
/// plotly.js once per notebook kernel session. The first chart output drawn with <see cref="Script"/> carries the library; every
/// later chart draws with the <c>window.Plotly</c> it set (waiting for it while the page loads, e.g. an executed .ipynb rendered
/// to HTML). Live outputs that are redrawn in place (training progress with its curve) use <see cref="LiveScript"/>: they carry
/// the library only while no chart has, and do not count as the carrier, because their last state replaces it; the next chart
/// drawn with <see cref="Script"/> then carries it, so a saved notebook still holds one copy.
/// <see cref="Current"/> is the session of this process (one kernel = one process), used by the registered notebook formatters;
/// <see cref="Reset"/> makes the next chart carry plotly.js again, e.g. after the output that carried it was cleared.
/// </summary>
public sealed class PlotlySession
{
    readonly object _gate = new();
    bool _sent, _sentLive;

    public PlotlySession(PlotlyScript library)
    {
        ArgumentNullException.ThrowIfNull(library);
        if (library.IsPreloaded) throw new ArgumentException("A plotly session needs the library itself, not PlotlyScript.Preloaded.", nameof(library));
        Library = library;
        Script = PlotlyScript.OncePer(this, live: false);
        LiveScript = PlotlyScript.OncePer(this, live: true);
    }

    /// <summary>The session of this process, with <see cref="PlotlyScript.Default"/>.</summary>
    public static PlotlySession Current { get; } = new(PlotlyScript.Default);

    /// <summary>The plotly.js this session sends.</summary>
    public PlotlyScript Library { get; }

    /// <summary>For chart outputs that stay: its tag is <see cref="Library"/>'s the first time, then empty.</summary>
    public PlotlyScript Script { get; }

    /// <summary>For outputs redrawn in place: its tag is <see cref="Library"/>'s while no chart output has carried it yet.</summary>
    public PlotlyScript LiveScript { get; }

    /// <summary>True once a chart output that stays carried plotly.js.</summary>
    public bool Sent { get { lock (_gate) return _sent; } }

    /// <summary>The next chart carries plotly.js again.</summary>
    public void Reset()
    {
        lock (_gate) _sent = _sentLive = false;
    }

    /// <summary>True when the caller is to write the library: the first output that stays, or the first live output before any.</summary>
    internal bool TryTake(bool live)
    {
        lock (_gate)
        {
            if (live)
            {
                if (_sent || _sentLive) return false;
                return _sentLive = true;
            }
            if (_sent) return false;
            return _sent = true;
        }
    }
}
