namespace GapLab.Interactive.Magic;

/// <summary>
/// Outcome of one magic-command invocation. On failure <see cref="Error"/> is a one-line message for the user; a value the
/// handler produced before the failure (e.g. when binding <c>--as</c> failed) is still in <see cref="Value"/>.
/// </summary>
public sealed record MagicResult(bool Succeeded, object? Value, string? Error, string? BoundVariable)
{
    public static MagicResult Success(object? value, string? boundVariable = null) => new(true, value, null, boundVariable);
    public static MagicResult Failure(string error, object? value = null) => new(false, value, error, null);
}
