using System.Text;
using GapLab.Cli.Notebooks;

namespace GapLab.Bench;

/// <summary>GapLab.Cli's notebook reader in the fuzz harness (compiled into GapLab.Bench and GapLab.Cli.Tests).</summary>
public static partial class ReaderFuzz
{
    /// <summary>A Polyglot Notebooks .ipynb (nbformat 4: kernelspec, markdown and code cells, a parameters tag, a language).</summary>
    const string NotebookSeed = """
        {
         "cells": [
          { "cell_type": "markdown", "metadata": {}, "source": ["# Quickstart\n", "Train two MLPs."] },
          { "cell_type": "code", "execution_count": null, "metadata": { "dotnet_interactive": { "language": "csharp" }, "tags": ["parameters"] },
            "outputs": [], "source": ["var quick = false;\n", "var epochs = 3;"] },
          { "cell_type": "code", "execution_count": null, "metadata": { "dotnet_interactive": { "language": "csharp" } },
            "outputs": [], "source": "#!gaplab train --model mlp:width=64 --epochs 2" }
         ],
         "metadata": { "kernelspec": { "display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp" } },
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """;

    static partial void NotebookTargets(List<(string Name, Func<byte[]> Seed, Action<byte[], string> Read)> targets) =>
        targets.Add(("ipynb", () => Encoding.UTF8.GetBytes(NotebookSeed), (bytes, file) =>
        {
            var path = file + ".ipynb";
            File.WriteAllBytes(path, bytes);
            var notebook = NotebookDocument.Load(path);
            _ = notebook.Title;
            _ = notebook.Cells.Count(c => c.IsCode && c.HasTag("parameters"));
        }));
}
