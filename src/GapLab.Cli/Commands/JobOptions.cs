using System.CommandLine;
using GapLab.Jobs;

namespace GapLab.Cli.Commands;

/// <summary>
/// The <c>gaplab</c> options of a job, generated from its <see cref="JobParameter"/> declarations in Core (the notebook's magic
/// parameters come from the same list): one option per parameter the CLI offers, with the declared default, and the declared
/// <see cref="JobParameter.Check"/> as its validator, so a bad value is the same one line in both front ends.
/// </summary>
internal sealed class JobOptions
{
    readonly Dictionary<string, (JobParameter Parameter, Option Option)> _options = new(StringComparer.Ordinal);

    public JobOptions(IEnumerable<JobParameter> parameters)
    {
        foreach (var p in parameters.Where(p => p.In(JobFrontEnd.Cli)))
            _options.Add(p.Name, (p, Create(p)));
    }

    /// <summary>The generated option named <paramref name="name"/> (e.g. to read it with ParseResult.GetValue).</summary>
    public Option this[string name] => _options.TryGetValue(name, out var o) ? o.Option : throw new ArgumentException($"no job option {name}");

    public IEnumerable<Option> All => _options.Values.Select(o => o.Option);

    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    /// <summary>The values of one parse, as the job's request builder reads them.</summary>
    public IJobArguments Bind(ParseResult parse) => new Parsed(parse, this);

    static Option Create(JobParameter p)
    {
        if (p.Kind == JobParameterKind.Flag) return new Option<bool>(p.Name) { Description = p.Help };
        var option = new Option<string>(p.Name) { Description = Describe(p), Required = p.Required };
        if (p.Default is { } d) option.DefaultValueFactory = _ => d;
        if (p.Choices is { } choices) option.CompletionSources.Add(choices.ToArray());
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && p.Check(value) is { } error) result.AddError(error);
        });
        return option;
    }

    static string Describe(JobParameter p) => p.Choices is { Count: > 0 } c && !p.Help.Contains(c[0], StringComparison.Ordinal)
        ? $"{p.Help} ({string.Join(" | ", c)})"
        : p.Help;

    sealed class Parsed(ParseResult parse, JobOptions options) : IJobArguments
    {
        public string? Text(string name) => options._options.TryGetValue(name, out var o)
            ? o.Option is Option<bool> flag ? (parse.GetValue(flag) ? "true" : null) : parse.GetValue((Option<string>)o.Option)
            : throw new ArgumentException($"the CLI has no option {name}");

        public bool Flag(string name) => options._options.TryGetValue(name, out var o) && o.Option is Option<bool> flag
            ? parse.GetValue(flag)
            : throw new ArgumentException($"the CLI has no switch {name}");
    }
}
