namespace GapLab.Interactive;

/// <summary>
/// extension.dib, the script the .NET Interactive kernel runs after <c>#r "nuget:GapLab.Interactive"</c> (it registers
/// <c>#!gaplab</c> and the formatters). Embedded so a host that references GapLab directly, such as <c>gaplab notebook run</c>'s
/// in-process kernel, loads the extension through exactly the same script.
/// </summary>
public static class ExtensionScript
{
    /// <summary>The text of extension.dib.</summary>
    public static string Text()
    {
        using var stream = typeof(ExtensionScript).Assembly.GetManifestResourceStream("GapLab.Interactive.extension.dib")
            ?? throw new InvalidOperationException("GapLab.Interactive was built without its embedded extension.dib.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
