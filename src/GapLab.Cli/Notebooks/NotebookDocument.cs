using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace GapLab.Cli.Notebooks;

/// <summary>One notebook cell: markdown or code (with its kernel language), its source text and its metadata tags (e.g. "parameters").</summary>
public sealed record NotebookCell(int Index, string Kind, string Language, string Source, IReadOnlyList<string>? Tags = null)
{
    /// <summary>The cell's metadata as Microsoft.DotNet.Interactive.Documents read it (kept in the executed notebook); null for an injected cell.</summary>
    public IDictionary<string, object>? Metadata { get; init; }

    public bool HasTag(string tag) => Tags?.Contains(tag, StringComparer.Ordinal) == true;

    public bool IsCode => Kind == "code";
    public bool IsMarkdown => Kind == "markdown";
}

/// <summary>A Jupyter (.ipynb, nbformat 4) notebook as written by Polyglot Notebooks / .NET Interactive: its cells and default language.</summary>
public sealed record NotebookDocument(string Path, IReadOnlyList<NotebookCell> Cells, string KernelName)
{
    /// <summary>The notebook's metadata (kernelspec, language_info, ...) as Microsoft.DotNet.Interactive.Documents read it.</summary>
    public IDictionary<string, object> Metadata { get; init; } = new Dictionary<string, object>();

    /// <summary>Parameter values given on the command line (<c>--param name=value</c>), injected after the parameters cell; empty when none.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads <paramref name="path"/>; a file that is not an nbformat-4 notebook gets an <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static NotebookDocument Load(string path)
    {
        try { return LoadChecked(path); }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // a cell without "cell_type"/"source", a number or list where a string belongs (JsonElement's accessors)
            throw new InvalidDataException($"Notebook '{path}' is not an nbformat 4 notebook: {e.Message}", e);
        }
    }

    static NotebookDocument LoadChecked(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook '{path}' does not exist.", path);
        if (!path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{path}' is not a .ipynb notebook; gaplab notebook run reads Jupyter notebooks (nbformat 4).");
        JsonElement root;
        var text = File.ReadAllText(path);
        try { root = JsonDocument.Parse(text).RootElement; }
        catch (JsonException e) { throw new InvalidDataException($"Notebook '{path}' is not valid JSON: {string.Concat(e.Message.Select(c => char.IsControl(c) ? ' ' : c))}"); }
        if (!root.TryGetProperty("nbformat", out var format) || format.GetInt32() != 4 || !root.TryGetProperty("cells", out var cells))
            throw new InvalidDataException($"Notebook '{path}' is not an nbformat 4 notebook (needs \"nbformat\": 4 and \"cells\").");
        string kernel = root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("kernelspec", out var spec) && spec.TryGetProperty("name", out var n)
            ? n.GetString() ?? "" : "";
        var list = new List<NotebookCell>();
        int i = 0;
        foreach (var c in cells.EnumerateArray())
        {
            var kind = c.GetProperty("cell_type").GetString() ?? "";
            var source = c.GetProperty("source") is { ValueKind: JsonValueKind.Array } parts
                ? string.Concat(parts.EnumerateArray().Select(p => p.GetString()))
                : c.GetProperty("source").GetString() ?? "";
            bool hasMeta = c.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object;
            string language = hasMeta && m.TryGetProperty("dotnet_interactive", out var di) && di.TryGetProperty("language", out var l)
                ? l.GetString() ?? "csharp" : "csharp";
            string[] tags = hasMeta && m.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(e => e.GetString() ?? "").ToArray() : [];
            list.Add(new NotebookCell(++i, kind, language, source.Replace("\r\n", "\n"), tags));
        }
        InteractiveDocument parsed;
        try { parsed = Notebook.Parse(text); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"Notebook '{path}' cannot be read by .NET Interactive's notebook reader: {string.Concat(e.Message.Select(c => char.IsControl(c) ? ' ' : c))}");
        }
        if (parsed.Elements.Count != list.Count)
            throw new InvalidDataException($"Notebook '{path}': .NET Interactive's notebook reader sees {parsed.Elements.Count} cells, the file has {list.Count}.");
        return new NotebookDocument(path, list.Select((c, k) => c with { Metadata = parsed.Elements[k].Metadata }).ToList(), kernel) { Metadata = parsed.Metadata };
    }

    /// <summary>The text of the first markdown heading, or the file name.</summary>
    public string Title =>
        Cells.Where(c => c.IsMarkdown).SelectMany(c => c.Source.Split('\n')).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim()
        ?? System.IO.Path.GetFileNameWithoutExtension(Path);
}
