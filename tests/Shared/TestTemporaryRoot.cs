using System.Runtime.CompilerServices;

namespace GapLab.Tests.Shared;

/// <summary>
/// Every temporary file or folder a test process (and the CLI, kernel and nbconvert processes it starts) creates lands in
/// one folder of its own, <c>$TMPDIR/gaplab-tests-PID/</c>, removed when the test process exits: TMPDIR is set before the
/// first test runs (.NET's <see cref="Path.GetTempPath"/> reads it on each call, and child processes inherit it), so no
/// test leaves folders behind in /tmp, whichever way it creates them. <c>GAPLAB_KEEP_TEST_TEMP=1</c> keeps the folder.
/// </summary>
static class TestTemporaryRoot
{
    public static string Path { get; private set; } = "";

    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Path.Length > 0) return;
        var parent = System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(parent, $"gaplab-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(Path);
        Environment.SetEnvironmentVariable("TMPDIR", Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Environment.GetEnvironmentVariable("GAPLAB_KEEP_TEST_TEMP") == "1") return;
            try { Directory.Delete(Path, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a child process still holds a file: best effort */ }
        };
    }
}
