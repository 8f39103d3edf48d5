using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GapLab.Interactive.Tests;

/// <summary>
/// The released .NET Interactive kernel behind Jupyter, as a user has it: the <c>Microsoft.dotnet-interactive</c> tool
/// (<see cref="ToolVariable"/>, or <c>dotnet-interactive</c> on PATH or in ~/.dotnet/tools), a C# kernelspec written into a
/// temporary JUPYTER_PATH, and <c>jupyter nbconvert --execute</c> (Debian: <c>apt-get install jupyter-nbconvert</c>).
/// </summary>
static class JupyterKernel
{
    /// <summary>Path of the <c>dotnet-interactive</c> executable (.ci/run installs the tool into a temporary tool path and sets it).</summary>
    public const string ToolVariable = "GAPLAB_DOTNET_INTERACTIVE";

    public const string ToolVersion = "1.0.712001";

    public static string? Tool { get; } = FindTool();

    public static string? NbConvert { get; } = OnPath("jupyter-nbconvert");

    static string? FindTool()
    {
        if (Environment.GetEnvironmentVariable(ToolVariable) is { Length: > 0 } set) return File.Exists(set) ? set : null;
        return OnPath("dotnet-interactive") ?? (File.Exists(Home()) ? Home() : null);
        static string Home() => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-interactive");
    }

    static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>Writes the C# kernelspec the tool's <c>jupyter install</c> writes (kernels/.net-csharp/kernel.json), with the tool's full path.</summary>
    public static string WriteKernelSpec(string jupyterPath)
    {
        var dir = Path.Combine(jupyterPath, "kernels", ".net-csharp");
        Directory.CreateDirectory(dir);
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray(Tool!, "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000"),
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
        };
        File.WriteAllText(Path.Combine(dir, "kernel.json"), spec.ToJsonString());
        return jupyterPath;
    }

    /// <summary>
    /// A copy of <paramref name="notebook"/> that loads GapLab from <paramref name="feed"/> (its <c>#i</c>/<c>#r</c> cell) and
    /// runs in quick mode (a cell <c>quick = true;</c> after the cell tagged <c>parameters</c>, as papermill injects it).
    /// </summary>
    public static JsonObject QuickCopy(string notebook, string feed, string version)
    {
        var nb = JsonNode.Parse(File.ReadAllText(notebook))!.AsObject();
        var cells = nb["cells"]!.AsArray();
        int parameters = -1;
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i]!.AsObject();
            if ((string?)cell["cell_type"] != "code") continue;
            var source = Source(cell);
            if (source.StartsWith("#i \"nuget:", StringComparison.Ordinal))
                cell["source"] = $"#i \"nuget:{feed}\"\n#r \"nuget:GapLab.Interactive,{version}\"";
            if (cell["metadata"]?["tags"] is JsonArray tags && tags.Any(t => (string?)t == "parameters")) parameters = i;
        }
        Assert.True(parameters >= 0, $"{Path.GetFileName(notebook)} has no cell tagged 'parameters'.");
        cells.Insert(parameters + 1, new JsonObject
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["outputs"] = new JsonArray(), ["source"] = "quick = true;",
            ["metadata"] = new JsonObject { ["tags"] = new JsonArray("injected-parameters"), ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
        });
        return nb;
    }

    public static string Source(JsonObject cell) => Joined(cell["source"]);

    /// <summary>A multiline notebook string: an array of lines or one string.</summary>
    public static string Joined(JsonNode? value) => value switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonNode text => (string?)text ?? "",
        _ => "",
    };

    /// <summary>Runs <c>jupyter nbconvert --to notebook --execute --allow-errors</c> on <paramref name="notebook"/> in place; a cell running past <paramref name="cellTimeout"/> (e.g. waiting for input) fails it.</summary>
    public static (int Code, string Output) Execute(string notebook, string jupyterPath, TimeSpan cellTimeout) =>
        RunNbConvert(notebook, TimeSpan.FromMinutes(30), jupyterPath,
            "--to", "notebook", "--execute", "--inplace", "--allow-errors", $"--ExecutePreprocessor.timeout={(int)cellTimeout.TotalSeconds}", "--ExecutePreprocessor.kernel_name=.net-csharp", notebook);

    /// <summary>The executed <paramref name="notebook"/> as the HTML page <c>jupyter nbconvert --to html</c> writes next to it; the page's path.</summary>
    public static string ToHtml(string notebook)
    {
        var (code, output) = RunNbConvert(notebook, TimeSpan.FromMinutes(5), null, "--to", "html", notebook);
        Assert.True(code == 0, output);
        return Path.ChangeExtension(notebook, ".html");
    }

    static (int Code, string Output) RunNbConvert(string notebook, TimeSpan limit, string? jupyterPath, params string[] args)
    {
        var psi = new ProcessStartInfo(NbConvert!) { WorkingDirectory = Path.GetDirectoryName(notebook)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (jupyterPath is not null) psi.Environment["JUPYTER_PATH"] = jupyterPath;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(limit)) { p.Kill(entireProcessTree: true); return (-1, $"nbconvert ran over {limit.TotalMinutes} minutes: " + output); }
        return (p.ExitCode, output + err.Result);
    }
}

/// <summary>A theory that runs only with the released kernel tool and jupyter-nbconvert installed, and the slow checks on (<c>GAPLAB_PACKAGING_TESTS=1</c>, as in .ci/run).</summary>
sealed class JupyterTheoryAttribute : TheoryAttribute
{
    public JupyterTheoryAttribute()
    {
        var missing = new List<string>();
        if (JupyterKernel.NbConvert is null) missing.Add("jupyter-nbconvert is not installed (apt-get install jupyter-nbconvert)");
        if (JupyterKernel.Tool is null)
            missing.Add($"the .NET Interactive tool is not found (dotnet tool install Microsoft.dotnet-interactive --version {JupyterKernel.ToolVersion} --tool-path DIR, then {JupyterKernel.ToolVariable}=DIR/dotnet-interactive)");
        if (Environment.GetEnvironmentVariable(PackagingFactAttribute.Variable) != "1")
            missing.Add($"slow check (packs the extension, minutes per notebook): run with {PackagingFactAttribute.Variable}=1");
        if (missing.Count > 0) Skip = "notebooks in Jupyter with the released kernel: " + string.Join("; ", missing) + ".";
    }
}
