using System.Diagnostics;

namespace GapLab.Tests.Shared;

/// <summary>What a test needs from the machine beyond .NET; a test whose requirement is missing is reported as skipped with the reason.</summary>
public enum Requirement
{
    /// <summary>Linux (signals via kill(1), /proc, `true` as a short-lived child).</summary>
    Linux,
    /// <summary>python3 that can import torch: Debian's python3-torch (PyTorch 1.13), the independent peer.</summary>
    PythonTorch,
    /// <summary>Full Fashion-MNIST in /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist).</summary>
    DebianFashionMnist,
    /// <summary>python3 that can import nbformat, Jupyter's own notebook validator (Debian's python3-nbformat, which jupyter-nbconvert brings).</summary>
    PythonNbformat,
}

static class Requirements
{
    /// <summary>The module each python requirement imports, and the Debian packages that provide it.</summary>
    static readonly Dictionary<Requirement, (string Module, string Packages)> PythonModules = new()
    {
        [Requirement.PythonTorch] = ("torch", "python3-torch libopenblas0-pthread"),
        [Requirement.PythonNbformat] = ("nbformat", "python3-nbformat"),
    };

    /// <summary>Per python requirement, the first interpreter that imports its module (probed once per test process), or null.</summary>
    static readonly Dictionary<Requirement, Lazy<string?>> PythonFound = PythonModules.ToDictionary(m => m.Key,
        m => new Lazy<string?>(() => new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(p => PythonImports(p, m.Value.Module))));

    /// <summary>The python3 that meets <paramref name="requirement"/> (Debian's /usr/bin/python3 before another one on PATH, e.g. pyenv's).</summary>
    public static string Python(Requirement requirement) => PythonFound[requirement].Value ?? "python3";

    static string? PythonMissing(Requirement requirement) => PythonFound[requirement].Value is null
        ? $"python3 cannot import {PythonModules[requirement].Module} (apt-get install {PythonModules[requirement].Packages})" : null;

    static bool PythonImports(string python, string module)
    {
        try
        {
            var info = new ProcessStartInfo(python, ["-c", "import " + module]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(info);
            if (p is null) return false;
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(60_000)) { p.Kill(); return false; }
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; } // no such interpreter
    }

    /// <summary>Why <paramref name="requirement"/> is not met here, or null when it is.</summary>
    public static string? Missing(Requirement requirement) => requirement switch
    {
        Requirement.Linux => OperatingSystem.IsLinux() ? null : "not Linux",
        Requirement.PythonTorch or Requirement.PythonNbformat => PythonMissing(requirement),
        Requirement.DebianFashionMnist => Directory.Exists(GapLab.Data.FashionMnist.DebianDirectory) ? null
            : $"{GapLab.Data.FashionMnist.DebianDirectory} is missing (apt-get install dataset-fashion-mnist)",
        _ => throw new ArgumentOutOfRangeException(nameof(requirement)),
    };

    public static string? Skip(Requirement[] requirements)
    {
        var missing = requirements.Select(Missing).OfType<string>().ToList();
        return missing.Count == 0 ? null : "needs " + string.Join("; ", missing) + ".";
    }
}

/// <summary>A fact that runs only where every requirement is met; elsewhere it is skipped with the reason, never passed.</summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(params Requirement[] requirements)
    {
        if (Requirements.Skip(requirements) is { } reason) Skip = reason;
    }
}

/// <summary>A theory that runs only where every requirement is met; elsewhere it is skipped with the reason, never passed.</summary>
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    public RequiresTheoryAttribute(params Requirement[] requirements)
    {
        if (Requirements.Skip(requirements) is { } reason) Skip = reason;
    }
}
