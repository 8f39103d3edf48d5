namespace GapLab.Interactive.Magic;

/// <summary>
/// The context a <see cref="MagicCommandRegistry"/> hands to its handlers: the host's context, with every displayed value (and its
/// redraws) also recorded in the session's <see cref="DisplayLog"/>, which it exposes as <see cref="IMagicContext.SessionOutputs"/>.
/// </summary>
sealed class LoggedMagicContext(IMagicContext inner, DisplayLog log) : IMagicContext
{
    public CancellationToken CancellationToken => inner.CancellationToken;

    public DisplayLog SessionOutputs => log;

    public IMagicDisplay Display(object value, string? mimeType = null) => new Both(inner.Display(value, mimeType), log.Add(value));

    public Task SetVariableAsync(string name, object value, Type type) => inner.SetVariableAsync(name, value, type);

    public bool TryGetVariable(string name, out object? value) => inner.TryGetVariable(name, out value);

    sealed class Both(IMagicDisplay shown, IMagicDisplay logged) : IMagicDisplay
    {
        public void Update(object value)
        {
            logged.Update(value);
            shown.Update(value);
        }
    }
}
