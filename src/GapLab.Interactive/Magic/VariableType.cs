namespace GapLab.Interactive.Magic;

/// <summary>The type a notebook variable set by <c>--as</c> is declared with.</summary>
public static class VariableType
{
    /// <summary>
    /// <paramref name="type"/>, except for a case class nested in the type it derives from (an F# union case such as Plotly.NET's
    /// <c>GenericChart+Chart</c>, which the kernel cannot declare: "error CS1002: ; expected"): then the union type, <c>GenericChart</c>.
    /// </summary>
    public static Type Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var t = type;
        while (t.DeclaringType is { } outer && outer.IsAssignableFrom(t)) t = outer;
        return t;
    }
}
