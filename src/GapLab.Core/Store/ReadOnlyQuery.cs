namespace GapLab.Store;

/// <summary>
/// The rule for queries a user (or a shared notebook) sends to a result store: exactly one statement, which must be a
/// query (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE). Comments, string literals ('..', E'..', $tag$..$tag$)
/// and quoted identifiers are skipped when looking for a second statement. This check gives the clear message; the barrier
/// is the connection <see cref="ResultStore.QueryReadOnly"/> runs it on: read-only, with DuckDB's external access disabled
/// and its configuration locked, so no statement can write or read a file outside the store.
/// </summary>
public static class ReadOnlyQuery
{
    static readonly string[] Allowed = ["SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE"];

    /// <summary>The statement of <paramref name="sql"/> without trailing semicolons.</summary>
    /// <exception cref="ArgumentException">Empty, more than one statement, or not a query; the message says how to export instead.</exception>
    public static string Check(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var code = CodeOutsideLiterals(sql);
        string trimmed = code.TrimEnd();
        int end = trimmed.Length;
        while (end > 0 && (trimmed[end - 1] == ';' || char.IsWhiteSpace(trimmed[end - 1]))) end--;
        if (end == 0) throw new ArgumentException("The SQL text is empty; give one query, e.g. \"SELECT model, avg(acc_gap) FROM runs GROUP BY model\".");
        if (trimmed[..end].Contains(';'))
            throw new ArgumentException("The SQL text holds more than one statement; give exactly one read-only query.");
        string body = trimmed[..end].TrimStart().TrimStart('(').TrimStart();
        string keyword = new string(body.TakeWhile(char.IsLetter).ToArray()).ToUpperInvariant();
        if (!Allowed.Contains(keyword))
            throw new ArgumentException($"'{(keyword.Length > 0 ? keyword : body.Split(' ')[0])}' is not a read-only query: the store accepts one " +
                                        $"{string.Join("/", Allowed)} statement; to write files use 'gaplab store export --store DIR --to FOLDER --format csv|parquet'.");
        return sql.TrimEnd().TrimEnd(';').TrimEnd();
    }

    /// <summary><paramref name="sql"/> with comments, literals and quoted identifiers blanked to spaces (same length).</summary>
    static string CodeOutsideLiterals(string sql)
    {
        var chars = sql.ToCharArray();
        int i = 0;
        void Blank(int from, int to) { for (int k = from; k < to && k < chars.Length; k++) chars[k] = ' '; }
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c == '-' && At(sql, i + 1, '-'))
            {
                int e = sql.IndexOf('\n', i);
                e = e < 0 ? sql.Length : e;
                Blank(i, e); i = e;
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                int e = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                e = e < 0 ? sql.Length : e + 2;
                Blank(i, e); i = e;
            }
            else if (c is '\'' or '"')
            {
                bool backslash = c == '\'' && i > 0 && sql[i - 1] is 'e' or 'E' && (i < 2 || !IsWordChar(sql[i - 2]));
                int e = i + 1;
                while (e < sql.Length)
                {
                    if (backslash && sql[e] == '\\') { e += 2; continue; }
                    if (sql[e] == c) { if (At(sql, e + 1, c)) { e += 2; continue; } e++; break; }
                    e++;
                }
                if (e > sql.Length) e = sql.Length;
                Blank(i, e); i = e;
            }
            else if (c == '$' && (i == 0 || !IsWordChar(sql[i - 1])) && DollarTag(sql, i) is { } tag)
            {
                int e = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                e = e < 0 ? sql.Length : e + tag.Length;
                Blank(i, e); i = e;
            }
            else i++;
        }
        return new string(chars);
    }

    /// <summary>The opening <c>$tag$</c> at <paramref name="i"/> (tag letters, digits, underscores; may be empty), or null.</summary>
    static string? DollarTag(string sql, int i)
    {
        int e = i + 1;
        while (e < sql.Length && (char.IsLetterOrDigit(sql[e]) || sql[e] == '_')) e++;
        if (e < sql.Length && sql[e] == '$' && (e == i + 1 || !char.IsDigit(sql[i + 1]))) return sql[i..(e + 1)];
        return null;
    }

    static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
