namespace GapLab.Interactive.Magic;

/// <summary>
/// What a magic-command handler may do in the notebook, independent of the .NET Interactive API. The extension's
/// <c>extension.dib</c> implements it over <c>KernelInvocationContext</c>; tests implement it in memory.
/// </summary>
public interface IMagicContext
{
    /// <summary>Cancelled when the user stops the cell.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Shows <paramref name="value"/> in the cell output (through the registered formatters) and returns a handle to redraw it.</summary>
    IMagicDisplay Display(object value, string? mimeType = null);

    /// <summary>Declares or overwrites the C# variable <paramref name="name"/> of type <paramref name="type"/>.</summary>
    Task SetVariableAsync(string name, object value, Type type);

    /// <summary>Reads the C# variable <paramref name="name"/>; false when it does not exist.</summary>
    bool TryGetVariable(string name, out object? value);

    /// <summary>What the session has shown so far (see <see cref="DisplayLog"/>); null when the host keeps no log.</summary>
    DisplayLog? SessionOutputs => null;
}

/// <summary>An output already shown in the cell, which can be redrawn in place (progress, live curves).</summary>
public interface IMagicDisplay
{
    void Update(object value);
}
