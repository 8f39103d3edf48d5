using GapLab.Interactive.Magic;

namespace GapLab.Interactive.Commands;

/// <summary>Reads typed notebook variables named by a parameter, with one-line errors naming the variable and the expected types.</summary>
public static class NotebookVariables
{
    /// <summary>
    /// The value of the variable <paramref name="name"/> (given with <paramref name="parameter"/>);
    /// <paramref name="hint"/> says how to create it (for the message).
    /// </summary>
    public static object Get(IMagicContext context, string parameter, string name, string hint)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.TryGetVariable(name, out var value) || value is null)
            throw new ArgumentException($"{parameter} '{name}': no such variable in the C# kernel; create it first ({hint}).");
        return value;
    }

    /// <summary>The error for a variable of the wrong type.</summary>
    public static ArgumentException WrongType(string parameter, string name, object value, string expected) =>
        new($"{parameter} '{name}' is a {value.GetType().Name}; expected {expected}.");
}
