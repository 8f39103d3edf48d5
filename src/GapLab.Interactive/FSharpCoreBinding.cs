using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace GapLab.Interactive;

/// <summary>
/// Lets Plotly.NET run in a kernel whose FSharp.Core is older than the one Plotly.NET was compiled against. Plotly.NET 6.0.0,
/// Plotly.NET.CSharp 0.14.0, DynamicObj 8.0.0 (and so GapLab.Interactive) reference FSharp.Core 10.1.0.0, while the released
/// .NET Interactive kernel (Microsoft.dotnet-interactive 1.0.712001) has its own FSharp.Core, assembly version 10.0.0.0, in the
/// default load context, where the package's copy cannot be loaded beside it: every chart then failed with "Could not load file
/// or assembly 'FSharp.Core, Version=10.1.0.0'". Pinning an older FSharp.Core package would not help (the reference is inside
/// Plotly.NET.dll itself). So, when the default context cannot bind a request for FSharp.Core, this hands it the FSharp.Core
/// of the same major version that the process has (or can load by name); every FSharp.Core member those assemblies use is in
/// the kernel's 10.0.0.0 copy (checked by the released-kernel tests). Where the requested version is found, nothing changes:
/// the handler only runs on a failed bind.
/// </summary>
static class FSharpCoreBinding
{
    const string Name = "FSharp.Core";

    [ThreadStatic] static bool _resolving;

    /// <summary>Installed when GapLab.Interactive is first used (the kernel runs extension.dib before any chart is built).</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The binding must be in place before any Plotly.NET code runs, whichever GapLab entry point is used first.")]
    internal static void Install() => AssemblyLoadContext.Default.Resolving += Resolve;

    /// <summary>The FSharp.Core to use for a request the context could not bind: the one it has, if of the requested major version.</summary>
    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        if (requested.Name != Name || _resolving) return null;
        var loaded = context.Assemblies.FirstOrDefault(a => a.GetName().Name == Name);
        if (loaded is null)
        {
            _resolving = true;
            try { loaded = context.LoadFromAssemblyName(new AssemblyName(Name)); }   // the host's copy, any version
            catch (IOException) { return null; }
            finally { _resolving = false; }
        }
        return requested.Version is null || loaded.GetName().Version?.Major == requested.Version.Major ? loaded : null;
    }
}
