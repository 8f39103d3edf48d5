using System.Diagnostics;
using GapLab.Interactive.Magic;

namespace GapLab.Interactive.Commands;

/// <summary>
/// A cell output shown once and redrawn in place, at most once per <see cref="Interval"/> (forced updates, e.g. at the end of
/// an epoch, always go through). Safe to call from the training thread.
/// </summary>
public sealed class ThrottledDisplay
{
    /// <summary>Default minimum time between two redraws.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(0.5);

    readonly IMagicDisplay _display;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly object _gate = new();
    TimeSpan _lastUpdate;

    /// <summary>Displays <paramref name="initial"/> in <paramref name="context"/>.</summary>
    public ThrottledDisplay(IMagicContext context, object initial, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(initial);
        Interval = interval ?? DefaultInterval;
        _display = context.Display(initial);
    }

    public TimeSpan Interval { get; }

    /// <summary>Redraws that went through (not counting the first display).</summary>
    public int Updates { get; private set; }

    /// <summary>Redraws with <paramref name="value"/> unless the last redraw was less than <see cref="Interval"/> ago and <paramref name="force"/> is false.</summary>
    public void Update(object value, bool force = false)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            if (!force && now - _lastUpdate < Interval) return;
            _lastUpdate = now;
            Updates++;
            _display.Update(value);
        }
    }
}
