using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace GapLab.Cli.Notebooks;

/// <summary>
/// The executed notebook of a run, papermill style (<c>gaplab notebook run NB.ipynb --output OUT.ipynb</c>): every cell as in the
/// source (the injected parameters cell included), code cells that ran with their execution count and outputs (display data with
/// the kernel's text/html and text/plain, results, stdout/stderr streams, and the error a cell stopped with). Written by
/// Microsoft.DotNet.Interactive.Documents, the library Polyglot Notebooks itself writes .ipynb files with.
/// </summary>
public static class ExecutedNotebook
{
    /// <summary>The .ipynb JSON of <paramref name="run"/>.</summary>
    public static string ToJson(NotebookRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var results = run.Cells.ToDictionary(c => c.Cell.Index);
        var elements = new List<InteractiveDocumentElement>();
        int executionCount = 0;
        foreach (var cell in run.Notebook.Cells)
        {
            var element = new InteractiveDocumentElement(cell.Source, cell.IsMarkdown ? "markdown" : cell.Language)
            {
                Metadata = cell.Metadata is null
                    ? (cell.Tags is { Count: > 0 } tags ? new Dictionary<string, object> { ["tags"] = tags.ToArray() } : null)
                    : new Dictionary<string, object>(cell.Metadata),
            };
            if (cell.IsCode && results.TryGetValue(cell.Index, out var result))
            {
                element.ExecutionOrder = ++executionCount;
                foreach (var output in result.Outputs) element.Outputs.Add(ToElement(output, executionCount));
                if (result.Error?.Split('\n') is { } errorLines)
                    element.Outputs.Add(new ErrorElement(errorLines[0], "Error", errorLines));
            }
            elements.Add(element);
        }
        var document = new InteractiveDocument(elements);
        foreach (var (key, value) in run.Notebook.Metadata) document.Metadata[key] = value;
        return Notebook.ToJupyterJson(document);
    }

    static InteractiveDocumentOutputElement ToElement(NotebookOutput output, int executionOrder) => output.Kind switch
    {
        NotebookOutputKind.StandardOutput => new TextElement(output.Value as string ?? "", "stdout"),
        NotebookOutputKind.StandardError => new TextElement(output.Value as string ?? "", "stderr"),
        NotebookOutputKind.Result => WithData(new ReturnValueElement { ExecutionOrder = executionOrder }, output),
        _ => new DisplayElement(Data(output)),
    };

    static ReturnValueElement WithData(ReturnValueElement element, NotebookOutput output)
    {
        foreach (var (mime, value) in Data(output)) element.Data[mime] = value;
        return element;
    }

    static Dictionary<string, object> Data(NotebookOutput output) =>
        output.Formatted.GroupBy(f => f.MimeType).ToDictionary(g => g.Key, g => (object)g.First().Value);

    /// <summary>Writes the executed notebook of <paramref name="run"/> to <paramref name="path"/>.</summary>
    public static void Save(NotebookRun run, string path) => File.WriteAllText(path, ToJson(run));
}
