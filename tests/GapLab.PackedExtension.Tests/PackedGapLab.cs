using System.Diagnostics;

namespace GapLab.PackedExtension.Tests;

/// <summary>
/// GapLab.Interactive packed from the test build with a fresh version into a temporary folder feed, and one tool-configured kernel
/// that loaded it the way a notebook does: <c>#i "nuget:FEED"</c> then <c>#r "nuget:GapLab.Interactive,VERSION"</c>.
/// </summary>
public sealed class PackedGapLab : IAsyncLifetime
{
    public string Work { get; } = Directory.CreateTempSubdirectory("gaplab-packed-").FullName;
    public string Feed => Path.Combine(Work, "feed");
    public string Version { get; } = $"0.1.0-inprocess.{DateTime.UtcNow:yyyyMMddHHmmss}";
    internal ToolConfiguredKernel? Kernel { get; private set; }
    /// <summary>The cell with the #i/#r lines.</summary>
    internal Cell? Load { get; private set; }

    public async Task InitializeAsync()
    {
        if (SkipReason.Text is not null) return;
        // the solution build compiled GapLab.Interactive in Debug before the tests: pack that build (GapLab.Core through the pack hook)
        var (code, output) = Dotnet(RepositoryRoot(), "pack", "src/GapLab.Interactive", "-c", "Debug", "--no-build", "-o", Feed, $"-p:Version={Version}");
        Assert.True(code == 0, output);
        Kernel = new ToolConfiguredKernel();
        Load = await Kernel.SubmitAsync($"#i \"nuget:{Feed}\"\n#r \"nuget:GapLab.Interactive,{Version}\"");
    }

    public Task DisposeAsync()
    {
        Kernel?.Dispose();
        // the kernel restored the fresh version into the global packages folder: remove it there, and the feed with Work
        GapLab.Tests.Shared.RestoredTestPackage.Remove("GapLab.Interactive", Version);
        try { if (Directory.Exists(Work)) Directory.Delete(Work, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort; TestTemporaryRoot removes Work at exit */ }
        return Task.CompletedTask;
    }

    internal static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Kernel.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("Kernel.sln not found above " + AppContext.BaseDirectory);
    }

    static (int Code, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }
}

/// <summary>Why the packed-extension tests cannot run here (the released tool is missing), or null.</summary>
static class SkipReason
{
    public static string? Text { get; } = ReleasedTool.Missing is { } missing ? "the packed extension in the released kernel, in process: " + missing + "." : null;
}

/// <summary>A fact that runs only where the released tool is installed (as .ci/run installs it); skipped with the reason otherwise.</summary>
sealed class ReleasedKernelFactAttribute : FactAttribute
{
    public ReleasedKernelFactAttribute()
    {
        if (SkipReason.Text is { } reason) Skip = reason;
    }
}
