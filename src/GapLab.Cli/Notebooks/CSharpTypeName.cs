namespace GapLab.Cli.Notebooks;

/// <summary>C# source names of runtime types, for declaring script variables: <c>global::System.Collections.Generic.List&lt;global::GapLab.Suites.RunRecord&gt;</c>.</summary>
public static class CSharpTypeName
{
    /// <summary>The nearest type a script can name: <paramref name="type"/> itself when it is public, else its first public base type.</summary>
    public static Type Nameable(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (IsVisible(t)) return t;
        return typeof(object);
    }

    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsArray) return Of(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.DeclaringType is { IsGenericType: true })
            throw new ArgumentException($"Type {type} is nested in a generic type; declare the variable with a non-nested type.");
        string prefix = type.DeclaringType is { } outer ? Of(outer) + "." : "global::" + (string.IsNullOrEmpty(type.Namespace) ? "" : type.Namespace + ".");
        var name = type.Name;
        int tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        var args = type.GetGenericArguments();
        return prefix + name + (args.Length == 0 ? "" : "<" + string.Join(", ", args.Select(Of)) + ">");
    }

    /// <summary>The assemblies a script needs to name <paramref name="type"/>.</summary>
    public static IEnumerable<System.Reflection.Assembly> Assemblies(Type type)
    {
        if (type.IsArray) return Assemblies(type.GetElementType()!);
        return type.GetGenericArguments().SelectMany(Assemblies).Prepend(type.Assembly).Distinct();
    }

    static bool IsVisible(Type t) =>
        (t.IsPublic || t.IsNestedPublic && t.DeclaringType is { } d && IsVisible(d)) && t.GetGenericArguments().All(a => IsVisible(a) || a.IsGenericParameter);
}
