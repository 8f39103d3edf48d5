using GapLab.Interactive.Magic;

namespace GapLab.Interactive.Tests;

/// <summary>An in-memory notebook: records displayed values and their updates, holds variables.</summary>
sealed class RecordingMagicContext : IMagicContext
{
    public List<object> Displayed { get; } = [];
    public Dictionary<string, (object Value, Type Type)> Variables { get; } = [];
    public CancellationToken CancellationToken { get; init; }
    public string? RejectVariableWith { get; init; }
    /// <summary>Every in-place redraw, in order.</summary>
    public List<object> Updates { get; } = [];
    /// <summary>Called after each redraw (e.g. to cancel mid-run).</summary>
    public Action<object>? OnUpdate { get; init; }

    public IMagicDisplay Display(object value, string? mimeType = null)
    {
        Displayed.Add(value);
        return new Shown(this, Displayed.Count - 1);
    }

    public Task SetVariableAsync(string name, object value, Type type)
    {
        if (RejectVariableWith is not null) throw new InvalidOperationException(RejectVariableWith);
        Variables[name] = (value, type);
        return Task.CompletedTask;
    }

    public bool TryGetVariable(string name, out object? value)
    {
        var found = Variables.TryGetValue(name, out var v);
        value = found ? v.Value : null;
        return found;
    }

    sealed class Shown(RecordingMagicContext owner, int index) : IMagicDisplay
    {
        public void Update(object value)
        {
            lock (owner.Updates)
            {
                owner.Displayed[index] = value;
                owner.Updates.Add(value);
            }
            owner.OnUpdate?.Invoke(value);
        }
    }
}
