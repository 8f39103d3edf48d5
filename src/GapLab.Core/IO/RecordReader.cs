using System.Globalization;
using System.Reflection;
using Microsoft.Data.Analysis;

namespace GapLab.IO;

/// <summary>
/// The inverse of <see cref="RecordFrame.ToDataFrame{T}"/> for flat records: one record per row of a
/// <see cref="DataFrame"/>, each property (or positional-record parameter) read from the column of its snake_case name. Values
/// are converted to the property's type: typed columns (a result-store query, a DataFrame from <c>#!gaplab run</c>) directly,
/// text (a CSV file read as strings) parsed with the invariant culture. A DateTime is read as UTC. A missing column or a null
/// value gives null for a nullable property, else "" for a string, NaN for a double, 0 for other numbers; a column named in
/// <c>required</c> must be present.
/// </summary>
public static class RecordReader
{
    /// <summary>The rows of <paramref name="frame"/> as records; <paramref name="source"/> names the frame in messages.</summary>
    /// <exception cref="InvalidDataException">A required column is missing or a value does not convert; one line.</exception>
    public static IReadOnlyList<T> Read<T>(DataFrame frame, string source, IReadOnlyCollection<string>? required = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var plan = Plan.Of(typeof(T));
        var columns = frame.Columns.Select(c => c.Name).ToList();
        foreach (var name in required ?? [])
            if (!columns.Contains(name, StringComparer.Ordinal))
                throw new InvalidDataException($"{source} has no column '{name}'; columns: {string.Join(", ", columns)}.");
        var index = plan.Members.Select(m => columns.IndexOf(m.Column)).ToArray();
        var records = new List<T>((int)frame.Rows.Count);
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            var values = new object?[plan.Members.Count];
            for (int m = 0; m < values.Length; m++)
            {
                var raw = index[m] < 0 ? null : frame.Columns[index[m]][r];
                values[m] = Convert(raw, plan.Members[m], source, r);
            }
            records.Add((T)plan.Create(values));
        }
        return records;
    }

    /// <summary>The rows of a CSV table (all text) as records; see <see cref="Read{T}(DataFrame, string, IReadOnlyCollection{string}?)"/>.</summary>
    public static IReadOnlyList<T> Read<T>(CsvTable table, string source, IReadOnlyCollection<string>? required = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var frame = new DataFrame(table.Header.Select((h, i) =>
            (DataFrameColumn)new StringDataFrameColumn(h, table.Rows.Select(row => i < row.Length && row[i].Length > 0 ? row[i] : null))));
        return Read<T>(frame, source, required);
    }

    static object? Convert(object? raw, Member member, string source, long row)
    {
        var type = member.Type;
        if (raw is null || raw is string { Length: 0 } && type != typeof(string))
        {
            if (member.Nullable) return null;
            return type == typeof(string) ? "" : type == typeof(double) ? double.NaN : type == typeof(float) ? float.NaN : Activator.CreateInstance(type);
        }
        try
        {
            if (raw is string s)
            {
                if (type == typeof(string)) return s;
                if (type == typeof(double)) return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (type == typeof(float)) return float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (type == typeof(int)) return int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
                if (type == typeof(long)) return long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
                if (type == typeof(bool)) return bool.Parse(s);
                if (type == typeof(DateTime)) return DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            }
            if (type == typeof(string)) return raw is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : raw.ToString();
            if (type == typeof(DateTime)) return raw is DateTime t ? t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime()
                : throw new FormatException();
            return System.Convert.ChangeType(raw, type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new InvalidDataException($"{source}, row {row + 1}: column '{member.Column}' holds '{raw}', not {type.Name.ToLowerInvariant()}.");
        }
    }

    sealed record Member(string Column, Type Type, bool Nullable);

    /// <summary>How to build a <c>T</c>: its members in column order and a constructor (positional record) or property setters.</summary>
    sealed record Plan(IReadOnlyList<Member> Members, Func<object?[], object> Create)
    {
        static readonly Dictionary<Type, Plan> Cache = [];

        public static Plan Of(Type type)
        {
            lock (Cache)
            {
                if (!Cache.TryGetValue(type, out var plan)) Cache[type] = plan = Build(type);
                return plan;
            }
        }

        static Plan Build(Type type)
        {
            var nullability = new NullabilityInfoContext();
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToList();
            var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var parameters = ctor.GetParameters();
            if (parameters.Length > 0 && parameters.All(p => properties.Any(q => q.Name == p.Name)))
            {
                var members = parameters.Select(p => Describe(RecordFrame.ToSnakeCase(p.Name!), p.ParameterType, nullability.Create(p).ReadState)).ToList();
                return new Plan(members, values => ctor.Invoke(values));
            }
            var settable = properties.Where(p => p.CanWrite).ToList();
            var described = settable.Select(p => Describe(RecordFrame.ToSnakeCase(p.Name), p.PropertyType, nullability.Create(p).ReadState)).ToList();
            return new Plan(described, values =>
            {
                var o = Activator.CreateInstance(type)!;
                for (int i = 0; i < settable.Count; i++) settable[i].SetValue(o, values[i]);
                return o;
            });
        }

        static Member Describe(string column, Type type, NullabilityState state)
        {
            var underlying = System.Nullable.GetUnderlyingType(type);
            return new Member(column, underlying ?? type, underlying is not null || (!type.IsValueType && state == NullabilityState.Nullable));
        }
    }
}
