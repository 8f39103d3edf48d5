using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Data.Analysis;

namespace GapLab.IO;

/// <summary>
/// Turns lists of plain records into a <see cref="DataFrame"/> and writes CSV.
/// Columns: the public readable instance properties of <c>T</c> (base type first, then declaration order), named in
/// snake_case. double, float, int, long, bool, DateTime (and their nullables) become typed columns; string and enum
/// (by name) become string columns; other scalar value types (decimal, TimeSpan, Guid, ...) are written as invariant
/// strings. Nested records/classes are flattened as <c>parent_child</c> (up to 4 levels; a null parent gives nulls).
/// Skipped: collections (any non-string IEnumerable, e.g. lists, arrays, dictionaries), delegates, IDisposable
/// objects such as tensors and modules, and a type nested in itself.
/// </summary>
public static class RecordFrame
{
    const int MaxDepth = 4;

    /// <summary>One row per record, one column per (flattened) property of <typeparamref name="T"/>.</summary>
    public static DataFrame ToDataFrame<T>(IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = records.Cast<object?>().ToList();
        var columns = new List<Column>();
        Plan(typeof(T), "", o => o, columns, [typeof(T)]);
        if (columns.Count == 0)
            throw new ArgumentException($"Type {typeof(T).Name} has no public properties of a supported kind to turn into columns.", nameof(records));
        var duplicate = columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Two properties of {typeof(T).Name} map to the same column name '{duplicate.Key}'; rename one.", nameof(records));
        return new DataFrame(columns.Select(c => c.Build(rows)));
    }

    /// <summary>Writes <paramref name="frame"/> as CSV (header row, invariant culture, RFC 4180 quoting, "\n" line ends, empty = null).</summary>
    public static void ToCsv(DataFrame frame, TextWriter writer) => ToCsv(frame, writer, includeHeader: true);

    /// <summary>Writes the rows of <paramref name="frame"/> as CSV, with or without the header row (for appending to a file).</summary>
    public static void ToCsv(DataFrame frame, TextWriter writer, bool includeHeader)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(writer);
        if (includeHeader)
        {
            writer.Write(string.Join(",", frame.Columns.Select(c => Quote(c.Name))));
            writer.Write('\n');
        }
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            for (int c = 0; c < frame.Columns.Count; c++)
            {
                if (c > 0) writer.Write(',');
                writer.Write(Quote(FormatValue(frame.Columns[c][r])));
            }
            writer.Write('\n');
        }
    }

    /// <summary>Same as <c>ToCsv(ToDataFrame(records), writer)</c>.</summary>
    public static void ToCsv<T>(IEnumerable<T> records, TextWriter writer) => ToCsv(ToDataFrame(records), writer);

    /// <summary>PascalCase/camelCase to snake_case: "StepsToCe01" -&gt; "steps_to_ce01", "HTTPServer" -&gt; "http_server".</summary>
    public static string ToSnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char ch = name[i];
            if (char.IsUpper(ch))
            {
                bool afterLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                bool acronymEnd = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((afterLowerOrDigit || acronymEnd) && sb.Length > 0 && sb[^1] != '_') sb.Append('_');
                sb.Append(char.ToLowerInvariant(ch));
            }
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    static void Plan(Type type, string prefix, Func<object?, object?> get, List<Column> columns, List<Type> path)
    {
        foreach (var p in PublicProperties(type))
        {
            var name = prefix + ToSnakeCase(p.Name);
            Func<object?, object?> getter = o => get(o) is { } parent ? p.GetValue(parent) : null;
            var t = p.PropertyType;
            var u = Nullable.GetUnderlyingType(t) ?? t;
            if (u == typeof(double) || u == typeof(float) || u == typeof(int) || u == typeof(long) || u == typeof(bool) || u == typeof(DateTime))
                columns.Add(new Column(name, u, getter));
            else if (u == typeof(string) || u.IsEnum || u.IsPrimitive || u == typeof(decimal) || u == typeof(TimeSpan)
                     || u == typeof(Guid) || u == typeof(DateTimeOffset) || u == typeof(DateOnly) || u == typeof(TimeOnly))
                columns.Add(new Column(name, typeof(string), getter));
            else if (typeof(IEnumerable).IsAssignableFrom(u) || typeof(Delegate).IsAssignableFrom(u) || typeof(IDisposable).IsAssignableFrom(u))
                continue;
            else if (path.Count < MaxDepth && !path.Contains(u))
                Plan(u, name + "_", getter, columns, [.. path, u]);
        }
    }

    static IEnumerable<PropertyInfo> PublicProperties(Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType) chain.Insert(0, t);
        return chain.SelectMany(t => t
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.CanRead && p.GetMethod!.IsPublic && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken));
    }

    sealed record Column(string Name, Type Kind, Func<object?, object?> Get)
    {
        public DataFrameColumn Build(List<object?> rows)
        {
            var values = rows.Select(Get);
            if (Kind == typeof(double)) return new DoubleDataFrameColumn(Name, values.Select(v => (double?)v));
            if (Kind == typeof(float)) return new SingleDataFrameColumn(Name, values.Select(v => (float?)v));
            if (Kind == typeof(int)) return new Int32DataFrameColumn(Name, values.Select(v => (int?)v));
            if (Kind == typeof(long)) return new Int64DataFrameColumn(Name, values.Select(v => (long?)v));
            if (Kind == typeof(bool)) return new BooleanDataFrameColumn(Name, values.Select(v => (bool?)v));
            if (Kind == typeof(DateTime)) return new DateTimeDataFrameColumn(Name, values.Select(v => (DateTime?)v));
            return new StringDataFrameColumn(Name, values.Select(v => v switch
            {
                null => null,
                Enum e => e.ToString(),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString(),
            }));
        }
    }

    static string FormatValue(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("o", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>RFC 4180 quoting of one CSV field (quoted only when it holds a comma, quote, line break or edge whitespace).</summary>
    internal static string Quote(string field)
    {
        bool needs = field.Length > 0 && (field.IndexOfAny([',', '"', '\n', '\r']) >= 0 || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]));
        return needs ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }
}
