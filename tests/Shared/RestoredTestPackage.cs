namespace GapLab.Tests.Shared;

/// <summary>
/// A package version a test restored into the global packages folder (NUGET_PACKAGES, or ~/.nuget/packages) through a kernel's
/// <c>#r "nuget:..."</c>: the fresh test versions are removed afterwards so they do not pile up there.
/// </summary>
static class RestoredTestPackage
{
    /// <summary>Deletes <paramref name="id"/>/<paramref name="version"/> from the global packages folder (best effort: a kernel may still hold a file).</summary>
    public static void Remove(string id, string version)
    {
        var folder = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), id.ToLowerInvariant(), version.ToLowerInvariant());
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
