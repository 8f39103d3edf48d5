namespace GapLab.Jobs;

/// <summary>How a job parameter's value is written and checked, the same in the CLI and in a notebook magic.</summary>
public enum JobParameterKind
{
    /// <summary>Any non-empty text (a name, a spec, a path).</summary>
    Text,
    /// <summary>A whole number, invariant culture.</summary>
    Integer,
    /// <summary>A finite floating-point number, invariant culture.</summary>
    Number,
    /// <summary>One of <see cref="JobParameter.Choices"/> exactly.</summary>
    Choice,
    /// <summary>A switch without a value, off unless given.</summary>
    Flag,
}
