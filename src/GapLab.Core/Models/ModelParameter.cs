using GapLab.IO;
using System.Globalization;

namespace GapLab.Models;

/// <summary>The value type of a model parameter.</summary>
public enum ParameterKind { Integer, Real, Boolean }

/// <summary>
/// One parameter of an architecture: name, type, default, meaning and the accepted range (inclusive).
/// <see cref="Normalize"/> turns a written value into its canonical invariant text.
/// </summary>
public sealed record ModelParameter(string Name, ParameterKind Kind, string Default, string Description, double Min = double.NegativeInfinity, double Max = double.PositiveInfinity)
{
    /// <summary>Parses <paramref name="text"/> as this parameter's kind and checks its range.</summary>
    /// <exception cref="FormatException">Not a value of this kind.</exception>
    /// <exception cref="ArgumentException">Outside [Min, Max].</exception>
    public object Parse(string text, string model)
    {
        object value;
        double numeric;
        switch (Kind)
        {
            case ParameterKind.Integer:
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i))
                    throw new FormatException($"Model '{model}': parameter '{Name}' must be an integer, got '{text}'.");
                value = i; numeric = i;
                break;
            case ParameterKind.Real:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d))
                    throw new FormatException($"Model '{model}': parameter '{Name}' must be a finite number, got '{text}'.");
                value = d; numeric = d;
                break;
            default:
                value = text.ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" => true,
                    "false" or "0" or "no" => false,
                    _ => throw new FormatException($"Model '{model}': parameter '{Name}' must be true or false, got '{text}'."),
                };
                return value;
        }
        if (numeric < Min || numeric > Max)
            throw new ArgumentException($"Model '{model}': parameter '{Name}' = {text} is outside the accepted range {RangeText}.");
        return value;
    }

    /// <summary>The canonical text of a value: invariant culture, shortest round-trip form, booleans as true/false.</summary>
    public static string Format(object value) => value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new ArgumentException($"Unsupported parameter value type {value.GetType().Name}."),
    };

    /// <summary>Parses and re-prints <paramref name="text"/> canonically (e.g. <c>1.0</c> becomes <c>1</c>).</summary>
    public string Normalize(string text, string model) => Format(Parse(text, model));

    /// <summary>The accepted range, e.g. <c>[0, 1]</c>, or empty for booleans.</summary>
    public string RangeText => Kind == ParameterKind.Boolean ? "{true, false}"
        : $"[{(double.IsNegativeInfinity(Min) ? "-inf" : Min.ToString(CultureInfo.InvariantCulture))}, {(double.IsPositiveInfinity(Max) ? "inf" : Max.ToString(CultureInfo.InvariantCulture))}]";

    public override string ToString() => $"{Name}={Default} ({Kind.Text()} in {RangeText}): {Description}";
}
