namespace GapLab.Interactive.Commands;

/// <summary>An <see cref="IProgress{T}"/> that calls its action on the reporting thread (no synchronisation-context hop).</summary>
public sealed class ProgressSink<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
