using System.Globalization;

namespace GapLab.Jobs;

/// <summary>
/// One parameter of a job, declared once: the <c>gaplab</c> option and the <c>#!gaplab</c> magic parameter are both generated from
/// it, so the two front ends take the same name, kind, default, range and help. <see cref="Check"/> is the one validation of a value.
/// </summary>
/// <param name="Name">With the dashes: <c>--examples</c>.</param>
/// <param name="Help">One or two sentences: what it sets, its unit, what the default means.</param>
/// <param name="Kind">How the value is written and checked.</param>
/// <param name="Choices">The accepted values of a Choice parameter.</param>
/// <param name="Required">True when the job cannot run without it.</param>
/// <param name="Default">The default as written on a command line (invariant culture), or null when the parameter is optional without one.</param>
/// <param name="Min">Smallest accepted value of an Integer or Number parameter (inclusive).</param>
/// <param name="Max">Largest accepted value of an Integer or Number parameter (inclusive).</param>
public sealed record JobParameter(
    string Name,
    string Help,
    JobParameterKind Kind = JobParameterKind.Text,
    string? Default = null,
    IReadOnlyList<string>? Choices = null,
    double? Min = null,
    double? Max = null,
    bool Required = false)
{
    /// <summary>Which front end offers it (<see cref="JobFrontEnd.Both"/> unless said otherwise).</summary>
    public JobFrontEnd FrontEnd { get; init; } = JobFrontEnd.Both;

    /// <summary>Why only one front end offers it; required when <see cref="FrontEnd"/> is not Both.</summary>
    public string? FrontEndReason { get; init; }

    /// <summary>Suggested values (a notebook's completion list) that are not a closed set, e.g. measure names beside cheap/all.</summary>
    public Func<IEnumerable<string>>? Suggestions { get; init; }

    /// <summary>A parameter only the CLI has, with the reason.</summary>
    public JobParameter OnlyInCli(string reason) => this with { FrontEnd = JobFrontEnd.Cli, FrontEndReason = reason };

    /// <summary>A parameter only a notebook has, with the reason.</summary>
    public JobParameter OnlyInNotebook(string reason) => this with { FrontEnd = JobFrontEnd.Notebook, FrontEndReason = reason };

    /// <summary>True when <paramref name="frontEnd"/> (Cli or Notebook) offers this parameter.</summary>
    public bool In(JobFrontEnd frontEnd) => FrontEnd == JobFrontEnd.Both || FrontEnd == frontEnd;

    /// <summary>
    /// Null when <paramref name="value"/> is acceptable, else one line naming the parameter, the value and what is accepted.
    /// A Flag's value is "true" or "false".
    /// </summary>
    public string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (Kind)
        {
            case JobParameterKind.Integer:
                if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                    return $"{Name} '{value}' is not a whole number (e.g. {Default ?? "42"}).";
                return InRange(l);
            case JobParameterKind.Number:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                    return $"{Name} '{value}' is not a finite number (e.g. {Default ?? "0.5"}).";
                return InRange(d);
            case JobParameterKind.Choice:
                var accepted = Choices ?? [];
                return accepted.Contains(value, StringComparer.Ordinal) ? null : $"{Name} '{value}' is not accepted; use one of: {string.Join(", ", accepted)}.";
            case JobParameterKind.Flag:
                return value is "true" or "false" ? null : $"{Name} is a switch and takes no value; got '{value}'.";
            default:
                return value.Length == 0 ? $"{Name} needs a value." : null;
        }
    }

    string? InRange(double v)
    {
        if ((Min is null || v >= Min) && (Max is null || v <= Max)) return null;
        // an upper bound at int.MaxValue only guards the conversion to int: say ">= min" as the user means it
        string range = (Min, Max is >= int.MaxValue && v <= Max ? null : Max) switch
        {
            ({ } lo, { } hi) => $"between {Format(lo)} and {Format(hi)}",
            ({ } lo, null) => $">= {Format(lo)}",
            (null, { } hi) => $"<= {Format(hi)}",
            _ => "",
        };
        return $"{Name} {Format(v)} must be {range}.";
    }

    /// <summary>Whole numbers from 10,000 up with thousands separators (1,000,000), others as written (0.5, 1024).</summary>
    static string Format(double v) => Math.Abs(v) >= 10_000 && v == Math.Floor(v) && Math.Abs(v) < 1e15
        ? v.ToString("#,0", CultureInfo.InvariantCulture)
        : v.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>An Integer parameter with an inclusive range.</summary>
    public static JobParameter Integer(string name, string help, long? defaultValue, long? min = null, long? max = null) =>
        new(name, help, JobParameterKind.Integer, defaultValue?.ToString(CultureInfo.InvariantCulture), Min: min, Max: max);

    /// <summary>A Number parameter with an inclusive range.</summary>
    public static JobParameter Number(string name, string help, double? defaultValue, double? min = null, double? max = null) =>
        new(name, help, JobParameterKind.Number, defaultValue?.ToString("R", CultureInfo.InvariantCulture), Min: min, Max: max);

    /// <summary>A Choice parameter over a closed list.</summary>
    public static JobParameter Choice(string name, string help, IReadOnlyList<string> choices, string? defaultValue) =>
        new(name, help, JobParameterKind.Choice, defaultValue, choices);

    /// <summary>A switch, off unless given.</summary>
    public static JobParameter Flag(string name, string help) => new(name, help, JobParameterKind.Flag);

    /// <summary>A text parameter (optional unless <paramref name="required"/>).</summary>
    public static JobParameter Text(string name, string help, string? defaultValue = null, bool required = false) =>
        new(name, help, JobParameterKind.Text, defaultValue, Required: required);
}
