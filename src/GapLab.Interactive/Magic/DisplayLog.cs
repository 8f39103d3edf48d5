using GapLab.Interactive.Reports;
using TorchSharp;

namespace GapLab.Interactive.Magic;

/// <summary>
/// The values a session has shown so far, in order, each in its latest state (a value redrawn in place, such as a progress bar,
/// keeps only its last drawing). A <see cref="MagicCommandRegistry"/> fills it with what its commands display; a host that runs
/// code (e.g. <c>gaplab notebook run</c>) adds the values its cells show. <c>#!gaplab report</c> writes it to a report.
/// Bounded: it keeps the latest <see cref="Capacity"/> values (<see cref="Dropped"/> counts the older ones let go), and a
/// tensor or module is kept as its rendered HTML, never as the live object.
/// </summary>
public sealed class DisplayLog(int capacity = DisplayLog.DefaultCapacity)
{
    public const int DefaultCapacity = 1000;

    readonly LinkedList<Entry> _entries = new();

    /// <summary>The most values kept.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be at least 1");

    /// <summary>Number of values kept (at most <see cref="Capacity"/>).</summary>
    public int Count { get { lock (_entries) return _entries.Count; } }

    /// <summary>Number of earlier values let go because the log was full.</summary>
    public int Dropped { get; private set; }

    /// <summary>Records a shown value; the returned handle replaces it when the output is redrawn.</summary>
    public IMagicDisplay Add(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var entry = new Entry(this, Kept(value));
        lock (_entries)
        {
            entry.Node = _entries.AddLast(entry);
            while (_entries.Count > Capacity)
            {
                _entries.First!.Value.Node = null;
                _entries.RemoveFirst();
                Dropped++;
            }
        }
        return entry;
    }

    /// <summary>The values shown so far, each in its latest state.</summary>
    public IReadOnlyList<object> Snapshot()
    {
        lock (_entries) return _entries.Select(e => e.Value).ToArray();
    }

    /// <summary>What the log keeps of <paramref name="value"/>: tensors and modules as their HTML, everything else as is.</summary>
    static object Kept(object value) => value is torch.Tensor or torch.nn.Module ? new RenderedHtml(ValueHtml.Render(value)) : value;

    sealed class Entry(DisplayLog log, object value) : IMagicDisplay
    {
        public object Value { get; private set; } = value;

        public LinkedListNode<Entry>? Node { get; set; }

        public void Update(object value)
        {
            ArgumentNullException.ThrowIfNull(value);
            var kept = Kept(value);
            lock (log._entries) Value = kept; // an entry already let go is updated harmlessly
        }
    }
}
