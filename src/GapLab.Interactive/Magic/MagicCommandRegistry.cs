using System.Text.Json;

namespace GapLab.Interactive.Magic;

/// <summary>
/// The subcommands of <c>#!gaplab</c>: descriptors (for the kernel's parser, hover help and completions) and their handlers.
/// <see cref="InvokeAsync"/> validates, runs, displays and binds; every failure comes back as a <see cref="MagicResult"/>.
/// </summary>
public sealed class MagicCommandRegistry
{
    readonly List<(MagicCommandDescriptor Descriptor, MagicHandler Handler)> _commands = [];

    /// <summary>Registered subcommands, in registration order.</summary>
    public IReadOnlyList<MagicCommandDescriptor> Descriptors => _commands.Select(c => c.Descriptor).ToArray();

    /// <summary>Every value this registry's commands displayed (and whatever the host adds), for <c>#!gaplab report</c>.</summary>
    public DisplayLog Outputs { get; } = new();

    /// <summary>The last result, kept so a value survives a failed <c>--as</c> binding or a lost output.</summary>
    public MagicResult? LastResult { get; private set; }

    /// <summary>Adds a subcommand. Names must be unique; parameter names start with <c>--</c> and are unique per command.</summary>
    public void Register(MagicCommandDescriptor descriptor, MagicHandler handler)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(handler);
        if (string.IsNullOrWhiteSpace(descriptor.Name) || descriptor.Name.StartsWith('-') || descriptor.Name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"Subcommand name '{descriptor.Name}' must be one word not starting with '-'.");
        if (_commands.Any(c => c.Descriptor.Name == descriptor.Name))
            throw new ArgumentException($"Subcommand '{descriptor.Name}' is already registered; registered: {string.Join(", ", _commands.Select(c => c.Descriptor.Name))}.");
        foreach (var p in descriptor.Parameters)
        {
            if (!p.Name.StartsWith("--", StringComparison.Ordinal) || p.Name.Length < 3 || !MagicNames.IsIdentifier(p.CamelCaseName))
                throw new ArgumentException($"Parameter '{p.Name}' of '{descriptor.Name}' must look like --name or --two-words.");
            if (descriptor.Parameters.Count(q => q.Name == p.Name) > 1)
                throw new ArgumentException($"Parameter '{p.Name}' appears twice in '{descriptor.Name}'.");
            if (p.Kind == MagicParameterKind.Choice && p.CompletionValues().Count == 0)
                throw new ArgumentException($"Choice parameter '{p.Name}' of '{descriptor.Name}' needs its accepted values as Completions.");
        }
        if (descriptor.FindParameter(MagicSettings.ParameterName) is null)
            descriptor = descriptor with { Parameters = [.. descriptor.Parameters, MagicSettings.Parameter] };
        _commands.Add((descriptor, handler));
    }

    public MagicCommandDescriptor? Find(string name) => _commands.FirstOrDefault(c => c.Descriptor.Name == name).Descriptor;

    /// <summary>
    /// Runs <paramref name="subcommand"/> with raw <c>--name value</c> arguments: validates them, calls the handler, displays
    /// a non-null result and binds it to the variable named by <c>--as</c>.
    /// </summary>
    public async Task<MagicResult> InvokeAsync(string subcommand, IReadOnlyDictionary<string, string?> arguments, IMagicContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await InvokeCoreAsync(subcommand, arguments ?? new Dictionary<string, string?>(), new LoggedMagicContext(context, Outputs));
        LastResult = result;
        return result;
    }

    async Task<MagicResult> InvokeCoreAsync(string subcommand, IReadOnlyDictionary<string, string?> arguments, IMagicContext context)
    {
        var entry = _commands.FirstOrDefault(c => c.Descriptor.Name == subcommand);
        if (entry.Descriptor is null)
            return MagicResult.Failure($"{MagicCommands.RootName}: unknown subcommand '{subcommand}'; use one of: {string.Join(", ", _commands.Select(c => c.Descriptor.Name))}.");
        var (expanded, settingsError) = MagicSettings.Expand(entry.Descriptor, arguments);
        if (expanded is null) return MagicResult.Failure(settingsError!);
        var (args, error) = MagicArgumentValidator.Validate(entry.Descriptor, expanded);
        if (args is null) return MagicResult.Failure(error!);

        object? value;
        try
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            value = await entry.Handler(args, context);
        }
        catch (OperationCanceledException)
        {
            return MagicResult.Failure($"{MagicCommands.RootName} {subcommand}: cancelled.");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException)
        {
            return MagicResult.Failure($"{MagicCommands.RootName} {subcommand}: {e.Message}");
        }

        if (value is null)
            return args.As is { } name
                ? MagicResult.Failure($"{MagicCommands.RootName} {subcommand}: produced no value to store in '{name}'.")
                : MagicResult.Success(null);

        context.Display(value);
        if (args.As is not { } variable) return MagicResult.Success(value);
        try
        {
            await context.SetVariableAsync(variable, value, VariableType.Of(value.GetType()));
            return MagicResult.Success(value, variable);
        }
        catch (Exception e)
        {
            return MagicResult.Failure(
                $"{MagicCommands.RootName} {subcommand}: the result was computed and shown but could not be stored in '{variable}' ({e.Message}); " +
                $"it is kept in {nameof(MagicCommands)}.{nameof(MagicCommands.LastResult)}.Value.", value);
        }
    }

    /// <summary>
    /// Entry point for the kernel: <paramref name="invokedDirective"/> is the directive path the kernel reports
    /// (<c>#!gaplab device</c>), <paramref name="boundProperties"/> the command's JSON properties (camelCase parameter names),
    /// <paramref name="rawLine"/> the line as written in the cell, when the host can see it. The kernel drops unknown
    /// subcommands and parameters before calling the handler, so they are found in <paramref name="rawLine"/>; a property
    /// bound to null (a null <c>@csharp:</c> value, or every value of a line with two of them) is refused.
    /// A bare <c>#!gaplab</c> displays <see cref="HelpText"/>.
    /// </summary>
    public Task<MagicResult> InvokeDirectiveAsync(string? invokedDirective, IEnumerable<KeyValuePair<string, JsonElement>>? boundProperties, IMagicContext context, string? rawLine = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var words = (invokedDirective ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0 && words[0] != MagicCommands.RootName)
            return Task.FromResult(MagicResult.Failure($"'{invokedDirective}' is not a {MagicCommands.RootName} command."));
        if (rawLine is not null && CheckLine(rawLine) is { } lineError)
            return Task.FromResult(Remember(MagicResult.Failure(lineError)));
        if (words.Length < 2)
        {
            var help = new MagicHelp(HelpText());
            context.Display(help);
            return Task.FromResult(MagicResult.Success(help));
        }
        var command = Find(words[1]);
        if (command is null) return InvokeAsync(words[1], new Dictionary<string, string?>(), context);
        var raw = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, element) in boundProperties ?? [])
        {
            if (KernelPlumbingProperties.Contains(key)) continue;
            var parameter = command.Parameters.FirstOrDefault(p => string.Equals(p.CamelCaseName, key, StringComparison.OrdinalIgnoreCase));
            var name = parameter?.Name ?? key;
            if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                return Task.FromResult(Remember(MagicResult.Failure(
                    $"{MagicCommands.RootName} {command.Name}: {name} arrived as null: its @csharp: value is null, or the line has two or more " +
                    $"@csharp: values (the kernel then asks for input and binds every one to null); give one @csharp: value per line " +
                    $"and pass several with {MagicSettings.ParameterName} @csharp:SETTINGS (e.g. var settings = new {{ TrainSize = 400, TestSize = 300 }};).")));
            raw[name] = ToText(element);
        }
        return InvokeAsync(command.Name, raw, context);
    }

    MagicResult Remember(MagicResult result)
    {
        LastResult = result;
        return result;
    }

    /// <summary>
    /// The problems of a <c>#!gaplab</c> line that the kernel hides from the handler, as one line naming what is accepted:
    /// an unknown subcommand or parameter, or more than one <c>@csharp:</c> value (which the kernel cannot bind); null when fine.
    /// </summary>
    public string? CheckLine(string line)
    {
        var error = CheckLineUnescaped(line);
        // one line even when the line quoted in it holds a lone carriage return or another control character
        return error is null ? null : string.Concat(error.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }

    string? CheckLineUnescaped(string line)
    {
        MagicLine magic;
        try { magic = MagicLine.Parse(line, this); }
        catch (FormatException e) { return e.Message; }
        if (magic.Subcommand is null) return null;
        var command = Find(magic.Subcommand);
        if (command is null)
            return $"{MagicCommands.RootName}: unknown subcommand '{magic.Subcommand}'; use one of: {string.Join(", ", _commands.Select(c => c.Descriptor.Name))}.";
        foreach (var name in magic.Arguments.Keys)
            if (command.FindParameter(name) is null)
                return $"{MagicCommands.RootName} {command.Name}: unknown parameter '{name}'; accepted: {string.Join(", ", command.Parameters.Select(p => p.Name))}.";
        var references = magic.Arguments.Where(a => a.Value?.StartsWith(MagicLine.ValueReferencePrefix, StringComparison.Ordinal) == true).Select(a => a.Key).ToList();
        if (references.Count > 1)
            return $"{MagicCommands.RootName} {command.Name}: {string.Join(" and ", references)} take {MagicLine.ValueReferencePrefix} values; the kernel binds " +
                   $"a line with two or more of them to null after asking for input: keep one per line and pass the others with " +
                   $"{MagicSettings.ParameterName} {MagicLine.ValueReferencePrefix}SETTINGS (e.g. var settings = new {{ TrainSize = 400, TestSize = 300 }};).";
        return null;
    }

    /// <summary>Properties the kernel writes into every directive command besides the parameters.</summary>
    static readonly HashSet<string> KernelPlumbingProperties = new(StringComparer.OrdinalIgnoreCase)
        { "invokedDirective", "targetKernelName", "originUri", "destinationUri", "token", "routingSlip", "id" };

    static string? ToText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => e.GetRawText(),
    };

    /// <summary>Usage of every subcommand, one block each.</summary>
    public string HelpText() => string.Join(Environment.NewLine + Environment.NewLine, _commands.Select(c =>
        c.Descriptor.Usage + Environment.NewLine + "    " + c.Descriptor.Description + string.Concat(
            c.Descriptor.Parameters.Select(p => Environment.NewLine + $"    {p.Name,-14} {p.Description}" + (p.DefaultValue is null ? "" : $" (default {p.DefaultValue})")))));
}

/// <summary>The help text shown by a bare <c>#!gaplab</c>.</summary>
public sealed record MagicHelp(string Text)
{
    public override string ToString() => Text;
}
