using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;

namespace GapLab.PackedExtension.Tests;

/// <summary>
/// The released <c>Microsoft.dotnet-interactive</c> tool (1.0.712001) as installed by <c>dotnet tool install</c>: its own
/// assembly (Microsoft.DotNet.Interactive.App) holds the two pieces of kernel set-up that the library packages lack, the tool's
/// <c>#r "nuget:"</c> directive for C# and <c>UseNuGetExtensions</c>, which runs a restored package's
/// <c>interactive-extensions/dotnet/extension.dib</c>. The tests call those two methods of the installed tool itself (its
/// Microsoft.DotNet.Interactive*.dll are byte-identical to the 1.0.0-beta.26120.1 packages the tests reference).
/// </summary>
static class ReleasedTool
{
    /// <summary>Path of the <c>dotnet-interactive</c> executable (.ci/run installs the tool into a temporary tool path and sets it).</summary>
    public const string Variable = "GAPLAB_DOTNET_INTERACTIVE";
    public const string Version = "1.0.712001";

    static readonly Lazy<Assembly?> App = new(LoadApp);

    /// <summary>Why the tool cannot be used here, or null.</summary>
    public static string? Missing =>
        AppFolder() is null
            ? $"the .NET Interactive tool {Version} is not found (dotnet tool install Microsoft.dotnet-interactive --version {Version} --tool-path DIR, then {Variable}=DIR/dotnet-interactive)"
            : null;

    /// <summary>The folder holding Microsoft.DotNet.Interactive.App.dll of the installed tool, or null.</summary>
    static string? AppFolder()
    {
        var shim = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-interactive");
        var store = Path.Combine(Path.GetDirectoryName(shim) ?? ".", ".store", "microsoft.dotnet-interactive", Version);
        if (!Directory.Exists(store)) return null;
        return Directory.EnumerateFiles(store, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).FirstOrDefault();
    }

    static Assembly? LoadApp()
    {
        if (AppFolder() is not { } folder) return null;
        // the tool's other assemblies (Telemetry, System.Reactive's copy, ...) come from its folder when the test process lacks them
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(folder, "Microsoft.DotNet.Interactive.App.dll"));
    }

    /// <summary>The tool's <c>CSharpKernel.UseNugetDirective()</c> (KernelBuilder's set-up of the C# kernel).</summary>
    public static CSharpKernel UseNugetDirective(CSharpKernel kernel) => Call("Microsoft.DotNet.Interactive.App.KernelExtensions", "UseNugetDirective", kernel);

    /// <summary>The tool's <c>CompositeKernel.UseNuGetExtensions()</c>: loads the extensions of restored packages.</summary>
    public static CompositeKernel UseNuGetExtensions(CompositeKernel kernel) => Call("Microsoft.DotNet.Interactive.App.KernelExtensionLoader", "UseNuGetExtensions", kernel);

    /// <summary>Calls the tool's public static extension method <paramref name="name"/> on <paramref name="kernel"/>, every other parameter at its default (the tool passes a telemetry sender; the tests none).</summary>
    static T Call<T>(string type, string name, T kernel) where T : Kernel
    {
        var app = App.Value ?? throw new InvalidOperationException(Missing);
        var method = app.GetType(type, throwOnError: true)!.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.GetParameters() is [var first, ..] && first.ParameterType == typeof(T));
        return (T)method.Invoke(null, [kernel, .. method.GetParameters().Skip(1).Select(p => p.HasDefaultValue ? p.DefaultValue : null)])!;
    }
}
