using System.Globalization;

namespace GapLab.Models;

/// <summary>Python source literals for <see cref="IModelBuilder.PyTorchEquivalent"/> strings.</summary>
internal static class PythonLiteral
{
    /// <summary>A float as Python prints it: <c>0.0</c>, <c>0.5</c>, <c>1.0</c>.</summary>
    public static string Float(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s : s + ".0";
    }

    public static string Bool(bool v) => v ? "True" : "False";

    /// <summary>Python's <c>int(round(x))</c> (round half to even), used to turn width multipliers into channel counts.</summary>
    public static int Round(double v) => (int)Math.Round(v, MidpointRounding.ToEven);
}
