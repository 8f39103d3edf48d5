namespace GapLab.Interactive.Magic;

/// <summary>
/// The values a session has shown so far, in order, each in its latest state (a value redrawn in place, such as a progress bar,
/// keeps only its last drawing). A <see cref="MagicCommandRegistry"/> fills it with what its commands display; a host that runs
/// code (e.g. <c>gaplab notebook run</c>) adds the values its cells show. <c>#!gaplab report</c> writes it to a report.
/// </summary>
public sealed class DisplayLog
{
    readonly List<Entry> _entries = [];

    /// <summary>Number of values shown so far.</summary>
    public int Count { get { lock (_entries) return _entries.Count; } }

    /// <summary>Records a shown value; the returned handle replaces it when the output is redrawn.</summary>
    public IMagicDisplay Add(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var entry = new Entry(this, value);
        lock (_entries) _entries.Add(entry);
        return entry;
    }

    /// <summary>The values shown so far, each in its latest state.</summary>
    public IReadOnlyList<object> Snapshot()
    {
        lock (_entries) return _entries.Select(e => e.Value).ToArray();
    }

    sealed class Entry(DisplayLog log, object value) : IMagicDisplay
    {
        public object Value { get; private set; } = value;

        public void Update(object value)
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (log._entries) Value = value;
        }
    }
}
