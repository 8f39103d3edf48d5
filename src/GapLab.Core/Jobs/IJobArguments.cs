namespace GapLab.Jobs;

/// <summary>
/// A job's parameter values as a front end parsed them (the CLI's parse result, a magic line's arguments), defaults filled in and
/// each value already passed <see cref="JobParameter.Check"/>. A job builds its request from these in one place.
/// </summary>
public interface IJobArguments
{
    /// <summary>The value as written (or the default), null when neither was given.</summary>
    string? Text(string name);

    /// <summary>True when the switch was given.</summary>
    bool Flag(string name);

    /// <summary>An Integer parameter's value, null when neither given nor defaulted.</summary>
    long? Integer(string name) => Text(name) is { } s ? long.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>A Number parameter's value, null when neither given nor defaulted.</summary>
    double? Number(string name) => Text(name) is { } s ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;
}
