using System.Text.Json;
using GapLab.Interactive.Commands;

namespace GapLab.Interactive.Magic;

/// <summary>
/// The notebook session's <c>#!gaplab</c> registry, pre-loaded with the built-in subcommands (<see cref="BuiltInCommands"/>).
/// <c>extension.dib</c> turns <see cref="Descriptors"/> into kernel directives and forwards every invocation to <see cref="InvokeDirectiveAsync"/>.
/// More subcommands are added with <see cref="Register"/> before the extension is loaded (or before the kernel re-reads directives).
/// </summary>
public static class MagicCommands
{
    /// <summary>The root magic command.</summary>
    public const string RootName = "#!gaplab";

    /// <summary>The session registry (one per kernel process: the package loads once per kernel).</summary>
    public static MagicCommandRegistry Registry { get; } = BuiltInCommands.CreateRegistry();

    public static IReadOnlyList<MagicCommandDescriptor> Descriptors => Registry.Descriptors;

    public static MagicResult? LastResult => Registry.LastResult;

    public static void Register(MagicCommandDescriptor descriptor, MagicHandler handler) => Registry.Register(descriptor, handler);

    public static Task<MagicResult> Invoke(string subcommand, IReadOnlyDictionary<string, string?> arguments, IMagicContext context) =>
        Registry.InvokeAsync(subcommand, arguments, context);

    public static Task<MagicResult> InvokeDirectiveAsync(string? invokedDirective, IEnumerable<KeyValuePair<string, JsonElement>>? boundProperties, IMagicContext context, string? rawLine = null) =>
        Registry.InvokeDirectiveAsync(invokedDirective, boundProperties, context, rawLine);

    /// <summary>The one line extension.dib shows when the kernel loads the package: <c>GapLab 0.1.0 loaded: #!gaplab</c>.</summary>
    public static string LoadedMessage => $"GapLab {GapLab.Runtime.TorchEnvironment.GapLabVersion()} loaded: {RootName}";
}
