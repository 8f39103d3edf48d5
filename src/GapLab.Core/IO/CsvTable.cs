using System.Text;

namespace GapLab.IO;

/// <summary>
/// A CSV file read back as a header and rows of strings (RFC 4180: quoted fields may hold commas, quotes and newlines),
/// the inverse of <see cref="RecordFrame.ToCsv(Microsoft.Data.Analysis.DataFrame, TextWriter)"/>.
/// </summary>
public sealed class CsvTable
{
    public CsvTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Index of a column; throws naming the missing column and the ones present.</summary>
    public int Column(string name)
    {
        for (int i = 0; i < Header.Count; i++) if (Header[i] == name) return i;
        throw new InvalidDataException($"CSV has no column '{name}'; columns: {string.Join(", ", Header)}.");
    }

    public IEnumerable<string> Values(string column)
    {
        int c = Column(column);
        return Rows.Select(r => r[c]);
    }

    /// <summary>Writes the header and rows as CSV in the format of <see cref="RecordFrame.ToCsv(Microsoft.Data.Analysis.DataFrame, TextWriter)"/>.</summary>
    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var row in Rows.Prepend(Header.ToArray()))
        {
            writer.Write(string.Join(",", row.Select(RecordFrame.Quote)));
            writer.Write('\n');
        }
    }

    public static CsvTable Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), path);
    }

    /// <summary>Parses CSV text; rows with a different field count than the header are an error naming the line.</summary>
    public static CsvTable Parse(string text, string source = "CSV")
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1, recordLine = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0: quoted = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    Add(records, fields, source, recordLine);
                    fields.Clear(); any = false; line++; recordLine = line;
                    break;
                default: field.Append(ch); any = true; break;
            }
        }
        if (quoted) throw new InvalidDataException($"{source}: unterminated quoted field starting on line {recordLine}.");
        if (any || field.Length > 0) { fields.Add(field.ToString()); Add(records, fields, source, recordLine); }
        if (records.Count == 0) throw new InvalidDataException($"{source}: empty file (no header row).");
        return new CsvTable(records[0], records.Skip(1).ToList());
    }

    static void Add(List<string[]> records, List<string> fields, string source, int line)
    {
        if (records.Count > 0 && fields.Count != records[0].Length)
            throw new InvalidDataException($"{source}: line {line} has {fields.Count} fields, the header has {records[0].Length}.");
        records.Add(fields.ToArray());
    }
}
