using System.Globalization;

namespace GapLab.Analysis;

/// <summary>
/// Formats a signed difference (a gap, a correlation) with an explicit sign and fixed decimals. .NET's "+0.000;-0.000" prints
/// "-+0.000" for a small negative number that rounds to zero; this prints "-0.000" (or "+0.000" for zero and small positives).
/// </summary>
public static class SignedNumber
{
    /// <summary><paramref name="value"/> with sign and <paramref name="decimals"/> decimals; <paramref name="nan"/> for NaN.</summary>
    public static string Format(double value, int decimals, string nan = "NaN")
    {
        if (double.IsNaN(value)) return nan;
        if (double.IsInfinity(value)) return value > 0 ? "+Inf" : "-Inf";
        string magnitude = Math.Abs(value).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : "+") + magnitude;
    }
}
