namespace GapLab.Interactive.Magic;

/// <summary>
/// Runs one subcommand with validated arguments and returns its result value (displayed and bound to <c>--as</c> by the
/// registry), or null when it only displayed things. Throw <see cref="ArgumentException"/>, <see cref="FormatException"/> or
/// <see cref="System.IO.InvalidDataException"/> with a user-facing message for bad input.
/// </summary>
public delegate Task<object?> MagicHandler(MagicArguments arguments, IMagicContext context);
