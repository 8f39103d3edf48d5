using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Microsoft.Data.Analysis;

namespace GapLab.Store;

/// <summary>
/// Reads a query's result into a <see cref="DataFrame"/>: floating and DECIMAL columns become double, integers of up to 32
/// bits int, wider integers long (HUGEINT sums included, while they fit), BOOLEAN bool, TIMESTAMP/DATE DateTime, and
/// everything else (VARCHAR, lists, structs, intervals) invariant text. SQL NULL stays null.
/// </summary>
internal static class StoreFrame
{
    public static DataFrame Read(DbDataReader reader)
    {
        int n = reader.FieldCount;
        var kinds = Enumerable.Range(0, n).Select(i => KindOf(reader.GetFieldType(i))).ToArray();
        var values = Enumerable.Range(0, n).Select(_ => new List<object?>()).ToArray();
        while (reader.Read())
            for (int i = 0; i < n; i++)
                values[i].Add(reader.IsDBNull(i) ? null : Convert(reader.GetValue(i), kinds[i], reader.GetName(i)));
        var names = UniqueNames(Enumerable.Range(0, n).Select(reader.GetName).ToList());
        return new DataFrame(Enumerable.Range(0, n).Select(i => Column(names[i], kinds[i], values[i])));
    }

    static Type KindOf(Type t)
    {
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(Half)) return typeof(double);
        if (t == typeof(int) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort)) return typeof(int);
        if (t == typeof(long) || t == typeof(uint) || t == typeof(ulong) || t == typeof(BigInteger)) return typeof(long);
        if (t == typeof(bool)) return typeof(bool);
        if (t == typeof(DateTime) || t == typeof(DateOnly)) return typeof(DateTime);
        return typeof(string);
    }

    static object Convert(object v, Type kind, string column)
    {
        try
        {
            if (kind == typeof(double)) return System.Convert.ToDouble(v, CultureInfo.InvariantCulture);
            if (kind == typeof(int)) return System.Convert.ToInt32(v, CultureInfo.InvariantCulture);
            if (kind == typeof(long)) return v is BigInteger b ? (long)b : System.Convert.ToInt64(v, CultureInfo.InvariantCulture);
            if (kind == typeof(bool)) return (bool)v;
            if (kind == typeof(DateTime)) return v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : (DateTime)v;
        }
        catch (OverflowException)
        {
            throw new OverflowException($"Column '{column}' holds {v}, too large for a 64-bit integer; CAST it to DOUBLE in the query.");
        }
        return v switch
        {
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object?>().Select(x => x?.ToString() ?? "NULL")) + "]",
            _ => v.ToString() ?? "",
        };
    }

    static DataFrameColumn Column(string name, Type kind, List<object?> values)
    {
        if (kind == typeof(double)) return new DoubleDataFrameColumn(name, values.Select(v => (double?)v));
        if (kind == typeof(int)) return new Int32DataFrameColumn(name, values.Select(v => (int?)v));
        if (kind == typeof(long)) return new Int64DataFrameColumn(name, values.Select(v => (long?)v));
        if (kind == typeof(bool)) return new BooleanDataFrameColumn(name, values.Select(v => (bool?)v));
        if (kind == typeof(DateTime)) return new DateTimeDataFrameColumn(name, values.Select(v => (DateTime?)v));
        return new StringDataFrameColumn(name, values.Select(v => (string?)v));
    }

    /// <summary>A DataFrame needs distinct column names; a repeated name (SELECT a.x, b.x) gets _2, _3, ...</summary>
    static List<string> UniqueNames(List<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return names.Select(name =>
        {
            var candidate = name;
            for (int k = 2; !seen.Add(candidate); k++) candidate = $"{name}_{k}";
            return candidate;
        }).ToList();
    }
}
