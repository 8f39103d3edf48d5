using System.Diagnostics;

namespace GapLab.Interactive.Tests;

/// <summary>
/// Debian's <c>chromium</c> run headless on a local HTML file: the DOM after scripts ran (<c>--dump-dom</c>, with a virtual time
/// budget so plotly draws), a screenshot, and the browser's log (console messages are logged as <c>INFO:CONSOLE</c> lines).
/// </summary>
static class HeadlessChromium
{
    public const string InstallCommand = "apt-get install -y chromium";

    /// <summary>The chromium executable on PATH, or null.</summary>
    public static string? Path { get; } = new[] { "chromium", "chromium-browser" }
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);

    public sealed record Page(string Dom, string Log, byte[] Screenshot);

    public static Page Open(string htmlFile, int width = 1200, int height = 1600)
    {
        var exe = Path ?? throw new InvalidOperationException($"chromium is not installed; {InstallCommand}.");
        var work = Directory.CreateTempSubdirectory("gaplab-chromium-").FullName;
        var url = new Uri(System.IO.Path.GetFullPath(htmlFile)).AbsoluteUri;
        var shot = System.IO.Path.Combine(work, "page.png");
        var (dom, log1) = Run(exe, work, "--dump-dom", url);
        var (_, log2) = Run(exe, work, $"--screenshot={shot}", $"--window-size={width},{height}", url);
        return new Page(dom, log1 + log2, File.ReadAllBytes(shot));
    }

    static (string Out, string Err) Run(string exe, string work, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--log-level=0",
                     "--virtual-time-budget=10000", $"--user-data-dir={System.IO.Path.Combine(work, "profile")}" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException($"chromium {string.Join(' ', args)} ran over 120 s."); }
        Assert.True(p.ExitCode == 0, $"chromium exited with {p.ExitCode}: {stderr.Result}");
        return (stdout, stderr.Result);
    }
}

/// <summary>A fact that runs only where Debian's chromium is installed (otherwise skipped, saying how to get it).</summary>
sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Path is null) Skip = $"chromium is not installed; run `{HeadlessChromium.InstallCommand}` (as root) to check reports in a headless browser.";
    }
}
